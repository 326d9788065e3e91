"""Which flags the data raises: SPC signals of concern, funnel outliers, standards missed.

Reads observations into pandas and asks metrics.analysis; returns candidate flags without
writing anything (oversight.flags.nightly stores them).
"""

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kit.periods import Month
from metrics import analysis
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.targets import target_of, targets_set
from metrics.datasets import DATASETS
from oversight.assessments.verdicts import MIN_POINTS_FOR_SPC, funnel_of
from oversight.flags.models import Flag

FUNNEL_RULES = {"high": Flag.Rule.FUNNEL_HIGH, "low": Flag.Rule.FUNNEL_LOW}


@dataclass
class Candidate:
    force_id: int
    metric: str
    dataset: str
    period: date
    rule: str
    summary: str
    detail: dict = field(default_factory=dict)


def spc_candidates(frame: pd.DataFrame, changes: dict[tuple, list[date]]) -> list[Candidate]:
    """frame: force_id, metric, period, value (force level, monthly). A flag where the latest
    month is a special cause of concern, limits recalculated from declared recording
    changes."""
    found = []
    for (force_id, code), series in frame.sort_values("period").groupby(["force_id", "metric"]):
        series = series.dropna(subset=["value"])
        metric = METRICS_BY_CODE[code]
        if len(series) < MIN_POINTS_FOR_SPC or metric.improvement == "neutral":
            continue
        if too_rare_for_xmr(metric, series):
            continue
        periods = list(series["period"])
        chart, rebase = _rebased_chart(metric, series, changes.get((force_id, metric.dataset)))
        last = chart.iloc[-1]
        # Limits from fewer than 12 points of the latest group are trial limits: no flag.
        if last["trial"]:
            continue
        if last["special_cause"] and last["variation"] == "concern":
            found.append(
                Candidate(
                    int(force_id),
                    code,
                    metric.dataset,
                    periods[-1],
                    Flag.Rule(last["rule"]),
                    f"{metric.name}: special cause of concern ({last['rule'].replace('_', ' ')})",
                    {
                        **_counts(series.iloc[-1]),
                        "value": float(last["value"]),
                        "mean": float(last["mean"]),
                        "lpl": float(last["lpl"]),
                        "upl": float(last["upl"]),
                        "points": len(series),
                        "points_in_group": int(len(periods) - max([0, *rebase])),
                        "recalculated_from": [str(periods[i]) for i in rebase],
                        "missing_months": missing_months(periods, DATASETS[metric.dataset]),
                    },
                )
            )
    return found


# Below this many events in a typical month, an XmR chart of a rate or share signals on the
# noise of counting a handful (NHS England's Making Data Count points rare events to other
# charts): no SPC flag, the funnel plot's exact limits still judge the force.
RARE_EVENTS = 5


def too_rare_for_xmr(metric, series: pd.DataFrame) -> bool:
    """Whether the force's typical month rests on too few events for an SPC flag: the count of
    a rate, the rarer side of a share (those in it or those not), the rarer group of a rate
    ratio, the cases of a mean or percentile. Sums and stocks are never too rare."""
    kind = metric.computation.events
    numerator, denominator = series["numerator"], series["denominator"]
    if kind == "numerator":
        events = numerator
    elif kind == "rarer_side":
        events = pd.concat([numerator, denominator - numerator], axis=1).min(axis=1)
    elif kind == "rarer_part":
        events = pd.concat([numerator, denominator], axis=1).min(axis=1)
    elif kind == "denominator":
        events = denominator
    else:
        return False
    events = events.dropna()
    return not events.empty and float(events.median()) < RARE_EVENTS


def _rebased_chart(metric, series: pd.DataFrame, change_points) -> tuple[pd.DataFrame, list]:
    """The series' XmR chart, a new group from each accepted change point; and where they
    start (positions in the series)."""
    points = set(change_points or ())
    rebase = [i for i, p in enumerate(series["period"]) if i and p in points]
    chart = analysis.xmr(
        list(series["value"]), improvement=metric.improvement, rebase=rebase, within=metric.within
    )
    return chart, rebase


def missing_months(periods: list[date], dataset=None) -> list[str]:
    """The months between the first and the last that have no figure: gaps in the chart,
    across which the moving range was taken. A quarterly dataset's chart runs quarter on
    quarter: only a quarter's first month without a figure is a gap."""
    present = {Month.of(p) for p in periods}
    span = Month.between(Month.of(min(periods)), Month.of(max(periods))) if periods else []
    expected = [m for m in span if dataset is None or dataset.is_period(m.first_day)]
    return [m.label() for m in expected if m not in present]


ASSURANCE_WORDS = {
    "fail": "consistently fails",
    "inconsistent": "hits and misses",
    "pass": "consistently passes",
}


