"""The neighbourhood workforce against the Neighbourhood Policing Guarantee (April 2025): 17,175
FTE officers, PCSOs and specials in neighbourhood roles in England and Wales on 31 March 2025,
3,000 more by 31 March 2026 and 13,000 more (30,175) by 31 March 2029.

The figures are the numerators of the `neighbourhood_workforce_per_10k` measure (each force's
neighbourhood FTE from its workforce return), read as the viewer may see them: a force's
uplift is its latest month against its own March 2025 return, and the national total is the
national aggregate, shown with how many forces it holds (a month some force has not sent
counts short, and says so)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from accounts import access
from accounts.access import Decision
from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.disclosure import Candidate, disclosed, releasable_aggregates
from metrics.observations.models import Observation

MEASURE = METRICS_BY_CODE["neighbourhood_workforce_per_10k"]
BASELINE_MONTH = date(2025, 3, 1)  # the return of March 2025 gives the strength on 31 March
# The guarantee's national figures: (the month whose return gives the strength at its end,
# FTE, what it is).
TRAJECTORY = (
    (date(2025, 3, 1), 17_175.0, "Baseline, 31 March 2025"),
    (date(2026, 3, 1), 20_175.0, "Milestone, 31 March 2026"),
    (date(2029, 3, 1), 30_175.0, "Goal, 31 March 2029"),
)
FORCES = 43
Level = Observation.Level


@dataclass(frozen=True)
class NationalMonth:
    period: date
    fte: float | None  # None where hidden from the viewer
    forces: int  # how many forces' returns it holds
    expected: float  # on the guarantee's straight-line trajectory

    @property
    def complete(self) -> bool:
        return self.forces >= FORCES

    @property
    def label(self) -> str:
        return Month.of(self.period).label()

    @property
    def against_trajectory(self) -> float | None:
        """FTE ahead of (positive) or behind the trajectory."""
        return None if self.fte is None else self.fte - self.expected

    @property
    def behind_trajectory(self) -> float | None:
        return None if self.fte is None else self.expected - self.fte


@dataclass(frozen=True)
class ForceUplift:
    force: object
    baseline: float | None  # FTE in its March 2025 return
    latest: float | None
    latest_period: date | None

    @property
    def uplift(self) -> float | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline

    @property
    def uplift_size(self) -> float | None:
        return None if self.uplift is None else abs(self.uplift)

    @property
    def uplift_pct(self) -> float | None:
        if self.uplift is None or not self.baseline:
            return None
        return self.uplift / self.baseline * 100


def expected_at(period: date) -> float:
    """The national FTE the guarantee's trajectory gives for a month: a straight line between
    its dates, flat before the baseline and beyond 2029."""
    months = [(Month.of(p).index, fte) for p, fte, _ in TRAJECTORY]
    at = Month.of(period).index
    if at <= months[0][0]:
        return months[0][1]
    for (a, fa), (b, fb) in zip(months, months[1:], strict=False):
        if at <= b:
            return fa + (fb - fa) * (at - a) / (b - a)
    return months[-1][1]


def national_months(user) -> list[NationalMonth]:
    """The national neighbourhood FTE each month with any force's figure, as the viewer may
    see it."""
    forces = dict(
        Observation.objects.filter(metric=MEASURE.code, level=Level.FORCE, value__isnull=False)
        .values_list("period")
        .annotate(n=Count("id"))
    )
    national = {
        o.period: o
        for o in Observation.objects.filter(
            metric=MEASURE.code, level=Level.NATIONAL, period__in=forces
        )
    }
    keys = {(MEASURE, Level.NATIONAL, p) for p in national}
    releasable = releasable_aggregates(user, keys)
    months = []
    for period in sorted(forces):
        o = national.get(period)
        fte = None
        if o is not None:
            candidate = Candidate(
                MEASURE,
                Level.NATIONAL,
                o.numerator,
                o.denominator,
                o.value,
                aggregate_releasable=(MEASURE, Level.NATIONAL, period) in releasable,
            )
            fte = disclosed(user, candidate).numerator
        months.append(NationalMonth(period, fte, forces[period], expected_at(period)))
    return months


def force_uplifts(user, forces=None) -> list[ForceUplift]:
    """Each force whose figures the viewer sees (of `forces`, when given): its neighbourhood
    FTE in March 2025 and in its latest month."""
    seen = access.forces_where(user, Decision.SEE_FIGURES).order_by("name")
    if forces is not None:
        seen = seen.filter(pk__in=[f.pk for f in forces])
    forces = list(seen)
    rows = Observation.objects.filter(
        metric=MEASURE.code, level=Level.FORCE, force__in=forces, value__isnull=False
    ).values_list("force_id", "period", "numerator")
    baseline, latest = {}, {}
    for force_id, period, fte in rows:
        if period == BASELINE_MONTH:
            baseline[force_id] = fte
        if force_id not in latest or period > latest[force_id][0]:
            latest[force_id] = (period, fte)
    return [
        ForceUplift(
            force,
            baseline.get(force.pk),
            latest.get(force.pk, (None, None))[1],
            latest.get(force.pk, (None, None))[0],
        )
        for force in forces
    ]
