"""workforce (officers, staff and duty hours), misconduct_cases and vetting_decisions."""

import numpy as np

from metrics.datasets.declarations import (
    ALLEGATION_CATEGORIES,
    MISCONDUCT_OUTCOMES,
    WORKFORCE_FUNCTIONS,
)

from .calendar import _days_in, _epoch_day, _first_day, add_months, format_dates, months_between
from .cells import _blank_where, _bools
from .context import _Context, _rng, _unit
from .scenarios import scenario_effect
from .seasons import SEASON
from .standards import (
    concluded_before_but_returned,
    misconduct_columns,
    misconduct_draws,
    vetting_columns,
    vetting_draws,
)
from .volumes import (
    DAYS_PER_YEAR,
    MISCONDUCT_PER_1000_OFFICERS,
    VETTING_PER_1000_OFFICERS,
    officers_fte,
)

# fmt: off
FUNCTION_SHARES = {  # officers by function (neighbourhood: NEIGHBOURHOOD_SHARE, by force)
    "neighbourhood": 0.07, "response": 0.41, "investigation": 0.19, "public_protection": 0.11,
    "intelligence": 0.05, "operational_support": 0.08, "organisational_support": 0.06,
    "other": 0.03,
}
PCSO_SHARES = {"neighbourhood": 0.88, "response": 0.02, "intelligence": 0.02,
               "operational_support": 0.03, "organisational_support": 0.03, "other": 0.02}
SPECIAL_SHARES = {"neighbourhood": 0.35, "response": 0.45, "operational_support": 0.15,
                  "other": 0.05}
PCSOS_PER_OFFICER = 0.046
SPECIALS_FTE_PER_OFFICER = 0.02
HOURS_PER_FTE_MONTH = 140.0  # duty hours per officer FTE in an average month
FRONTLINE_SHARE = {"neighbourhood": 0.78, "response": 0.80, "investigation": 0.74,
                   "public_protection": 0.72, "intelligence": 0.66, "operational_support": 0.70,
                   "organisational_support": 0.35, "other": 0.50}
COURT_SHARE = {"investigation": 0.03, "response": 0.02, "public_protection": 0.025}
TRAINING_SHARE, SICKNESS_SHARE = 0.055, 0.045

# The Neighbourhood Policing Guarantee (April 2025): 17,175 FTE officers, PCSOs and specials in
# neighbourhood roles on 31 March 2025, 3,000 more by 31 March 2026 and 13,000 more by 31 March
# 2029. Officers' neighbourhood share at the baseline, by force (PCSOs and specials in
# neighbourhood roles come on top, ~7,000 FTE), puts the national total near the baseline.
NEIGHBOURHOOD_SHARE = (0.05, 0.027)  # 5% + up to 2.7%
UPLIFT_BASELINE = "2025-03"
UPLIFT_FIRST_YEAR, UPLIFT_LATER_YEARS = 3_000 / 17_175, 10_000 / 17_175 / 3  # of the baseline

ALLEGATION_WEIGHTS = dict(zip(ALLEGATION_CATEGORIES,
                              (12, 15, 6, 8, 5, 12, 6, 3, 30, 3), strict=True))
VAWG_SHARE = {"Discreditable conduct": 0.30, "Authority, respect and courtesy": 0.12,
              "Honesty and integrity": 0.08, "Use of force": 0.08}
VAWG_DEFAULT = 0.04
MISCONDUCT_OUTCOME_WEIGHTS = {  # by severity, over MISCONDUCT_OUTCOMES
    "misconduct": (35, 22, 17, 9, 3, 0, 0, 14),
    "gross_misconduct": (25, 8, 8, 8, 12, 2, 22, 15),
}
MISCONDUCT_MEDIAN_DAYS, MISCONDUCT_LOG_SD = 125.0, 0.9
HISTORY_MONTHS = {"misconduct_cases": 48, "vetting_decisions": 18}

APPLICANT_TYPES = (("officer", 0.30), ("staff", 0.30), ("special", 0.05), ("pcso", 0.05),
                   ("contractor", 0.25), ("volunteer", 0.05))
CLEARANCE = (  # level, share, median days to decision
    ("RV", 0.25, 14.0), ("MV", 0.10, 21.0), ("NPPV1", 0.10, 10.0), ("NPPV2", 0.20, 18.0),
    ("NPPV3", 0.15, 28.0), ("CTC", 0.10, 28.0), ("SC", 0.08, 45.0), ("DV", 0.02, 90.0),
)
VETTING_OUTCOMES = (("granted", 0.895), ("refused", 0.04), ("withdrawn", 0.06),
                    ("revoked_in_aftercare", 0.005))
