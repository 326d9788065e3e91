"""The Neighbourhood Policing Guarantee's measures counted by hand: from generated returns, from
the queries' aggregate twin of the same rows, and from rows written at the edges (the 72 hours
of a query received at the month's end, a neighbourhood never reviewed, nothing to count)."""

import statistics
from datetime import UTC, date, datetime, timedelta

import pytest

from demo.generator import write_return
from demo.generator.aggregates import records_to_cells
from metrics.catalogue import METRICS_BY_CODE
from metrics.datasets import DATASETS
from metrics.datasets.aggregates import RESPONSE_HOURS_BANDS
from metrics.observations.models import Observation
from tests.metrics.conftest import csv_bytes, csv_rows, load_return

pytestmark = pytest.mark.django_db

MONTH = "2025-05"
MONTH_END = datetime(2025, 6, 1, tzinfo=UTC)
QUERIES, COVERAGE = DATASETS["neighbourhood_queries"], DATASETS["neighbourhood_coverage"]
CODES = (
    "neighbourhood_queries_72h",
    "neighbourhood_query_median_h",
    "neighbourhood_named_officer",
    "neighbourhood_priorities_updated",
)


def generated(dataset: str, tmp_path) -> bytes:
    path = write_return(
        dataset,
        force_slug="durham",
        force_name="Durham Constabulary",
        population=650_500,
        period=MONTH,
        out_dir=tmp_path,
    )
    return path.read_bytes()


def load(api, content: bytes, dataset: str, **kwargs):
    return load_return(api, content, dataset=dataset, period=MONTH, **kwargs)


def observation(code: str) -> Observation:
    return Observation.objects.get(metric=code, level="force", period=date(2025, 5, 1))


def hours(r) -> float:
    at = datetime.fromisoformat
    return (at(r["first_meaningful_response_at"]) - at(r["received_at"])).total_seconds() / 3600


def queries_by_hand(rows: list[dict]) -> dict:
    """A query counts where its 72 hours had ended by the month's end or it was answered."""
    answered = [r for r in rows if r["first_meaningful_response_at"]]
    counted = [
        r
        for r in rows
        if r["first_meaningful_response_at"]
        or datetime.fromisoformat(r["received_at"]) + timedelta(hours=72) <= MONTH_END
    ]
    in_time = [r for r in answered if hours(r) <= 72]
    return {
        "neighbourhood_queries_72h": len(in_time) / len(counted) * 100 if counted else None,
        "neighbourhood_query_median_h": statistics.median(hours(r) for r in answered)
        if answered
        else None,
    }


def coverage_by_hand(rows: list[dict]) -> dict:
    named = [r for r in rows if r["named_officer"] == "true" and r["contactable"] == "true"]
    recent = [r for r in rows if "2025-03-01" <= r["priorities_updated_date"] <= "2025-05-31"]
    return {
        "neighbourhood_named_officer": len(named) / len(rows) * 100,
        "neighbourhood_priorities_updated": len(recent) / len(rows) * 100,
    }


def median_from_bands(cells: list[list[str]]) -> float:
    """The grouped-data median of the twin's answered queries, by hand: the band holding the
    middle rank, interpolated within it."""
    header = QUERIES.aggregate.headers
    counts: dict[str, int] = {}
    for cell in cells:
        row = dict(zip(header, cell, strict=True))
        if row["response_band"] != "not_answered":
            counts[row["response_band"]] = counts.get(row["response_band"], 0) + int(row["queries"])
    target, below = sum(counts.values()) / 2, 0
    for label, lower, upper in RESPONSE_HOURS_BANDS.limits():
        n = counts.get(label, 0)
        if n and below + n >= target:
            return lower if upper is None else lower + (target - below) / n * (upper - lower)
        below += n
    raise AssertionError("no answered queries")


def cells_of(rows: list[dict]) -> list[list[str]]:
    columns = {h: [r[h] for r in rows] for h in QUERIES.headers}
    return records_to_cells("neighbourhood_queries", columns, force="durham", period=MONTH)


