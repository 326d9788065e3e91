"""What the misconduct returns hold, read case by case or cell by cell: the open cases of a
force's latest return by how long they have been open, its oldest open cases, the cases
concluded over a year by how long they took, and the dismissals whose barred-list
notification is outstanding. Unscoped: standards.selectors asks the access policy first and
applies disclosure to what these count."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection
from django.db.models import Sum

from kit.periods import Month
from metrics.datasets.aggregates import (
    CONCLUSION_BANDS,
    OPEN_CASE_AGE_LABELS,
    OPEN_CASE_AGES,
    months_open,
    open_case_age,
    open_case_age_sql,
)
from metrics.datasets.records import AGGREGATE_MODELS, RECORD_MODELS
from metrics.returns.models import Return

MISCONDUCT = "misconduct_cases"
Cases = RECORD_MODELS[MISCONDUCT]
CaseCells = AGGREGATE_MODELS[f"{MISCONDUCT}_aggregate"]
AGE_BANDS = [code for code, _, _ in OPEN_CASE_AGES]
OLDEST_SHOWN = 10
TIMELINESS_MONTHS = 12


def latest_returns(force_ids, dataset: str = MISCONDUCT) -> dict[int, Return]:
    """{force id: its latest loaded return of the dataset}, in one query."""
    found = (
        Return.objects.current()
        .filter(force__in=force_ids, dataset=dataset)
        .order_by("force_id", "-period")
        .distinct("force_id")
    )
    return {r.force_id: r for r in found}


# --- Open cases by age ---------------------------------------------------------------------------


@dataclass
class Ageing:
    """The open cases of a force's latest return by age band, or why there are none to show."""

    ret: Return | None
    counts: dict[str, int] | None  # by OPEN_CASE_AGES code; None where the return has no ages

    @property
    def period(self) -> date | None:
        return self.ret.period if self.ret else None

    @property
    def reason(self) -> str:
        if self.ret is None:
            return "No misconduct return has loaded yet."
        if self.counts is None:
            return (
                f"The return for {self.ret.period:%Y-%m} is an aggregate return without the ages "
                "of open cases: ageing needs a record-level return, or an aggregate return of "
                "version 2 or later."
            )
        return ""


def ageing_of(returns: dict[int, Return]) -> dict[int, Ageing]:
    """{force id: the open cases of its return by age band}, from records or aggregate cells,
    in at most two queries."""
    records = {f: r for f, r in returns.items() if r.kind == Return.Kind.RECORDS}
    cells = {f: r for f, r in returns.items() if r.kind == Return.Kind.AGGREGATE}
    counted = {**_record_ages(records.values()), **_cell_ages(cells.values())}
    return {f: Ageing(r, counted.get(r.pk)) for f, r in returns.items()}


def _record_ages(returns) -> dict[int, dict[str, int]]:
    """One UNION of a query per return: each return's month places its cases in their bands."""
    returns = list(returns)
    if not returns:
        return {}
    table = Cases._meta.db_table
    parts = [
        f"SELECT {int(r.pk)} AS rid, {open_case_age_sql('received_date', r.period)} AS band, "
        f"COUNT(*) FROM {table} WHERE return_id = {int(r.pk)} AND concluded_date IS NULL "
        "GROUP BY 2"
        for r in returns
    ]
    found = {r.pk: dict.fromkeys(AGE_BANDS, 0) for r in returns}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        for rid, band, count in cursor.fetchall():
            found[rid][band] = count
    return found


def _cell_ages(returns) -> dict[int, dict[str, int]]:
    """The aggregate returns whose schema version carries the age band of open cases
    (`open_band`): their cases by band. The others have none to give."""
    found = {r.pk: dict.fromkeys(AGE_BANDS, 0) for r in returns if r.schema.has_column("open_band")}
    if not found:
        return {}
    # Cells of cases concluded before the month (dismissals still to be notified, appeals
    # decided) carry their outcome; the open ones none.
    open_cells = CaseCells.objects.filter(
        source_return_id__in=list(found), outcome="", concluded_in_month=False
    )
    sums = (
        open_cells.values_list("source_return_id", "open_band")
        .annotate(cases=Sum("cases"))
        .order_by()
    )
    for rid, band, cases in sums:
        found[rid][band] = cases or 0
    return found


# --- The oldest open cases -----------------------------------------------------------------------


@dataclass
class OpenCase:
    case_ref: str
    received_date: date
    months_open: int
    band: str
    allegation_category: str
    severity: str
    suspended_or_restricted: bool

    @property
    def band_label(self) -> str:
        return OPEN_CASE_AGE_LABELS[self.band]


def oldest_open_cases(ret: Return | None, limit: int = OLDEST_SHOWN) -> list[OpenCase]:
    """The return's open cases, oldest first (none for an aggregate return)."""
    if ret is None or ret.kind != Return.Kind.RECORDS:
        return []
    rows = (
        Cases.objects.filter(source_return_id=ret.pk, concluded_date=None)
        .order_by("received_date", "case_ref")
        .values_list(
            "case_ref",
            "received_date",
            "allegation_category",
            "severity",
            "suspended_or_restricted",
        )[:limit]
    )
    cases = []
    for ref, received, category, severity, suspended in rows:
        months = months_open(received, ret.period)
        cases.append(
            OpenCase(ref, received, months, open_case_age(months), category, severity, suspended)
        )
    return cases