# fmt: on


def _split(total: float, shares: dict, rng: np.random.Generator, noise: float) -> np.ndarray:
    weights = np.array([shares.get(f, 0.0) for f in WORKFORCE_FUNCTIONS])
    weights = weights * np.exp(rng.normal(0, noise, weights.size))
    return total * weights / weights.sum()


def _gen_workforce(ctx: _Context, rng: np.random.Generator) -> dict:
    officers = officers_fte(ctx.slug, ctx.population, ctx.period)
    officers *= 1 + rng.normal(0, 0.003)
    uplift = neighbourhood_uplift(ctx.slug, ctx.period, ctx.scenario_shift)
    base, spread = NEIGHBOURHOOD_SHARE
    neighbourhood = (base + spread * _unit(ctx.slug, "neighbourhood")) * uplift
    # Officers moved into neighbourhood roles come from the other functions, in proportion.
    rest = (1 - neighbourhood) / (1 - FUNCTION_SHARES["neighbourhood"])
    shares = {f: share * rest for f, share in FUNCTION_SHARES.items()}
    shares["neighbourhood"] = neighbourhood
    officer_fte = _split(officers, shares, rng, 0.01)
    pcsos = _split(
        officers * PCSOS_PER_OFFICER * (0.6 + 0.8 * _unit(ctx.slug, "pcso")), PCSO_SHARES, rng, 0.02
    )
    specials = _split(
        officers * SPECIALS_FTE_PER_OFFICER * (0.5 + _unit(ctx.slug, "specials")),
        SPECIAL_SHARES,
        rng,
        0.03,
    )
    at = WORKFORCE_FUNCTIONS.index("neighbourhood")
    pcsos[at], specials[at] = pcsos[at] * uplift, specials[at] * uplift
    days = _days_in(ctx.period)
    hours = officer_fte * HOURS_PER_FTE_MONTH * days / (DAYS_PER_YEAR / 12)
    hours *= np.exp(rng.normal(0, 0.01, hours.size))
    drop = -scenario_effect(
        ctx.slug, "workforce", "frontline_time_share", ctx.period, ctx.scenario_shift
    )
    frontline = np.array([FRONTLINE_SHARE[f] for f in WORKFORCE_FUNCTIONS])
    frontline = frontline - drop + rng.normal(0, 0.005, frontline.size)
    training = TRAINING_SHARE + rng.normal(0, 0.003, frontline.size)
    sickness = (
        SICKNESS_SHARE * SEASON["sickness"][ctx.month_index]
        + drop / 2
        + rng.normal(0, 0.003, frontline.size)
    )
    court = np.array([COURT_SHARE.get(f, 0.01) for f in WORKFORCE_FUNCTIONS])
    training, sickness = np.clip(training, 0.01, None), np.clip(sickness, 0.005, None)
    admin = np.clip(1 - frontline - training - sickness - court, 0.01, None)
    total = frontline + training + sickness + court + admin

    def fmt(values: np.ndarray) -> np.ndarray:
        return np.array([f"{v:.2f}" for v in np.maximum(values, 0)], dtype=object)

    return {
        "force": np.full(len(WORKFORCE_FUNCTIONS), ctx.slug, dtype=object),
        "month": np.full(len(WORKFORCE_FUNCTIONS), ctx.period, dtype=object),
        "function": np.array(WORKFORCE_FUNCTIONS, dtype=object),
        "officers_fte": fmt(officer_fte),
        "pcsos_fte": fmt(pcsos),
        "specials_fte": fmt(specials),
        "hours_frontline": fmt(hours * frontline / total),
        "hours_training": fmt(hours * training / total),
        "hours_sickness": fmt(hours * sickness / total),
        "hours_court": fmt(hours * court / total),
        "hours_admin": fmt(hours * admin / total),
    }


def neighbourhood_uplift(slug: str, period: str, scenario_shift: int = 0) -> float:
    """The force's neighbourhood workforce in a month as a multiple of its 31 March 2025
    baseline: growing from April 2025 at the guarantee's national pace (3,000 of 17,175 in the
    first year, then 10,000 over three), each force between 0.4 and 1.6 times that pace. A
    scenario stalls it: its effect is months of growth taken back, one a month."""
    stalled = scenario_effect(
        slug, "workforce", "neighbourhood_workforce_per_10k", period, scenario_shift
    )
    months = max(months_between(UPLIFT_BASELINE, period) + stalled, 0)
    pace = 0.4 + 1.2 * _unit(slug, "uplift")
    years = months / 12
    growth = UPLIFT_FIRST_YEAR * min(years, 1) + UPLIFT_LATER_YEARS * max(years - 1, 0)
    return 1 + pace * growth