def test_every_neighbourhood_guarantee_measure_is_declared_and_counted_here():
    for code in CODES:
        metric = METRICS_BY_CODE[code]
        assert metric.priority_area == "Neighbourhood policing and frontline time"
        assert metric.improvement == ("decrease" if code.endswith("_h") else "increase")
    assert not METRICS_BY_CODE["neighbourhood_query_median_h"].profile_chart
    one = {"named_officer": "true", "contactable": "true", "priorities_updated_date": ""}
    assert set(queries_by_hand([])) | set(coverage_by_hand([one])) == set(CODES)


def test_generated_returns_give_the_figures_counted_by_hand(api_as, officer_a, tmp_path):
    api = api_as(officer_a)
    queries, coverage = (
        generated("neighbourhood_queries", tmp_path),
        generated("neighbourhood_coverage", tmp_path),
    )
    load(api, queries, "neighbourhood_queries")
    load(api, coverage, "neighbourhood_coverage")
    query_rows, coverage_rows = csv_rows(queries), csv_rows(coverage)
    # The month's last 72 hours hold queries still pending, left out of the share.
    assert any(
        not r["first_meaningful_response_at"]
        and datetime.fromisoformat(r["received_at"]) + timedelta(hours=72) > MONTH_END
        for r in query_rows
    )
    expected = queries_by_hand(query_rows) | coverage_by_hand(coverage_rows)
    for code, figure in expected.items():
        assert observation(code).value == pytest.approx(figure), code
    # Durham has ~46 neighbourhoods: enough for a share that is not of low confidence.
    assert not observation("neighbourhood_named_officer").low_confidence


def test_the_aggregate_twin_of_the_same_queries_gives_the_same_share(api_as, officer_a, tmp_path):
    api = api_as(officer_a)
    rows = csv_rows(generated("neighbourhood_queries", tmp_path))
    cells = cells_of(rows)
    load(
        api, csv_bytes(QUERIES.aggregate.headers, cells), "neighbourhood_queries", kind="aggregate"
    )
    share = observation("neighbourhood_queries_72h")
    assert share.source_kind == "aggregate"
    assert share.value == pytest.approx(queries_by_hand(rows)["neighbourhood_queries_72h"])
    median = observation("neighbourhood_query_median_h")
    assert median.estimated
    assert median.value == pytest.approx(median_from_bands(cells))
    # The estimate lies in the band of the records' own median.
    exact = queries_by_hand(rows)["neighbourhood_query_median_h"]
    band = next(
        (lower, upper)
        for _, lower, upper in RESPONSE_HOURS_BANDS.limits()
        if lower < exact <= (upper or float("inf"))
    )
    assert band[0] <= median.value <= band[1]


# Received in May 2025 (BST): each query's hours and what it counts as.
EDGE_QUERIES = [
    # answered in 47 hours: in time
    ["Q1", "2025-05-10T11:00:00+01:00", "2025-05-12T10:00:00+01:00"],
    # answered in exactly 72 hours: in time
    ["Q2", "2025-05-05T09:00:00+01:00", "2025-05-08T09:00:00+01:00"],
    # answered in 96 hours: late
    ["Q3", "2025-05-20T11:00:00+01:00", "2025-05-24T11:00:00+01:00"],
    # never answered, its 72 hours long over: missed
    ["Q4", "2025-05-20T13:00:00+01:00", ""],
    # received exactly 72 hours before the month's end (midnight UTC on 1 June), unanswered:
    # its hours ended with the month, so it is missed
    ["Q5", "2025-05-29T01:00:00+01:00", ""],
    # received in the month's last 72 hours and not yet answered: pending, left out
    ["Q6", "2025-05-30T13:00:00+01:00", ""],
    # received late on the 31st, answered in 36 hours on 2 June: in time, and counted
    ["Q7", "2025-05-31T21:00:00+01:00", "2025-06-02T09:00:00+01:00"],
    # received in the last 72 hours, answered after 97 hours in June: late, and counted
    ["Q8", "2025-05-30T10:00:00+01:00", "2025-06-03T11:00:00+01:00"],
]