def target_candidates(
    frame: pd.DataFrame, changes: dict[tuple, list[date]] | None = None, targets=None
) -> list[Candidate]:
    """A flag where a force's process will consistently fail the metric's standard (Making
    Data Count assurance, on the limits of its latest group, rebased at accepted recording
    changes), or hits and misses it and its latest month is a special cause of concern. Not
    on trial limits: fewer than 12 points cannot say what the process will do."""
    found = []
    changes = changes or {}
    targets = targets_set() if targets is None else targets
    for (force_id, code), series in frame.sort_values("period").groupby(["force_id", "metric"]):
        metric = METRICS_BY_CODE[code]
        series = series.dropna(subset=["value"])
        standard = target_of(metric, targets)
        if standard is None or len(series) < MIN_POINTS_FOR_SPC:
            continue
        periods, target = list(series["period"]), standard.value
        chart, rebase = _rebased_chart(metric, series, changes.get((force_id, metric.dataset)))
        last = chart.iloc[-1]
        if last["trial"]:
            continue
        assurance = analysis.assurance(chart, target=target, improvement=metric.improvement)
        concern = bool(last["special_cause"]) and last["variation"] == "concern"
        if not (assurance == "fail" or (assurance == "inconsistent" and concern)):
            continue
        words = ASSURANCE_WORDS[assurance]
        found.append(
            Candidate(
                int(force_id),
                code,
                metric.dataset,
                periods[-1],
                Flag.Rule.TARGET_MISSED,
                f"{metric.name}: the process {words} the target of {target:g}",
                {
                    **_counts(series.iloc[-1]),
                    "value": float(last["value"]),
                    "target": target,
                    "target_description": standard.description,
                    "assurance": assurance,
                    "mean": float(last["mean"]),
                    "lpl": float(last["lpl"]),
                    "upl": float(last["upl"]),
                    "points_in_group": int(len(periods) - max([0, *rebase])),
                    "latest_special_cause": concern,
                },
            )
        )
    return found


def funnel_candidates(frame: pd.DataFrame, period: date) -> list[Candidate]:
    """Forces beyond the 99.8% funnel limit in the month, in the direction of concern, with
    the overdispersion adjustment so that a large force is not flagged for noise."""
    found = []
    month = frame[frame["period"] == period]
    for code, rows in month.groupby("metric"):
        metric = METRICS_BY_CODE[code]
        funnel = funnel_of(
            metric, zip(rows["force_id"], rows["numerator"], rows["denominator"], strict=True)
        )
        if funnel is None:
            continue
        for force_id, point in funnel.points.iterrows():
            side = _outlier_side(point)
            if side and _is_concern(side, metric.improvement):
                found.append(
                    Candidate(
                        int(force_id),
                        code,
                        metric.dataset,
                        period,
                        FUNNEL_RULES[side],
                        f"{metric.name}: {side}er than the 99.8% funnel limit",
                        {
                            "numerator": float(point["numerator"]),
                            "denominator": float(point["denominator"]),
                            "z": float(point["z"]),
                            **_exact_detail(point),
                            "limit": float(point[f"{'ul' if side == 'high' else 'll'}998"]),
                            "tau2": float(funnel.tau2),
                        },
                    )
                )
    return found


# The months back from the latest that a late notification is flagged for, as the return
# flags look at the last three months: the first run does not raise years of history at once.
BARRED_LIST_MONTHS = 3
BARRED_LIST_METRIC = "barred_list_on_time"


def barred_list_candidates(frame: pd.DataFrame) -> list[Candidate]:
    """A flag on the force for each recent month in which a dismissal's days for notifying the
    College of Policing barred list ran out without a notification: a duty, so one late is
    one too many, whatever the process."""
    rows = frame[(frame["metric"] == BARRED_LIST_METRIC) & frame["denominator"].notna()]
    if rows.empty:
        return []
    metric = METRICS_BY_CODE[BARRED_LIST_METRIC]
    since = (Month.of(max(rows["period"])) - (BARRED_LIST_MONTHS - 1)).first_day
    found = []
    for row in rows[rows["period"] >= since].itertuples(index=False):
        late = int(round(row.denominator - (row.numerator or 0)))
        if late <= 0:
            continue
        found.append(
            Candidate(
                int(row.force_id),
                metric.code,
                metric.dataset,
                row.period,
                Flag.Rule.BARRED_LIST_LATE,
                "Dismissals not notified to the College of Policing barred list in time",
                {
                    "numerator": float(row.numerator or 0),
                    "denominator": float(row.denominator),
                    "late": late,
                    "value": None if pd.isna(row.value) else float(row.value),
                },
            )
        )
    return found


def _counts(row) -> dict:
    """The month's numerator and denominator, so that disclosure can judge the flag alone."""
    return {
        name: (None if pd.isna(row[name]) else float(row[name]))
        for name in ("numerator", "denominator")
    }


def _exact_detail(point) -> dict:
    """For counts: the expected count and the exact two-sided p-value behind the flag."""
    if "p_value" not in point:
        return {}
    return {"expected": float(point["expected"]), "p_value": float(point["p_value"])}


def _outlier_side(point) -> str | None:
    return point["flag"] or None  # "high" or "low" beyond 99.8%


def _is_concern(side: str, improvement: str) -> bool:
    if improvement == "neutral":
        return True
    return (side == "high") == (improvement == "decrease")
