"""Every read of the standards pages and API, scoped by the access policy and shaped for the
viewer: each count passes through metrics.observations.disclosure (plain counts through
`count_disclosed`, a metric's figures through `disclosed`), and where one count of a set is
hidden, so is what would let it be recovered (the set's total, and one more count)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from accounts import access
from accounts.access import Decision
from forces.models import Force
from kit.periods import Month, month_label
from metrics.catalogue import METRICS, METRICS_BY_CODE, STANDARDS
from metrics.datasets.aggregates import CONCLUSION_BANDS, OPEN_CASE_AGE_LABELS
from metrics.observations.disclosure import count_disclosed
from metrics.observations.models import Observation
from metrics.observations.selectors import observation_items, observations_visible_to
from oversight.explorer import metric_explorer
from oversight.overview import OverviewCell, assessment_grid
from standards import cases
from standards.policy import StandardsDecision

Level = Observation.Level
# The outcomes the pages chart, each the numerator of a metric (those declared so far).
OUTCOMES = (
    ("dismissals_per_1000", "Dismissal"),
    ("final_written_warnings_per_1000", "Final written warning"),
    ("written_warnings_per_1000", "Written warning"),
    ("management_action_per_1000", "Management action"),
    ("no_case_to_answer_per_1000", "No case to answer"),
)
THROUGHPUT = (
    ("vetting_applications_received", "Applications received"),
    ("vetting_decisions_made", "Decisions made"),
    ("vetting_backlog", "Pending at the month's end"),
)
FUNNELS = ("misconduct_cases_per_1000", "dismissals_per_1000")
MONTHS_SHOWN = 24
SLUG = "force-slug"


def standards_metrics() -> list:
    return [m for m in METRICS if m.priority_area == STANDARDS]


def standards_forces(user):
    """The forces whose standards pages the user may read, in name order."""
    return (
        access.forces_where(user, StandardsDecision.READ_STANDARDS)
        .select_related("region")
        .order_by("name")
    )


def standards_force(user, slug: str) -> Force:
    """The force, 404 unless the user may read its standards pages."""
    return access.force_for(user, StandardsDecision.READ_STANDARDS, slug)


def sees_case_references(user, force) -> bool:
    return access.allows(user, StandardsDecision.READ_CASE_REFERENCES, force)


# --- Counts as the viewer may see them -----------------------------------------------------------


@dataclass
class Cell:
    key: str
    label: str
    count: int | None  # None where hidden (or nothing is known)
    suppressed: bool = False


@dataclass
class Counts:
    """A set of counts that add up (to `total`), as one viewer may see them."""

    cells: list[Cell]
    total: int | None
    total_suppressed: bool = False

    def count(self, key: str) -> int | None:
        return next(c.count for c in self.cells if c.key == key)


def counts_shown(user, counted: list[tuple[str, str, int | None]]) -> Counts:
    """(key, label, count) each through count_disclosed. Where any is hidden the total is too,
    and where only one is, so is the smallest of the others, so that no total published
    elsewhere (a metric's figure) recovers it."""
    cells = []
    for key, label, count in counted:
        shown = count_disclosed(user, count)
        cells.append(Cell(key, label, None if shown.suppressed else count, shown.suppressed))
    hidden = [c for c in cells if c.suppressed]
    if len(hidden) == 1 and len(cells) > 1:
        other = min((c for c in cells if not c.suppressed), key=lambda c: c.count or 0)
        other.count, other.suppressed = None, True
    known = [c.count for c in cells if c.count is not None]
    total = sum(known) if not hidden and len(known) == len(cells) else None
    return Counts(cells, total, bool(hidden))


# --- The grid of forces by standards metric ------------------------------------------------------


def standards_grid(user, *, today=None) -> list[tuple[Force, list[OverviewCell]]]:
    """(force, [cell per standards metric]) for each force the user reads, from the nightly
    run's assessments, as the national overview shows its headline metrics."""
    forces = list(standards_forces(user).filter(pk__in=_figure_forces(user)))
    return assessment_grid(user, forces, standards_metrics(), today=today)


def _figure_forces(user):
    return access.forces_where(user, Decision.SEE_FIGURES).values("pk")


def standards_funnels(user) -> list:
    """The explorer's funnel plot of each of FUNNELS, at its latest complete month."""
    return [
        metric_explorer(user, METRICS_BY_CODE[code]) for code in FUNNELS if code in METRICS_BY_CODE
    ]


# --- Series of counts by month -------------------------------------------------------------------


@dataclass
class MonthlyCounts:
    """Months (oldest first) of a set of counts, each month's as a viewer may see it."""

    series: tuple  # (metric code, label) of each count
    months: list[tuple[str, Counts]]


def monthly_counts(user, series, *, force: Force | None) -> MonthlyCounts:
    """The numerators of the metrics in `series`, by month, over the latest MONTHS_SHOWN months
    with any: the force's, or the national ones. Plain counts: count_disclosed decides each, and
    no month has a total."""
    series = tuple((code, label) for code, label in series if code in METRICS_BY_CODE)
    rows = observations_visible_to(user).filter(metric__in=[c for c, _ in series])
    rows = (
        rows.filter(level=Level.FORCE, force=force) if force else rows.filter(level=Level.NATIONAL)
    )
    latest = rows.aggregate(latest=Max("period"))["latest"]
    if latest is None:
        return MonthlyCounts(series, [])
    first = (Month.of(latest) - (MONTHS_SHOWN - 1)).first_day
    found = {
        (code, period): n
        for code, period, n in rows.filter(period__gte=first).values_list(
            "metric", "period", "numerator"
        )
    }
    months = sorted({period for _, period in found})
    shown = []
    for period in months:
        counts = [(c, label, _whole(found.get((c, period)))) for c, label in series]
        cells = []
        for key, label, n in counts:
            hidden = count_disclosed(user, n).suppressed
            cells.append(Cell(key, label, None if hidden else n, hidden))
        shown.append((month_label(period), Counts(cells, None, any(c.suppressed for c in cells))))
    return MonthlyCounts(series, shown)


def _whole(value) -> int | None:
    return None if value is None else round(value)


# --- A force's cases ---------------------------------------------------------------------------


@dataclass
class ForceAgeing:
    force: Force
    ageing: cases.Ageing
    counts: Counts | None  # None where the return gives no ages


def ageing_by_force(user, forces) -> list[ForceAgeing]:
    """Each force's open cases by age band at its latest month, as the user may see them."""
    forces = list(forces)
    returns = cases.latest_returns([f.pk for f in forces])
    ageing = cases.ageing_of(returns)
    found = []
    for force in forces:
        a = ageing.get(force.pk, cases.Ageing(None, None))
        counts = None
        if a.counts is not None:
            counts = counts_shown(
                user, [(code, OPEN_CASE_AGE_LABELS[code], n) for code, n in a.counts.items()]
            )
        found.append(ForceAgeing(force, a, counts))
    return found


def timeliness_shown(user, force, last: date | None) -> tuple[cases.Timeliness, Counts]:
    timeliness = cases.timeliness_of(force, last)
    labels = CONCLUSION_BANDS.labels
    counted = [
        (label, f"{label} {CONCLUSION_BANDS.unit}", timeliness.counts.get(label))
        for label in labels
    ]
    return timeliness, counts_shown(user, counted if timeliness.last else [])


@dataclass
class BarredListShown:
    barred: cases.BarredList
    counts: Counts | None  # past the deadline and within it
    cases: list[cases.Outstanding] | None  # the references, for those who may see them


def barred_list_shown(user, force, ret) -> BarredListShown:
    barred = cases.barred_list_outstanding(ret)
    if barred.cases is None:
        return BarredListShown(barred, None, None)
    past = sum(1 for c in barred.cases if c.past_deadline)
    counts = counts_shown(
        user,
        [
            ("past", "Past the deadline", past),
            ("within", "Within the deadline", len(barred.cases) - past),
        ],
    )
    references = barred.cases if sees_case_references(user, force) else None
    return BarredListShown(barred, counts, references)


@dataclass
class ForceStandards:
    """Everything of a force's standards page, as the user may see it."""

    force: Force
    ageing: ForceAgeing
    oldest: list[cases.OpenCase] | None  # None: not for this user
    outcomes: MonthlyCounts
    timeliness: cases.Timeliness
    timeliness_counts: Counts
    vetting: MonthlyCounts
    barred_list: BarredListShown
    records_return: object  # the latest record-level return, or None

    @property
    def sees_case_references(self) -> bool:
        return self.oldest is not None


def force_standards(user, force) -> ForceStandards:
    ageing = ageing_by_force(user, [force])[0]
    records = (
        cases.Return.objects.current()
        .filter(force=force, dataset=cases.MISCONDUCT, kind=cases.Return.Kind.RECORDS)
        .order_by("-period")
        .first()
    )
    latest = ageing.ageing.ret
    # The oldest cases are read from the latest return only when it has records.
    oldest = cases.oldest_open_cases(latest) if sees_case_references(user, force) else None
    timeliness, timeliness_counts = timeliness_shown(user, force, latest.period if latest else None)
    return ForceStandards(
        force,
        ageing,
        oldest,
        monthly_counts(user, OUTCOMES, force=force),
        timeliness,
        timeliness_counts,
        monthly_counts(user, THROUGHPUT, force=force),
        barred_list_shown(user, force, records),
        records,
    )


def force_figures(user, force) -> list[dict]:
    """The force's latest month of each standards metric, as the observations API gives it."""
    codes = [m.code for m in standards_metrics()]
    latest = (
        observations_visible_to(user)
        .filter(level=Level.FORCE, force=force, metric__in=codes)
        .order_by("metric", "-period")
        .distinct("metric")
    )
    return observation_items(user, [(month_label(o.period), [o]) for o in latest], derived=False)


@dataclass
class NationalStandards:
    """Everything of the national standards page, as the user may see it."""

    metrics: list
    grid: list
    funnels: list
    ageing: list[ForceAgeing]
    outcomes: MonthlyCounts
    vetting: MonthlyCounts


def national_standards(user, *, today=None) -> NationalStandards:
    return NationalStandards(
        standards_metrics(),
        standards_grid(user, today=today),
        standards_funnels(user),
        ageing_by_force(user, standards_forces(user)),
        monthly_counts(user, OUTCOMES, force=None),
        monthly_counts(user, THROUGHPUT, force=None),
    )