_PER_1000_OFFICERS = {
    "misconduct_cases": MISCONDUCT_PER_1000_OFFICERS,
    "vetting_decisions": VETTING_PER_1000_OFFICERS,
}


def new_a_month(code: str, slug: str, population: int | None, period: str) -> float:
    """Expected new misconduct cases or vetting applications a month (before scenarios): a
    rate per 1,000 officers, each force at its own stable level (x0.75 to x1.25)."""
    return (
        _PER_1000_OFFICERS[code]
        / 1000
        * officers_fte(slug, population, period)
        * (0.75 + 0.5 * _unit(slug, code))
    )


def _history(ctx: _Context, code: str, metric: str | None, make) -> list[dict]:
    """Cases or applications received in each month of the history window, each month drawn
    from its own generator so that a case is the same in every return it appears in."""
    out = []
    for back in range(HISTORY_MONTHS[code], -1, -1):
        received_month = add_months(ctx.period, -back)
        rng = _rng(ctx.seed, ctx.slug, code, "received", received_month)
        rate = new_a_month(code, ctx.slug, ctx.population, received_month) * ctx.scale
        if metric:
            rate *= 1 + scenario_effect(ctx.slug, code, metric, received_month, ctx.scenario_shift)
        n = max(1, int(rng.poisson(rate)))
        out.append(make(rng, n, received_month))
    return out


def _concat(parts: list[dict]) -> dict:
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _backlog_effect(ctx: _Context, concluding: np.ndarray) -> np.ndarray:
    """For a force whose backlog grows: how much longer a case takes, by the month it would
    otherwise conclude in, so that every case still open when the department slows takes
    longer, and more so the later it would have ended."""
    months = np.datetime_as_string(concluding.astype("datetime64[D]"), unit="M")
    effect = {
        m: scenario_effect(
            ctx.slug, "misconduct_cases", "misconduct_open_cases", str(m), ctx.scenario_shift
        )
        for m in np.unique(months)
    }
    return np.array([effect[m] for m in months], dtype=float)


def _gen_misconduct_cases(ctx: _Context, rng: np.random.Generator) -> dict:
    categories = list(ALLEGATION_WEIGHTS)
    cat_p = np.array(list(ALLEGATION_WEIGHTS.values()), dtype=float)
    cat_p /= cat_p.sum()
    vawg_p = np.array([VAWG_SHARE.get(c, VAWG_DEFAULT) for c in categories])
    roles, role_p = ("officer", "staff", "special", "pcso"), (0.75, 0.18, 0.04, 0.03)

    def make(r: np.random.Generator, n: int, received_month: str) -> dict:
        first = _epoch_day(_first_day(received_month))
        received = first + r.integers(0, _days_in(received_month), n)
        category = r.choice(len(categories), size=n, p=cat_p)
        gross = r.random(n) < 0.30
        outcome = np.empty(n, dtype=np.int64)
        for severity, flag in (("misconduct", False), ("gross_misconduct", True)):
            w = np.array(MISCONDUCT_OUTCOME_WEIGHTS[severity], dtype=float)
            rows = np.flatnonzero(gross == flag)
            outcome[rows] = r.choice(w.size, size=rows.size, p=w / w.sum())
        duration = np.ceil(r.lognormal(np.log(MISCONDUCT_MEDIAN_DAYS), MISCONDUCT_LOG_SD, n))
        duration = duration * (1 + _backlog_effect(ctx, received + duration.astype(np.int64)))
        role = r.choice(len(roles), size=n, p=role_p)
        suspended = r.random(n) < np.where(gross, 0.35, 0.05)
        return {
            "received": received,
            "number": np.arange(1, n + 1),
            "received_month": np.full(n, received_month.replace("-", ""), dtype=object),
            "category": category,
            "vawg": r.random(n) < vawg_p[category],
            "gross": gross,
            "role": role,
            "outcome": outcome,
            "concluded": received + duration.astype(np.int64),
            "suspended": suspended,
            **misconduct_draws(r, n, gross=gross, outcome=outcome, role=role),
        }

    cases = _concat(_history(ctx, "misconduct_cases", "misconduct_cases_per_1000", make))
    start = _epoch_day(_first_day(ctx.period))
    end = start + _days_in(ctx.period) - 1
    keep = (cases["received"] <= end) & (
        (cases["concluded"] >= start) | concluded_before_but_returned(cases, start=start, end=end)
    )
    cases = {k: v[keep] for k, v in cases.items()}
    n = cases["received"].size  # at least the month's own cases
    open_now = cases["concluded"] > end
    refs = np.strings.add(
        np.strings.add("MC-", cases["received_month"].astype(str)),
        np.strings.add("-", np.strings.zfill(cases["number"].astype(str), 4)),
    )
    order = np.lexsort((cases["number"], cases["received"]))
    outcome = np.array(MISCONDUCT_OUTCOMES, dtype=object)[cases["outcome"]]
    columns = {
        "force": np.full(n, ctx.slug, dtype=object),
        "case_ref": refs,
        "received_date": format_dates(cases["received"]),
        "allegation_category": np.array(categories, dtype=object)[cases["category"]],
        "vawg_related": _bools(cases["vawg"]),
        "severity": np.where(cases["gross"], "gross_misconduct", "misconduct"),
        "subject_role": np.array(roles, dtype=object)[cases["role"]],
        "outcome": _blank_where(outcome, open_now),
        "concluded_date": _blank_where(format_dates(cases["concluded"]), open_now),
        "suspended_or_restricted": _bools(cases["suspended"]),
        **misconduct_columns(cases, end=end, open_now=open_now),
    }
    return {k: np.asarray(v)[order] for k, v in columns.items()}


