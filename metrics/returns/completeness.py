"""Completeness and timeliness of returns (DESIGN section 5).

For each force, dataset and month one status, judged from every version sent:

- on_time / late: a version loaded (it is loaded now, or was loaded and later superseded).
  Timeliness follows the *first version that loaded*: an on-time return stays on time when a
  correction is sent after the due date, and a return whose only on-time version was rejected
  is late when the version that finally loaded came after the due date.
- pending: nothing has loaded and a version is waiting to be processed (received, validating).
- rejected: versions were sent, none loaded and none is waiting: they were all rejected.
- missing: nothing sent and the due date has passed.
- not_due: nothing sent and the due date has not passed.
- not_expected: nothing sent for a month before the force's collection of the dataset starts
  (CollectionStart), or for a month of a quarterly dataset other than a quarter's first (its
  return is named by the quarter's first month); it is never missing.

A return for month M is due `due_day` days after the last day of M (of a quarterly dataset,
of M's quarter), by the end of that day in Europe/London. Everything is read in one query for
all forces, datasets and months asked for.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts import access
from accounts.access import Decision
from forces.models import Force
from kit.periods import FIRST_YEAR, Month, months_before
from metrics.datasets import DATASETS
from metrics.returns.models import CollectionStart, Return

LONDON = ZoneInfo("Europe/London")
DEFAULT_MONTHS = 12
MAX_MONTHS = 120
LOADED_EVER = Q(status=Return.Status.LOADED) | Q(
    status=Return.Status.SUPERSEDED, rows_loaded__isnull=False
)
WAITING = Q(status__in=[Return.Status.RECEIVED, Return.Status.VALIDATING])


class Status(models.TextChoices):
    ON_TIME = "on_time", "On time"
    LATE = "late", "Late"
    REJECTED = "rejected", "Rejected"
    MISSING = "missing", "Missing"
    PENDING = "pending", "Pending"
    NOT_DUE = "not_due", "Not due"
    NOT_EXPECTED = "not_expected", "Not expected"


# The GOV.UK tag modifier and the short text shown in a heatmap cell, by status.
TAGS = {
    Status.ON_TIME: ("govuk-tag--green", "OK"),
    Status.LATE: ("govuk-tag--yellow", "Late"),
    Status.MISSING: ("govuk-tag--red", "Miss"),
    Status.REJECTED: ("govuk-tag--orange", "Rej"),
    Status.PENDING: ("", "Wait"),  # the plain GOV.UK tag is blue
    Status.NOT_DUE: ("govuk-tag--grey", "–"),
    Status.NOT_EXPECTED: ("govuk-tag--grey", "n/a"),
}

LEGEND = [(status, *TAGS[status]) for status in Status]


@dataclass(frozen=True)
class Cell:
    force: Force
    dataset: str
    period: date
    status: Status
    due_date: date
    submitted_at: datetime | None
    return_id: int | None

    @property
    def tag_class(self) -> str:
        return TAGS[self.status][0]

    @property
    def short_label(self) -> str:
        return TAGS[self.status][1]

    @property
    def description(self) -> str:
        """The cell in words, for screen readers: its status, when it was sent, when due.
        Written here, not in the template: the heatmap has hundreds of cells."""
        sent = f", sent {_long(timezone.localtime(self.submitted_at))}" if self.submitted_at else ""
        return f"{self.status.label}{sent}, due {_long(self.due_date)}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def london_today() -> date:
    return timezone.localdate(timezone=LONDON)


def last_months(count: int = 12, *, today: date | None = None) -> list[date]:
    """The last `count` whole months before today's month."""
    return [m.first_day for m in months_before(today or london_today(), count)]


def months_asked(first: date | None, last: date | None, *, today=None) -> list[date]:
    """The months from first to last. Without either, the 12 whole months before today's
    month; with one, 12 months from or to it. ValueError when the range is backwards, longer
    than MAX_MONTHS or begins before FIRST_YEAR."""
    if first is None and last is None:
        return last_months(DEFAULT_MONTHS, today=today)
    first = Month.of(first) if first else Month.of(last) - (DEFAULT_MONTHS - 1)
    last = Month.of(last) if last else first + (DEFAULT_MONTHS - 1)
    if first > last:
        raise ValueError("The first month must not be after the last month.")
    if first.year < FIRST_YEAR:
        raise ValueError(f"Months begin in {FIRST_YEAR}.")
    months = [m.first_day for m in Month.between(first, last)]
    if len(months) > MAX_MONTHS:
        raise ValueError(f"Ask for at most {MAX_MONTHS} months at once.")
    return months