# --- Timeliness --------------------------------------------------------------------------------


@dataclass
class Timeliness:
    """Cases concluded in the twelve months to `last` by days from receipt to conclusion."""

    first: Month | None
    last: Month | None
    counts: dict[str, int] = field(default_factory=dict)  # by CONCLUSION_BANDS label
    unbanded_months: list[str] = field(default_factory=list)  # aggregate months without bands
    missing_months: list[str] = field(default_factory=list)  # months with no return loaded


def timeliness_of(force, last: date | None) -> Timeliness:
    """From records (each case in the month it concluded) and from aggregate cells with their
    `days_band` (version 2); months of aggregate returns without it are named, not guessed."""
    if last is None:
        return Timeliness(None, None)
    end = Month.of(last)
    first = end - (TIMELINESS_MONTHS - 1)
    returns = list(
        Return.objects.current().filter(
            force=force, dataset=MISCONDUCT, period__range=(first.first_day, end.first_day)
        )
    )
    counts = dict.fromkeys(CONCLUSION_BANDS.labels, 0)
    for label, cases in _record_conclusions(
        [r.pk for r in returns if r.kind == Return.Kind.RECORDS]
    ):
        counts[label] += cases
    cells = [r for r in returns if r.kind == Return.Kind.AGGREGATE]
    banded, unbanded = _cell_conclusions(cells)
    for label, cases in banded:
        counts[label] += cases
    loaded = {r.period for r in returns}
    return Timeliness(
        first,
        end,
        counts,
        sorted(f"{r.period:%Y-%m}" for r in cells if r.pk in unbanded),
        [m.label() for m in Month.between(first, end) if m.first_day not in loaded],
    )


def _record_conclusions(return_ids: list[int]) -> list[tuple[str, int]]:
    """The cases each return concluded in its own month (a later month's return may list a
    case concluded before, whose barred-list notification or appeal was outstanding)."""
    if not return_ids:
        return []
    band = CONCLUSION_BANDS.case("(c.concluded_date - c.received_date)")
    sql = (
        f"SELECT {band}, COUNT(*) FROM {Cases._meta.db_table} AS c "
        f"JOIN {Return._meta.db_table} AS r ON r.id = c.return_id "
        "WHERE c.return_id = ANY(%s) AND c.concluded_date >= r.period "
        "AND c.concluded_date < r.period + INTERVAL '1 month' GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [return_ids])
        return cursor.fetchall()


def _cell_conclusions(returns: list[Return]) -> tuple[list[tuple[str, int]], set[int]]:
    """(cases by days band, ids of returns whose schema version has no days band)."""
    banded = [r.pk for r in returns if r.schema.has_column("days_band")]
    unbanded = {r.pk for r in returns if r.pk not in banded}
    if not banded:
        return [], unbanded
    sums = (
        CaseCells.objects.filter(source_return_id__in=banded, concluded_in_month=True)
        .values_list("days_band")
        .annotate(cases=Sum("cases"))
        .order_by()
    )
    return [(band, cases or 0) for band, cases in sums], unbanded


# --- Barred-list notifications outstanding -----------------------------------------------------


@dataclass
class Outstanding:
    case_ref: str
    concluded_date: date
    days: int  # from conclusion to the end of the return's month
    past_deadline: bool


@dataclass
class BarredList:
    """The dismissals of a force's latest record-level return not yet notified to the barred
    list at the end of its month, or why that cannot be said."""

    ret: Return | None
    cases: list[Outstanding] | None  # None where the return does not say
    deadline_days: int = 0

    @property
    def as_of(self) -> date | None:
        return Month.of(self.ret.period).last_day if self.ret else None

    @property
    def reason(self) -> str:
        if self.ret is None:
            return "No record-level misconduct return has loaded yet."
        if self.cases is None:
            return (
                f"The return for {self.ret.period:%Y-%m} predates the barred-list notification "
                "date (misconduct returns of version 2 and later carry it)."
            )
        return ""


def barred_list_outstanding(ret: Return | None) -> BarredList:
    days = settings.BARRED_LIST_NOTIFY_DAYS
    if ret is None:
        return BarredList(None, None, days)
    if not ret.schema.has_column("barred_list_notified_date"):
        return BarredList(ret, None, days)
    as_of = Month.of(ret.period).last_day
    rows = (
        Cases.objects.filter(
            source_return_id=ret.pk,
            outcome="dismissal",
            concluded_date__isnull=False,
            concluded_date__lte=as_of,
            barred_list_notified_date=None,
        )
        .order_by("concluded_date", "case_ref")
        .values_list("case_ref", "concluded_date")
    )
    cases = [
        Outstanding(ref, concluded, (as_of - concluded).days, (as_of - concluded).days > days)
        for ref, concluded in rows
    ]
    return BarredList(ret, cases, days)
