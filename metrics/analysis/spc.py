"""XmR (statistical process control) charts as NHSRplotthedots draws them.

Reference: nhs-r-community/NHSRplotthedots, ``R/ptd_spc_standard.R`` (limits),
``R/ptd_calculate_point_type.R`` (rules and their priority), ``R/ptd_calculate_assurance_type.R``
and ``R/ptd_add_short_group_warnings.R`` (trial limits under 12 points).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

# ptd_spc_standard.R: 2.66 = 3 / d2 for moving ranges of two points.
LIMIT = 2.66
NEAR_LIMIT = 2 * LIMIT / 3  # the "two sigma" line of the two-in-three rule (1.7733...)
MR_SCREEN = 3.267  # D4: moving ranges at or above 3.267 x mean moving range are screened out
RUN_LENGTH = 7  # runs and trends are 7 points long (a trend is 6 steps the same way)
MIN_POINTS = 12  # limits from fewer points are trial limits; also fix_after_n_points' minimum

IMPROVEMENT = {"increase": 1, "neutral": 0, "decrease": -1}
RULES = ("outside_limits", "trend", "two_of_three", "run")  # highest priority first
COLUMNS = [
    "value",
    "mean",
    "lpl",
    "upl",
    "special_cause",
    "rule",
    "variation",
    "moving_range",
    "lower_two_sigma",
    "upper_two_sigma",
    "group",
    "trial",
]


def xmr(
    values: Sequence[float] | pd.Series,
    *,
    improvement: str = "increase",
    rebase: Iterable[int] = (),
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
    within: tuple[float | None, float | None] = (None, None),
) -> pd.DataFrame:
    """XmR chart of ``values`` with the NHS England "Making Data Count" rules.

    One row per point (keeping a Series' index). ``mean``/``lpl``/``upl`` are the centre line
    and natural process limits (mean -/+ 2.66 x mean moving range) of the point's group;
    ``lower_two_sigma``/``upper_two_sigma`` are mean -/+ 1.7733 x mean moving range.
    ``rebase`` lists 0-based positions where a new group starts (limits, moving ranges and
    rules never span groups); ``fix_after_n_points`` (an integer >= 12, as NHSRplotthedots
    requires) computes each group's limits from its first n points only. With
    ``screen_outliers`` the mean moving range is recomputed without the moving ranges that are
    >= 3.267 x the mean moving range. ``moving_range`` is the unscreened |x_i - x_(i-1)|.

    ``rule`` names the highest-priority rule that marked the point, in NHSRplotthedots'
    order: ``outside_limits`` (beyond a process limit), ``trend`` (part of 7 points each
    strictly higher, or each strictly lower, than the one before), ``two_of_three`` (2 of 3
    consecutive points beyond the same two-sigma line with all 3 on that side of the mean;
    only the points beyond the line are marked), ``run`` (part of 7 or more points on the
    same side of the mean; a point on the mean breaks it); else "". ``variation`` is
    ``improvement`` or ``concern`` by the side (for a trend, its direction) against
    ``improvement``; ``neutral`` for every special cause when improvement is "neutral";
    otherwise ``common_cause``. ``trial`` marks limits computed from fewer than 12 points.
    ``within`` (lowest, highest) is what the measure can take, such as (0, 100) for a
    percentage: a limit or two-sigma line beyond it is drawn at it, since no point can cross
    it (so no signal changes). NaN or infinite values raise ``ValueError``.
    """
    direction = _direction(improvement)
    y, index = _as_array(values, "values")
    if fix_after_n_points is not None and (
        isinstance(fix_after_n_points, bool) or operator.index(fix_after_n_points) < MIN_POINTS
    ):
        raise ValueError(f"fix_after_n_points must be an integer >= {MIN_POINTS}")
    bounds = _group_bounds(rebase, len(y))
    frames = [
        _xmr_group(y[start:stop], group, fix_after_n_points, screen_outliers, direction, within)
        for group, (start, stop) in enumerate(bounds)
    ]
    chart = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    chart.index = index
    return chart


def assurance(chart: pd.DataFrame, *, target: float | None, improvement: str) -> str | None:
    """Whether the process will consistently ``"pass"``, consistently ``"fail"`` or hit and
    miss (``"inconsistent"``) ``target``, judged on the last group's limits of an :func:`xmr`
    chart: a target beyond a limit is consistently missed or met depending on ``improvement``.

    None when there is no target, improvement is ``"neutral"`` or the chart is empty.
    """
    if chart.empty:
        _direction(improvement)  # an unknown improvement is refused all the same
        return None
    last = chart.iloc[-1]
    return limits_assurance(last["lpl"], last["upl"], target=target, improvement=improvement)


def limits_assurance(lpl: float, upl: float, *, target: float | None, improvement: str):
    """:func:`assurance` from the last group's process limits, for a chart held other than
    as a DataFrame."""
    direction = _direction(improvement)
    if target is None or pd.isna(target) or direction == 0:
        return None
    if target > upl:
        return "fail" if direction > 0 else "pass"
    if target < lpl:
        return "pass" if direction > 0 else "fail"
    return "inconsistent"  # NaN limits land here too, as R's case_when falls through on NA


def _xmr_group(y, group, fix, screen, direction, within=(None, None)) -> pd.DataFrame:
    baseline = y if fix is None else y[:fix]
    centre, mean_mr = _centre_and_mean_mr(baseline, screen)
    lowest = -np.inf if within[0] is None else within[0]
    highest = np.inf if within[1] is None else within[1]
    lpl, upl = (
        float(np.clip(limit, lowest, highest))
        for limit in (centre - LIMIT * mean_mr, centre + LIMIT * mean_mr)
    )
    lower2, upper2 = (
        float(np.clip(line, lowest, highest))
        for line in (centre - NEAR_LIMIT * mean_mr, centre + NEAR_LIMIT * mean_mr)
    )
    outside = (y > upl) | (y < lpl)
    side = np.sign(y - centre)
    close = ~outside & ((y < lower2) | (y > upper2))
    rule, sign = _special_causes(y, side, close, outside)
    return pd.DataFrame(
        {
            "value": y,
            "mean": centre,
            "lpl": lpl,
            "upl": upl,
            "special_cause": rule != "",
            "rule": rule,
            "variation": _variation(sign, direction),
            "moving_range": np.concatenate([[np.nan], np.abs(np.diff(y))]),
            "lower_two_sigma": lower2,
            "upper_two_sigma": upper2,
            "group": group,
            "trial": len(baseline) < MIN_POINTS,
        }
    )


def _centre_and_mean_mr(baseline: np.ndarray, screen: bool) -> tuple[float, float]:
    moving_ranges = np.abs(np.diff(baseline))
    mean_mr = _mean(moving_ranges)
    # R drops every moving range when all are zero (0 < 0 is false), leaving NaN limits;
    # a flat baseline is better described by limits on the mean, so skip screening then.
    if screen and mean_mr > 0:
        mean_mr = _mean(moving_ranges[moving_ranges < MR_SCREEN * mean_mr])
    return _mean(baseline), mean_mr


def _mean(x: np.ndarray) -> float:
    # Two-pass mean like R's mean(): a constant series has exactly its value as mean, so no
    # point sits spuriously above or below the centre line through rounding.
    if not len(x):
        return math.nan
    m = math.fsum(x) / len(x)
    return m + math.fsum(x - m) / len(x)


def _special_causes(y, side, close, outside) -> tuple[np.ndarray, np.ndarray]:
    """Rule name and direction (+1 high, -1 low, 0 none) per point (ptd_special_cause_type)."""
    trend = _part_of_run(_seven_point_trend(y))
    two = _two_in_three(close, side) & close
    run = _part_of_run(_seven_point_one_side(side))
    rule = np.select([outside, trend, two, run], list(RULES), default="")
    sign = np.select(
        [outside, trend, two | run],
        [np.where(side == 1, 1, -1), _trend_direction(y, trend), np.where(side > 0, 1, -1)],
        default=0,
    )
    return rule, sign


def _seven_point_one_side(side: np.ndarray) -> np.ndarray:
    """True at the 7th and later points of a run on one side of the mean."""
    flags = np.zeros(len(side), dtype=bool)
    if len(side) >= RUN_LENGTH:
        window = sliding_window_view(side, RUN_LENGTH)
        flags[RUN_LENGTH - 1 :] = (window == window[:, :1]).all(axis=1) & (window[:, 0] != 0)
    return flags


def _seven_point_trend(y: np.ndarray) -> np.ndarray:
    """+1 / -1 at the last of 7 points each strictly above / below the one before, else 0."""
    flags = np.zeros(len(y), dtype=int)
    if len(y) >= RUN_LENGTH:
        steps = sliding_window_view(np.sign(np.diff(y)), RUN_LENGTH - 1)
        up, down = (steps > 0).all(axis=1), (steps < 0).all(axis=1)
        flags[RUN_LENGTH - 1 :] = np.where(up, 1, np.where(down, -1, 0))
    return flags


def _part_of_run(flags: np.ndarray) -> np.ndarray:
    """Mark all 7 points ending at each flagged point (ptd_part_of_seven_trend)."""
    hit = np.asarray(flags) != 0
    if not len(hit):
        return hit
    padded = np.concatenate([hit, np.zeros(RUN_LENGTH - 1, dtype=bool)])
    return sliding_window_view(padded, RUN_LENGTH).any(axis=1)


def _two_in_three(close: np.ndarray, side: np.ndarray) -> np.ndarray:
    """True for points in a window of 3 with >= 2 close to a limit, all 3 on one side."""
    if not len(close):
        return np.zeros(0, dtype=bool)
    pad = np.zeros(2)
    near = sliding_window_view(np.concatenate([pad, close, pad]), 3).sum(axis=1)
    sides = sliding_window_view(np.concatenate([pad, side, pad]), 3).sum(axis=1)
    windows = (near >= 2) & (np.abs(sides) == 3)
    return sliding_window_view(windows, 3).any(axis=1)


def _trend_direction(y: np.ndarray, trend: np.ndarray) -> np.ndarray:
    """Sign of the step into each point; inside a trend, of the step out (as the R code)."""
    if len(y) < RUN_LENGTH:
        return np.zeros(len(y), dtype=int)
    step = np.sign(np.diff(y))
    left = np.concatenate([[0.0], step])
    right = np.concatenate([step, step[-1:]])
    use_right = trend & np.concatenate([trend[1:], [False]])
    return np.where(np.where(use_right, right, left) == 1, 1, -1)


def _variation(sign: np.ndarray, direction: int) -> np.ndarray:
    if direction == 0:
        return np.where(sign != 0, "neutral", "common_cause")
    oriented = sign * direction
    return np.select([oriented > 0, oriented < 0], ["improvement", "concern"], "common_cause")


def _group_bounds(rebase: Iterable[int], n: int) -> list[tuple[int, int]]:
    starts = sorted({operator.index(p) for p in rebase})
    if any(p < 0 or p >= n for p in starts):
        raise ValueError(f"rebase positions must lie in [0, {n})")
    edges = [0, *[p for p in starts if p > 0], n]
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]


def _direction(improvement: str) -> int:
    if improvement not in IMPROVEMENT:
        raise ValueError(f"improvement must be one of {sorted(IMPROVEMENT)}, not {improvement!r}")
    return IMPROVEMENT[improvement]


def _as_array(values, name: str) -> tuple[np.ndarray, pd.Index]:
    """1-D float array of ``values`` and the index to report it under; NaN is an error."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values; drop or fill them first")
    index = values.index if isinstance(values, pd.Series) else pd.RangeIndex(len(array))
    return array, index
