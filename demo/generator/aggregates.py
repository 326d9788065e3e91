"""Aggregate returns for history: each month's table of counts, drawn from the same
distributions as the record-level files (demo.generator), at full volume.

A record-level file is turned into its aggregate by `records_to_cells`, the exact
correspondence of the two kinds (the tests hold the figures of both to each other). For the four
large datasets a month's history is drawn from a sample of a few thousand records, its
counts multiplied back to the force's full volume: the mix and the timings are the generator's,
the volume is the force's own (calibrated on published figures), and nothing is scaled down.
"""

import csv
from bisect import bisect_left
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from django.conf import settings

from metrics.datasets import DATASETS, Bands
from metrics.datasets.aggregates import (
    ANSWER_BANDS,
    ATTENDANCE_BANDS,
    CONCLUSION_BANDS,
    DECISION_BANDS,
    NOT_ANSWERED,
    RESPONSE_HOURS_BANDS,
    months_open,
    open_case_age,
)
from metrics.datasets.declarations import (
    OFFENCE_SUBGROUP_CODES,
    QUERY_RESPONSE_HOURS,
    self_defined_group,
)

from .expected import expected_monthly
from .files import generate_columns
from .volumes import SCALED_DATASETS

# Records sampled to draw a month's mix and timings; more for recorded crime, whose knife, child
# sexual abuse and VAWG counts are rare categories of it.
SAMPLE_ROWS = {"recorded_crime": 20_000}
DEFAULT_SAMPLE_ROWS = 3000


def _banded(values, bands: Bands) -> list[str]:
    """Each value's band label, as Bands.case places a record in SQL: (lower, upper]."""
    labels, edges = bands.labels, bands.edges
    return [labels[bisect_left(edges, v)] for v in values]


def _seconds(later, earlier) -> list[float]:
    """Seconds between ISO 8601 instants, where the later one is given (else 0)."""
    at = datetime.fromisoformat
    return [
        (at(b) - at(a)).total_seconds() if b else 0.0 for a, b in zip(earlier, later, strict=True)
    ]


def _days(later, earlier) -> list[int]:
    on = date.fromisoformat
    return [(on(b) - on(a)).days if b else 0 for a, b in zip(earlier, later, strict=True)]


def _street(c: dict, period: str):
    return zip(c["crime_type"], c["last_outcome"], strict=True), None


SUBGROUP_OF_CODE = {code: name for name, codes in OFFENCE_SUBGROUP_CODES.items() for code in codes}


def _recorded(c: dict, period: str):
    keys = (
        "offence_group",
        "knife_or_sharp_instrument",
        "domestic_abuse",
        "child_sexual_abuse",
        "victim_sex",
        "outcome_type",
        "retail_worker_assault",
    )
    return [
        {
            **dict(zip(keys, values, strict=True)),
            "offence_subgroup": SUBGROUP_OF_CODE.get(code, "other"),
        }
        for code, *values in zip(c["offence_code"], *(c[k] for k in keys), strict=True)
    ], None


def _calls(c: dict, period: str):
    seconds = _seconds(c["answered_at"], c["connected_at"])
    answered = [a != "" for a in c["answered_at"]]
    bands = _banded(seconds, ANSWER_BANDS)
    keys = [
        {"answered": "true", "answer_band": band}
        if yes
        else {"answered": "false", "answer_band": ""}
        for yes, band in zip(answered, bands, strict=True)
    ]
    return keys, seconds


def _incidents(c: dict, period: str):
    arrived = c["first_arrival_at"]
    minutes = [s / 60 for s in _seconds(arrived, c["call_connected_at"])]
    bands = _banded(minutes, ATTENDANCE_BANDS)
    return (
        (grade, area, "true", band) if at else (grade, area, "false", "")
        for grade, area, at, band in zip(c["grade"], c["area_type"], arrived, bands, strict=True)
    ), None


