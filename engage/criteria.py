"""Exit criteria judged from the observations: met or not met, with the months as evidence.

A criterion looks at the N months ending with the latest month the metric has figures for
(any force). A month the force has no figure for is missing, and a missing month, a series
too short for SPC, or limits still trial never count as met.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max

from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.targets import target_of
from metrics.observations.disclosure import small_count_hidden
from metrics.observations.models import Observation
from metrics.returns.recording_changes import change_marks
from oversight.assessments.verdicts import MIN_POINTS_FOR_SPC, Variation, series_verdict


class MonthVerdict:
    OK = "ok"
    MISSING = "missing"
    CONCERN = "concern"
    TRIAL = "trial"
    MISSES_TARGET = "misses_standard"  # the value as stored in evidence


@dataclass
class EvidenceMonth:
    period: date
    verdict: str
    value: float | None = None
    suppressed: bool = False


@dataclass
class Evaluation:
    met: bool
    summary: str
    months: list[EvidenceMonth] = field(default_factory=list)

    @property
    def periods(self) -> list[date]:
        return [m.period for m in self.months]


def criterion_evaluate(criterion, *, user=None) -> Evaluation:
    """Whether the criterion is met on the force's observations now. With `user`, figures
    they may not see are left out of the evidence (the verdict is the same for everyone)."""
    metric = METRICS_BY_CODE[criterion.metric]
    force = criterion.cause.case.force
    rows = list(
        Observation.objects.filter(level=Observation.Level.FORCE, force=force, metric=metric.code)
        .exclude(value=None)
        .order_by("period")
    )
    window = _window(metric.code, criterion.months)
    if not window:
        return Evaluation(False, f"No figures of {metric.name} yet.")
    if criterion.kind == criterion.Kind.MEETS_TARGET:
        months = _target_months(criterion, metric, rows, window)
    else:
        months = _spc_months(metric, force, rows, window)
    if user is not None:
        _hide_small_counts(user, metric, rows, months)
    return _judged(criterion, metric, months)


def _window(code: str, count: int) -> list[date]:
    latest = Observation.objects.filter(level=Observation.Level.FORCE, metric=code).aggregate(
        latest=Max("period")
    )["latest"]
    if latest is None:
        return []
    last = Month.of(latest)
    return [(last - back).first_day for back in range(count - 1, -1, -1)]


def _spc_months(metric, force, rows, window) -> list[EvidenceMonth]:
    marks = change_marks(force, metric.dataset)
    accepted = [m.effective_from for m in marks if m.status == m.Status.ACCEPTED]
    periods, values = [o.period for o in rows], [o.value for o in rows]
    trend = series_verdict(metric, periods, values, accepted)
    by_period = {}
    if trend.chart is not None and len(rows) >= MIN_POINTS_FOR_SPC:
        for period, point in zip(periods, trend.chart.itertuples(), strict=True):
            by_period[period] = point
    months = []
    for period in window:
        point = by_period.get(period)
        if point is None:
            verdict, value = _absent(period, periods), _value_of(rows, period)
        elif point.trial:
            verdict, value = MonthVerdict.TRIAL, point.value
        elif point.variation == Variation.CONCERN:
            verdict, value = MonthVerdict.CONCERN, point.value
        else:
            verdict, value = MonthVerdict.OK, point.value
        months.append(EvidenceMonth(period, verdict, value))
    return months


def _absent(period, periods) -> str:
    """A month without a chart point: missing, or present in a series too short to judge."""
    return MonthVerdict.TRIAL if period in periods else MonthVerdict.MISSING


def _value_of(rows, period):
    return next((o.value for o in rows if o.period == period), None)


def _target_months(criterion, metric, rows, window) -> list[EvidenceMonth]:
    target = criterion.target if criterion.target is not None else target_of(metric).value
    by_period = {o.period: o.value for o in rows}
    months = []
    for period in window:
        value = by_period.get(period)
        if value is None:
            verdict = MonthVerdict.MISSING
        elif _meets(value, target, metric.improvement):
            verdict = MonthVerdict.OK
        else:
            verdict = MonthVerdict.MISSES_TARGET
        months.append(EvidenceMonth(period, verdict, value))
    return months


def _meets(value: float, target: float, improvement: str) -> bool:
    return value <= target if improvement == "decrease" else value >= target


def _hide_small_counts(user, metric, rows, months) -> None:
    by_period = {o.period: o for o in rows}
    for month in months:
        row = by_period.get(month.period)
        if row is not None and small_count_hidden(user, metric, row.numerator, row.denominator):
            month.value, month.suppressed = None, True


def _judged(criterion, metric, months) -> Evaluation:
    bad = [m for m in months if m.verdict != MonthVerdict.OK]
    first, last = Month.of(months[0].period), Month.of(months[-1].period)
    span = f"{first}" if first == last else f"{first} to {last}"
    if not bad:
        return Evaluation(True, f"Met: {criterion} in every month from {span}.", months)
    reasons = sorted({m.verdict for m in bad})
    listed = ", ".join(f"{Month.of(m.period)} ({m.verdict.replace('_', ' ')})" for m in bad)
    summary = f"Not met over {span}: {listed}."
    if MonthVerdict.TRIAL in reasons:
        summary += f" SPC needs {MIN_POINTS_FOR_SPC} months with firm limits."
    return Evaluation(False, summary, months)
