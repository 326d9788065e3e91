"""emergency_calls (999 calls and answer times) and incident_response (grades and attendance)."""

from statistics import NormalDist

import numpy as np

from .calendar import _month, format_datetimes
from .cells import _blank_where, _bools, _ids
from .context import _Context, _unit
from .geography import force_profile
from .scenarios import scenario_effect
from .seasons import SEASON, _sample_times
from .volumes import _demand

# incident_response: grades and attendance times
# fmt: off
GRADE_SHARES = (0.15, 0.35, 0.25, 0.25)
# grade: (median minutes urban, median minutes rural, log sd, share never attended)
ATTENDANCE = {1: (11.0, 17.0, 0.50, 0.03), 2: (45.0, 65.0, 0.85, 0.05),
              3: (1320.0, 1560.0, 0.80, 0.12)}
# fmt: on


def answered_within_10s_level(slug: str, period: str, scenario_shift: int = 0) -> float:
    """The force's intended share of 999 calls answered within 10 seconds (before noise)."""
    base = 0.58 + 0.24 * _unit(slug, "calls-10s")
    effect = scenario_effect(slug, "emergency_calls", "calls_answered_10s", period, scenario_shift)
    return float(np.clip(base + effect, 0.05, 0.97))


def _gen_emergency_calls(ctx: _Context, rng: np.random.Generator) -> dict:
    mean = (
        _demand("emergency_calls", ctx.slug, ctx.population, ctx.period, ctx.scale)
        * SEASON["calls"][ctx.month_index]
    )
    n = max(1, int(rng.poisson(mean)))
    connected = _sample_times(rng, n, ctx.period)
    p10 = float(
        np.clip(
            answered_within_10s_level(ctx.slug, ctx.period, ctx.scenario_shift)
            + rng.normal(0, 0.006),
            0.03,
            0.98,
        )
    )
    sigma = 1.1
    mu = np.log(10.0) - sigma * NormalDist().inv_cdf(p10)
    wait = np.ceil(rng.lognormal(mu, sigma, n)).astype(np.int64)  # <= 10 s with chance p10
    abandoned = rng.random(n) < (0.015 + 0.15 * (wait > 30))
    year, month = _month(ctx.period)
    return {
        "force": np.full(n, ctx.slug, dtype=object),
        "call_id": _ids(f"C{year:04d}{month:02d}-", np.arange(1, n + 1), 7),
        "connected_at": format_datetimes(connected),
        "answered_at": _blank_where(format_datetimes(connected + wait), abandoned),
        "abandoned": _bools(abandoned),
    }


def _gen_incident_response(ctx: _Context, rng: np.random.Generator) -> dict:
    mean = (
        _demand("incident_response", ctx.slug, ctx.population, ctx.period, ctx.scale)
        * SEASON["calls"][ctx.month_index]
    )
    n = max(1, int(rng.poisson(mean)))
    connected = _sample_times(rng, n, ctx.period)
    grade = rng.choice(np.arange(1, 5), size=n, p=GRADE_SHARES)
    profile = force_profile(ctx.slug, ctx.name)
    rural = rng.random(n) < profile.rural_share
    force_level = 0.9 + 0.2 * _unit(ctx.slug, "attendance")
    slower = 1 + scenario_effect(
        ctx.slug,
        "incident_response",
        "grade1_attendance_median_min",
        ctx.period,
        ctx.scenario_shift,
    )
    minutes = np.full(n, np.nan)
    dispatch_minutes = np.full(n, np.nan)
    for g, (urban_median, rural_median, log_sd, never) in ATTENDANCE.items():
        rows = np.flatnonzero(grade == g)
        median = np.where(rural[rows], rural_median, urban_median) * force_level
        if g in (1, 2):
            median = median * slower
        total = np.maximum(rng.lognormal(np.log(median), log_sd), 1.5)
        if g == 1:
            dispatch = total * rng.uniform(0.08, 0.35, rows.size)
        elif g == 2:
            dispatch = total * rng.uniform(0.10, 0.60, rows.size)
        else:
            travel = rng.lognormal(np.log(20.0), 0.5, rows.size)
            dispatch = np.maximum(total - travel, total * 0.5)
        arrival = np.where(rng.random(rows.size) < never, np.nan, total)
        minutes[rows], dispatch_minutes[rows] = arrival, dispatch
    dispatch_s = np.round(np.nan_to_num(dispatch_minutes) * 60).astype(np.int64)
    arrival_s = np.maximum(np.round(np.nan_to_num(minutes) * 60).astype(np.int64), dispatch_s)
    year, month = _month(ctx.period)
    return {
        "force": np.full(n, ctx.slug, dtype=object),
        "incident_id": _ids(f"INC{year:04d}{month:02d}-", np.arange(1, n + 1), 7),
        "grade": grade.astype(str),
        "area_type": np.where(rural, "rural", "urban"),
        "call_connected_at": format_datetimes(connected),
        "first_dispatch_at": _blank_where(
            format_datetimes(connected + dispatch_s), np.isnan(dispatch_minutes)
        ),
        "first_arrival_at": _blank_where(
            format_datetimes(connected + arrival_s), np.isnan(minutes)
        ),
    }