def _misconduct(c: dict, period: str):
    first = date.fromisoformat(f"{period}-01")
    after = (first + timedelta(days=32)).replace(day=1)
    old = f"{after.replace(year=after.year - 1):%Y-%m-%d}"
    start, end = f"{first:%Y-%m-%d}", f"{after:%Y-%m-%d}"
    notice = timedelta(days=int(settings.BARRED_LIST_NOTIFY_DAYS))

    def within(day: str) -> bool:
        return start <= day < end if day else False

    def barred_list(outcome: str, concluded: str, notified: str) -> str:
        if outcome != "dismissal" or not concluded:
            return ""
        due = f"{date.fromisoformat(concluded) + notice:%Y-%m-%d}"
        if within(notified) and notified <= due:
            return "on_time"
        return "late" if within(due) and not (notified and notified <= due) else ""

    keys = []
    for i, received in enumerate(c["received_date"]):
        concluded, outcome = c["concluded_date"][i], c["outcome"][i]
        concluded_now = within(concluded)
        days = (
            (date.fromisoformat(concluded) - date.fromisoformat(received)).days if concluded else 0
        )
        months = months_open(date.fromisoformat(received), first)
        keys.append(
            {
                "received_in_month": _bool(within(received)),
                "concluded_in_month": _bool(concluded_now),
                "open_over_12_months": _bool(not concluded and received < old),
                "outcome": outcome,
                "allegation_category": c["allegation_category"][i],
                "vawg_related": c["vawg_related"][i],
                "proceeding_type": c["proceeding_type"][i],
                "open_band": "" if concluded else open_case_age(months),
                "days_band": _banded([days], CONCLUSION_BANDS)[0] if concluded_now else "",
                "suspension_began": _bool(within(c["suspension_start"][i])),
                "barred_list": barred_list(outcome, concluded, c["barred_list_notified_date"][i]),
                "appeal_decided": c["appeal_result"][i]
                if within(c["appeal_decided_date"][i])
                else "",
            }
        )
    days = [
        (date.fromisoformat(k) - date.fromisoformat(r)).days if within(k) else 0
        for r, k in zip(c["received_date"], c["concluded_date"], strict=True)
    ]
    return keys, days


def _vetting(c: dict, period: str):
    start = f"{period}-01"
    end = f"{(date.fromisoformat(start) + timedelta(days=32)).replace(day=1):%Y-%m-%d}"
    bands = _banded(_days(c["decided_date"], c["received_date"]), DECISION_BANDS)
    return [
        {
            "outcome": outcome,
            "days_band": band if outcome != "pending" else "",
            "received_in_month": _bool(start <= received < end),
            "applicant_type": applicant,
            "clearance_level": level,
        }
        for outcome, band, received, applicant, level in zip(
            c["outcome"],
            bands,
            c["received_date"],
            c["applicant_type"],
            c["clearance_level"],
            strict=True,
        )
    ], None


def _stop_and_search(c: dict, period: str):
    """A search's cell: its type, self-defined ethnic group, officer-defined ethnicity,
    legislation, outcome and whether the outcome was linked (booleans written as the records
    were, so a blank stays blank)."""
    linked = {"true": "true", "false": "false", "": ""}
    return [
        {
            "type": kind,
            "self_defined_ethnic_group": self_defined_group(ethnicity),
            "officer_defined_ethnicity": officer,
            "legislation": act,
            "outcome": outcome,
            "outcome_linked": linked[link.lower()],
        }
        for kind, ethnicity, officer, act, outcome, link in zip(
            c["type"],
            c["self_defined_ethnicity"],
            c["officer_defined_ethnicity"],
            c["legislation"],
            c["outcome"],
            c["outcome_linked"],
            strict=True,
        )
    ], None


