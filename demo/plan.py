"""What the demo holds, decided from today's date alone: the months it loads, the month each
force's collection of each dataset starts, when each return arrives, and the few returns that
are late, missing or rejected by design (BY_DESIGN), so that completeness and the data flags
show something true to life. Pure: no database, no files."""

import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kit.periods import Month
from metrics.datasets import DATASETS
from metrics.returns.completeness import LONDON, deadline, latest_due_months

DEMO_MONTHS = 24
# The latest months come as record-level returns at full volume, sent through the API; the
# months before them as aggregate returns, the history a service holds on its first day.
RECORD_MONTHS = 2
# data.police.uk has published street-level files for years: the forces whose real files the
# demo holds collect street_crime from the first of them.
REAL_STREET_FIRST, REAL_STREET_LAST = Month(2024, 1), Month(2024, 4)


@dataclass(frozen=True)
class LaterStart:
    """A force that began sending a dataset `after` months into the demo's window."""

    force: str
    dataset: str
    after: int


@dataclass(frozen=True)
class ByDesign:
    """A return that goes wrong, `months_back` months before the latest month due.

    outcome: "missing" (never sent), "late" (sent `days_late` days after its due date),
    "rejected" (a faulty file, never corrected) or "corrected_late" (a faulty file on time,
    then a good one `days_late` days after the due date). fault: "excel_dates" (dates
    re-saved as dd/mm/yyyy) or "truncated" (the file cut off mid-row)."""

    force: str
    dataset: str
    months_back: int
    outcome: str
    days_late: int = 0
    fault: str = ""


# fmt: off
LATER_STARTS: tuple[LaterStart, ...] = (
    LaterStart("gloucestershire", "vetting_decisions", after=8),
    LaterStart("city-of-london", "workforce", after=5),
    LaterStart("dyfed-powys", "misconduct_cases", after=14),
    LaterStart("hertfordshire", "incident_response", after=11),
)

BY_DESIGN: tuple[ByDesign, ...] = (
    ByDesign("durham", "vetting_decisions", 0, "rejected", fault="excel_dates"),
    ByDesign("lancashire", "emergency_calls", 0, "missing"),
    ByDesign("north-yorkshire", "workforce", 0, "late", days_late=9),
    ByDesign("gwent", "recorded_crime", 1, "corrected_late", days_late=6, fault="truncated"),
    ByDesign("suffolk", "incident_response", 1, "late", days_late=4),
    ByDesign("merseyside", "misconduct_cases", 1, "missing"),
    ByDesign("bedfordshire", "emergency_calls", 4, "late", days_late=12),
    ByDesign("staffordshire", "recorded_crime", 6, "rejected", fault="excel_dates"),
    ByDesign("nottinghamshire", "workforce", 9, "missing"),
)
# fmt: on


@dataclass(frozen=True)
class Send:
    """One version of one return, sent at `at`; `fault` makes its file bad; `kind` says
    whether it holds records or the aggregate counts; `through_api`, whether the force's system
    sends it through the API (the latest months, as a force sends them) or it is history,
    loaded through the same service the history load uses."""

    force: str
    dataset: str
    month: Month
    at: datetime
    fault: str = ""
    kind: str = "records"
    through_api: bool = False


@dataclass(frozen=True)
class Plan:
    months: dict[str, list[Month]]  # each dataset's window, oldest first
    starts: dict[tuple[str, str], Month]  # (force, dataset): first month expected
    sends: list[Send]  # in the order they are sent

    @property
    def all_months(self) -> list[Month]:
        return sorted({m for months in self.months.values() for m in months})


def demo_months(today: date, count: int = DEMO_MONTHS) -> dict[str, list[Month]]:
    """For each dataset, the `count` months ending with the latest already due before today."""
    return {
        code: [Month.of(day) for day in latest_due_months(code, count, today=today)]
        for code in DATASETS
    }


def collection_starts(
    forces: list[str], months: dict[str, list[Month]], real_street: set[str] = frozenset()
) -> dict[tuple[str, str], Month]:
    """Every force collects every dataset from its window's first month, except the declared
    later starts and the street_crime of forces whose real files the demo holds."""
    starts = {(force, code): window[0] for force in forces for code, window in months.items()}
    for force in real_street & set(forces) if "street_crime" in months else ():
        starts[force, "street_crime"] = min(REAL_STREET_FIRST, months["street_crime"][0])
    for later in LATER_STARTS:
        if (later.force, later.dataset) in starts and later.after < len(months[later.dataset]):
            starts[later.force, later.dataset] = months[later.dataset][later.after]
    return starts


def demo_plan(
    today: date,
    forces: list[str],
    real_street: set[str] = frozenset(),
    *,
    count: int = DEMO_MONTHS,
    datasets: list[str] | None = None,
) -> Plan:
    """The returns the demo sends for the forces given, as of today: `count` months of each
    dataset (or of those given), from each force's collection start."""
    months = demo_months(today, count)
    if datasets is not None:
        months = {code: months[code] for code in datasets}
    starts = collection_starts(forces, months, real_street)
    design = {
        (d.force, d.dataset, months[d.dataset][-1 - d.months_back]): d
        for d in BY_DESIGN
        if d.dataset in months and d.months_back < count
    }
    now = datetime.combine(today, time(0), tzinfo=LONDON)
    sends = []
    for (force, code), first in starts.items():
        recorded = set(months[code][-RECORD_MONTHS:])
        for month in Month.between(first, months[code][-1]):
            if not DATASETS[code].is_period(month.first_day):
                continue  # a quarterly dataset's return is for a quarter, by its first month
            kind = _kind(code, month, recorded, force in real_street)
            api = month in recorded or _real_street(code, month, force in real_street)
            sends += _sends(force, code, month, design.get((force, code, month)), now, kind, api)
    sends.sort(key=lambda s: s.at)
    return Plan(months, starts, sends)


def _kind(code: str, month: Month, recorded: set, real_street: bool) -> str:
    """Records for the latest months, the real street-level files and workforce (a table of
    its own already); aggregate counts for the rest."""
    if month in recorded or DATASETS[code].aggregate is None:
        return "records"
    return "records" if _real_street(code, month, real_street) else "aggregate"


def _real_street(code: str, month: Month, real_street: bool) -> bool:
    return code == "street_crime" and real_street and month <= REAL_STREET_LAST


def _sends(
    force: str, code: str, month: Month, wrong: ByDesign | None, now, kind: str, api: bool
) -> list[Send]:
    due = DATASETS[code].due_date(month.first_day)
    on_time = _on_time(force, code, month, due)
    if wrong is None:
        return [Send(force, code, month, on_time, kind=kind, through_api=api)]
    late = min(deadline(due) + timedelta(days=wrong.days_late, hours=10), now)
    return {
        "missing": [],
        "late": [Send(force, code, month, late, kind=kind, through_api=api)],
        "rejected": [Send(force, code, month, on_time, wrong.fault, kind, api)],
        "corrected_late": [
            Send(force, code, month, on_time, wrong.fault, kind, api),
            Send(force, code, month, late, kind=kind, through_api=api),
        ],
    }[wrong.outcome]


def _on_time(force: str, code: str, month: Month, due: date) -> datetime:
    """A working-hours moment one to eight days before the due date, fixed per return."""
    spread = zlib.crc32(f"{force}/{code}/{month}".encode())
    day = due - timedelta(days=1 + spread % 8)
    return datetime.combine(day, time(9 + spread // 8 % 8, spread // 64 % 60), tzinfo=LONDON)