def latest_due_months(dataset: str, count: int = DEFAULT_MONTHS, *, today=None) -> list[date]:
    """The periods of the `count` months up to the latest whose return of the dataset is
    already due: `count` months, or of a quarterly dataset the quarters (named by their first
    month) spanning them, at least one."""
    declared, today = DATASETS[dataset], today or london_today()
    step = declared.months_per_period
    last = Month.of(declared.period_of(today)) - step
    while declared.due_date(last.first_day) >= today:
        last -= step
    periods = max(1, count // step)
    return [(last - step * (periods - 1 - i)).first_day for i in range(periods)]


def due_date(dataset: str, period: date) -> date:
    return DATASETS[dataset].due_date(period)


def deadline(due: date) -> datetime:
    """The first instant after the due day, in London time."""
    return datetime.combine(due + timedelta(days=1), time.min, tzinfo=LONDON)


def judge(summary: dict | None, *, due: date, today: date):
    """(status, submitted_at, return_id) of one cell from its summary of versions. The return
    is the first that loaded for on_time and late, else the newest sent."""
    if summary is None:
        return (Status.MISSING if today > due else Status.NOT_DUE), None, None
    if summary["first_loaded_at"] is not None:
        on_time = summary["first_loaded_at"] < deadline(due)
        status = Status.ON_TIME if on_time else Status.LATE
        return status, summary["first_loaded_at"], summary["first_loaded_id"]
    status = Status.PENDING if summary["waiting"] else Status.REJECTED
    return status, summary["latest_at"], summary["latest_id"]


def _summaries(force_ids: list[int], datasets: list[str], periods: list[date]) -> dict:
    """One row per force, dataset and month that has any version. Versions are numbered in
    the order they are sent, so the first loaded has the smallest id and submitted_at."""
    rows = (
        Return.objects.filter(force_id__in=force_ids, dataset__in=datasets, period__in=periods)
        .order_by()
        .values("force_id", "dataset", "period")
        .annotate(
            first_loaded_at=Min("submitted_at", filter=LOADED_EVER),
            first_loaded_id=Min("id", filter=LOADED_EVER),
            waiting=Count("id", filter=WAITING),
            latest_at=Max("submitted_at"),
            latest_id=Max("id"),
        )
    )
    return {(r["force_id"], r["dataset"], r["period"]): r for r in rows}


def completeness_cells(
    forces, *, periods, datasets=None, today=None, returns: bool = True
) -> list[Cell]:
    """Unscoped: every cell of the forces given, ordered by force, dataset and month, each
    naming the return behind it unless `returns` is False. Three queries whatever the number
    of forces and months (forces, returns, collection starts)."""
    forces = list(forces)
    datasets = list(datasets or DATASETS)
    periods = sorted({p.replace(day=1) for p in periods})
    today = today or london_today()
    summaries = _summaries([f.pk for f in forces], datasets, periods)
    starts = {
        (force_id, dataset): first
        for force_id, dataset, first in CollectionStart.objects.filter(
            force_id__in=[f.pk for f in forces], dataset__in=datasets
        ).values_list("force_id", "dataset", "first_period")
    }
    dues = {(d, p): due_date(d, p) for d in datasets for p in periods}  # not once per force
    declared = {d: DATASETS[d] for d in datasets}
    cells = []
    for force in forces:
        for dataset in datasets:
            start = starts.get((force.pk, dataset))
            for period in periods:
                due = dues[dataset, period]
                summary = summaries.get((force.pk, dataset, period))
                status, submitted_at, return_id = judge(summary, due=due, today=today)
                if summary is None and (
                    (start is not None and period < start)
                    or not declared[dataset].is_period(period)
                ):
                    status = Status.NOT_EXPECTED
                return_id = return_id if returns else None
                cells.append(Cell(force, dataset, period, status, due, submitted_at, return_id))
    return cells


def completeness_for(user, *, periods, datasets=None, forces=None, today=None) -> list[Cell]:
    """The cells of the forces whose completeness the user may see; `forces` (Force objects
    or a queryset) narrows them further. A user who may not see a force's returns gets each
    cell's status and due date without the return behind it."""
    visible = access.forces_where(user, Decision.SEE_COMPLETENESS)
    if forces is not None and all(isinstance(force, Force) for force in forces):
        # Forces in hand (a profile's one force): the policy decides each without a query.
        visible = [f for f in forces if access.allows(user, Decision.SEE_COMPLETENESS, f)]
    elif forces is not None:
        if not isinstance(forces, models.QuerySet):
            forces = [getattr(force, "pk", force) for force in forces]
        visible = visible.filter(pk__in=forces)
    returns = access.allows(user, Decision.SEE_RETURNS)
    return completeness_cells(
        visible, periods=periods, datasets=datasets, today=today, returns=returns
    )


class HeatmapRow(NamedTuple):
    force: Force
    cells: list[Cell]

    def cells_html(self) -> str:
        """The row's cells as the heatmap draws them: written here, since a heatmap has
        hundreds of cells, too many to render one template node at a time."""
        return mark_safe(  # noqa: S308 - every part is escaped here
            "".join(
                f'<td class="govuk-table__cell"><strong class="govuk-tag {escape(c.tag_class)}">'
                f'<span aria-hidden="true">{escape(c.short_label)}</span><span class='
                f'"govuk-visually-hidden">{escape(c.description)}</span></strong></td>'
                for c in self.cells
            )
        )


def heatmap_rows(cells: list[Cell]) -> list[HeatmapRow]:
    """Cells of one dataset grouped into one row per force, in the order given."""
    return [HeatmapRow(force, list(row)) for force, row in groupby(cells, key=lambda c: c.force)]