def edge_rows() -> list[dict]:
    return [
        dict(
            zip(
                QUERIES.headers,
                ["durham", ref, "NH0001", received, answered, "email"],
                strict=True,
            )
        )
        for ref, received, answered in EDGE_QUERIES
    ]


def test_the_72_hours_at_the_months_end_by_hand(api_as, officer_a):
    rows = edge_rows()
    load(
        api_as(officer_a),
        csv_bytes(QUERIES.headers, [list(r.values()) for r in rows]),
        "neighbourhood_queries",
    )
    share = observation("neighbourhood_queries_72h")
    # In time: Q1, Q2, Q7; counted: all but Q6.
    assert (share.numerator, share.denominator) == (3, 7)
    assert share.value == pytest.approx(300 / 7)
    assert share.value == pytest.approx(queries_by_hand(rows)["neighbourhood_queries_72h"])
    # Answered in 36, 47, 72, 96 and 97 hours.
    assert observation("neighbourhood_query_median_h").value == pytest.approx(72.0)


def test_the_twin_of_the_month_end_queries_gives_the_same_share(api_as, officer_a):
    cells = cells_of(edge_rows())
    load(
        api_as(officer_a),
        csv_bytes(QUERIES.aggregate.headers, cells),
        "neighbourhood_queries",
        kind="aggregate",
    )
    share = observation("neighbourhood_queries_72h")
    assert (share.numerator, share.denominator) == (3, 7)
    # Bands 24-48: 2 (36 and 47 hours), 48-72: 1, 72-120: 2; the middle rank 2.5 falls half
    # way through 48-72.
    assert observation("neighbourhood_query_median_h").value == pytest.approx(60.0)
    assert median_from_bands(cells) == pytest.approx(60.0)


def test_nothing_yet_due_gives_no_share_rather_than_zero(api_as, officer_a):
    rows = [["durham", "Q1", "NH0001", "2025-05-31T10:00:00+01:00", "", "phone"]]
    load(api_as(officer_a), csv_bytes(QUERIES.headers, rows), "neighbourhood_queries")
    assert observation("neighbourhood_queries_72h").value is None
    assert observation("neighbourhood_queries_72h").denominator == 0
    assert observation("neighbourhood_query_median_h").value is None


COVERAGE_ROWS = [
    # named and contactable; priorities reviewed on the first day of the 3 months to 31 May
    ["N1", "Durham Central", "true", "true", "2025-03-01"],
    # named, not contactable; reviewed the day before those 3 months
    ["N2", "Durham North", "true", "false", "2025-02-28"],
    # no named officer; never reviewed
    ["N3", "Durham South", "false", "false", ""],
    # named and contactable; reviewed on the month's last day
    ["N4", "Durham East", "true", "true", "2025-05-31"],
]


def test_coverage_at_the_edges_by_hand(api_as, officer_a):
    rows = [["durham", MONTH, *row] for row in COVERAGE_ROWS]
    load(api_as(officer_a), csv_bytes(COVERAGE.headers, rows), "neighbourhood_coverage")
    named = observation("neighbourhood_named_officer")
    updated = observation("neighbourhood_priorities_updated")
    assert (named.numerator, named.denominator, named.value) == (2, 4, 50.0)
    assert (updated.numerator, updated.denominator, updated.value) == (2, 4, 50.0)
    hand = coverage_by_hand([dict(zip(COVERAGE.headers, r, strict=True)) for r in rows])
    assert hand == {"neighbourhood_named_officer": 50.0, "neighbourhood_priorities_updated": 50.0}
    # Four neighbourhoods are far too few to judge a force by.
    assert named.low_confidence and updated.low_confidence


def test_no_neighbourhood_reviewed_is_a_zero_share(api_as, officer_a):
    rows = [["durham", MONTH, "N1", "Durham Central", "false", "false", ""]]
    load(api_as(officer_a), csv_bytes(COVERAGE.headers, rows), "neighbourhood_coverage")
    assert observation("neighbourhood_priorities_updated").value == 0.0
    assert observation("neighbourhood_named_officer").value == 0.0