def _gen_vetting_decisions(ctx: _Context, rng: np.random.Generator) -> dict:
    types, type_p = zip(*APPLICANT_TYPES, strict=True)
    levels, level_p, level_days = zip(*CLEARANCE, strict=True)
    outcomes, outcome_p = zip(*VETTING_OUTCOMES, strict=True)
    speed = 0.8 + 0.4 * _unit(ctx.slug, "vetting-speed")

    def make(r: np.random.Generator, n: int, received_month: str) -> dict:
        first = _epoch_day(_first_day(received_month))
        received = first + r.integers(0, _days_in(received_month), n)
        level = r.choice(len(levels), size=n, p=level_p)
        slower = 1 + scenario_effect(
            ctx.slug, "vetting_decisions", "vetting_backlog", received_month, ctx.scenario_shift
        )
        median = np.array(level_days)[level] * speed * slower
        delay = np.ceil(r.lognormal(np.log(median), 0.7)).astype(np.int64)
        applicant = r.choice(len(types), size=n, p=type_p)
        outcome = r.choice(len(outcomes), size=n, p=outcome_p)
        # Aftercare revocations only for people already in post.
        in_post = np.isin(
            applicant, [types.index(t) for t in ("officer", "staff", "pcso", "special")]
        )
        outcome = np.where((outcome == 3) & ~in_post, 0, outcome)
        return {
            "received": received,
            "number": np.arange(1, n + 1),
            "received_month": np.full(n, received_month.replace("-", ""), dtype=object),
            "applicant": applicant,
            "level": level,
            "decided": received + delay,
            "outcome": outcome,
            **vetting_draws(r, n),
        }

    apps = _concat(_history(ctx, "vetting_decisions", None, make))
    start = _epoch_day(_first_day(ctx.period))
    end = start + _days_in(ctx.period) - 1
    keep = (apps["received"] <= end) & (apps["decided"] >= start)
    apps = {k: v[keep] for k, v in apps.items()}
    n = apps["received"].size
    pending = apps["decided"] > end
    refs = np.strings.add(
        np.strings.add("VET-", apps["received_month"].astype(str)),
        np.strings.add("-", np.strings.zfill(apps["number"].astype(str), 5)),
    )
    outcome = np.array(outcomes, dtype=object)[apps["outcome"]]
    outcome[pending] = "pending"
    order = np.lexsort((apps["number"], apps["received"]))
    columns = {
        "force": np.full(n, ctx.slug, dtype=object),
        "vetting_ref": refs,
        "applicant_type": np.array(types, dtype=object)[apps["applicant"]],
        "clearance_level": np.array(levels, dtype=object)[apps["level"]],
        "received_date": format_dates(apps["received"]),
        "decided_date": _blank_where(format_dates(apps["decided"]), pending),
        "outcome": outcome,
        **vetting_columns(apps, outcome),
    }
    return {k: np.asarray(v)[order] for k, v in columns.items()}
