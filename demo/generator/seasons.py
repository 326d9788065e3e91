"""Seasonality and daily cycles (multipliers by calendar month, normalised to mean 1), and
call-connect times sampled on those cycles."""

from collections.abc import Sequence

import numpy as np

from .calendar import _days_in, _epoch_day, _first_day, _wall_to_utc


def _normalised(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array / array.mean()


# fmt: off
SEASON = {
    "flat": _normalised([1.0] * 12),
    "crime": _normalised([0.96, 0.95, 0.98, 0.98, 1.02, 1.03, 1.04, 1.02, 1.01, 1.02, 1.00, 0.99]),
    "violence": _normalised([0.90, 0.91, 0.96, 0.99, 1.06, 1.08, 1.10, 1.06, 1.01, 1.00, 0.96,
                             0.97]),
    "asb": _normalised([0.78, 0.80, 0.92, 1.03, 1.16, 1.22, 1.28, 1.20, 1.00, 0.98, 0.85, 0.82]),
    "calls": _normalised([0.95, 0.93, 0.95, 0.97, 1.03, 1.08, 1.10, 1.06, 1.00, 0.98, 0.96,
                          1.06]),
    "sickness": _normalised([1.25, 1.20, 1.05, 0.95, 0.88, 0.85, 0.85, 0.85, 0.92, 1.00, 1.05,
                             1.15]),
}
HOURLY = _normalised([0.70, 0.60, 0.50, 0.40, 0.35, 0.35, 0.45, 0.60, 0.80, 0.95, 1.00, 1.05,
                      1.10, 1.10, 1.15, 1.25, 1.35, 1.40, 1.40, 1.35, 1.30, 1.25, 1.10, 0.90])
HOURLY /= HOURLY.sum()
WEEKDAY = (0.97, 0.96, 0.97, 0.99, 1.05, 1.07, 1.00)  # Monday .. Sunday
# fmt: on


def _sample_times(rng: np.random.Generator, n: int, period: str) -> np.ndarray:
    """n call-connect instants (UTC seconds, sorted) in the month, on the daily and weekly
    cycle, read in Europe/London local time."""
    first, days = _first_day(period), _days_in(period)
    weights = np.array([WEEKDAY[(first.weekday() + d) % 7] for d in range(days)])
    day = rng.choice(days, size=n, p=weights / weights.sum())
    hour = rng.choice(24, size=n, p=HOURLY)
    wall = (_epoch_day(first) + day) * 86400 + hour * 3600 + rng.integers(0, 3600, size=n)
    return np.sort(_wall_to_utc(wall.astype(np.int64), first.year))