def _queries(c: dict, period: str):
    """A query's band of hours to its first meaningful response, or not yet answered; and
    whether its 72 hours had ended by the month's end (an instant, compared in UTC)."""
    at = datetime.fromisoformat
    end = datetime.combine(
        (date.fromisoformat(f"{period}-01") + timedelta(days=32)).replace(day=1),
        datetime.min.time(),
        tzinfo=UTC,
    )
    window = timedelta(hours=QUERY_RESPONSE_HOURS)
    hours = [s / 3600 for s in _seconds(c["first_meaningful_response_at"], c["received_at"])]
    bands = _banded(hours, RESPONSE_HOURS_BANDS)
    return [
        {
            "channel": channel,
            "response_band": band if responded else NOT_ANSWERED,
            "window_ended": _bool(at(received) + window <= end),
        }
        for channel, received, responded, band in zip(
            c["channel"], c["received_at"], c["first_meaningful_response_at"], bands, strict=True
        )
    ], None


def _bool(yes: bool) -> str:
    return "true" if yes else "false"


CELLS = {
    "street_crime": _street,
    "recorded_crime": _recorded,
    "emergency_calls": _calls,
    "incident_response": _incidents,
    "misconduct_cases": _misconduct,
    "vetting_decisions": _vetting,
    "stop_and_search": _stop_and_search,
    "neighbourhood_queries": _queries,
}
# The column of an aggregate cell that sums a value over its records, and whether a cell has
# one (else it is blank): days to conclusion of cases concluded, seconds to answer of calls
# answered.
SUMMED = {
    "misconduct_cases": ("days_to_conclude", lambda cell: cell["concluded_in_month"] == "true"),
    "emergency_calls": ("seconds_to_answer", lambda cell: cell["answered"] == "true"),
}


def records_to_cells(dataset: str, columns: dict, *, force: str, period: str, factor=1.0):
    """The aggregate return's rows (lists of CSV cells, in its declared order) of a
    record-level return's columns; each count multiplied by `factor` and rounded."""
    declared = DATASETS[dataset].aggregate
    summed, summed_here = SUMMED.get(dataset, (None, None))
    categories = [
        h for h in declared.headers if h not in ("force", "month", declared.weight, summed)
    ]
    plain = {k: np.asarray(v).tolist() for k, v in columns.items()}
    keys, days = CELLS[dataset](plain, period)
    keys = [k if isinstance(k, tuple) else tuple(k[c] for c in categories) for k in keys]
    counts = Counter(keys)
    totals: Counter = Counter()
    if days is not None:
        for key, d in zip(keys, days, strict=True):
            totals[key] += d
    rows = []
    for key in sorted(counts):
        n = int(round(counts[key] * factor))
        if not n:
            continue
        cells = dict(zip(categories, key, strict=True))
        cells.update(force=force, month=period, **{declared.weight: str(n)})
        if summed:
            cells[summed] = str(int(round(totals[key] * factor))) if summed_here(cells) else ""
        rows.append([cells[h] for h in declared.headers])
    return rows


def aggregate_rows(
    dataset: str,
    *,
    force_slug: str,
    force_name: str,
    population: int,
    period: str,
    seed: int = 0,
    scenario_shift: int = 0,
) -> list[list[str]]:
    """One force's aggregate return of the dataset for the month, at its full volume."""
    scale = 1.0
    if dataset in SCALED_DATASETS:
        expected = expected_monthly(dataset, force_slug, period, population=population)
        sample = SAMPLE_ROWS.get(dataset, DEFAULT_SAMPLE_ROWS)
        scale = min(1.0, sample / max(expected, 1.0))
    columns = generate_columns(
        dataset,
        force_slug=force_slug,
        force_name=force_name,
        population=population,
        period=period,
        seed=seed,
        scale=scale,
        scenario_shift=scenario_shift,
    )
    return records_to_cells(dataset, columns, force=force_slug, period=period, factor=1 / scale)


def write_aggregate(dataset: str, rows: list[list[str]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(DATASETS[dataset].aggregate.headers)
        writer.writerows(rows)
    return path
