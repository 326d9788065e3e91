"""The neighbourhood queries (records and aggregate) and coverage returns: generated files load,
and a response before receipt, a channel not allowed, a reference sent twice or a contactable
officer nobody named each give a report naming the row, the column and the rule."""

import pytest

from demo.generator import write_return
from demo.generator.aggregates import aggregate_rows
from metrics.datasets import DATASETS
from metrics.models import (
    NeighbourhoodCoverageRecord,
    NeighbourhoodQueryRecord,
    Return,
)
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, upload

pytestmark = pytest.mark.django_db

MONTH = "2025-05"
QUERIES, COVERAGE = DATASETS["neighbourhood_queries"], DATASETS["neighbourhood_coverage"]
GOOD_QUERY = [
    "durham",
    "Q1",
    "NH0001",
    "2025-05-02T09:00:00+01:00",
    "2025-05-03T10:30:00+01:00",
    "email",
]
GOOD_AREA = ["durham", MONTH, "NH0001", "Durham Central", "true", "true", "2025-04-14"]


@pytest.fixture
def officer_api(api_as, officer_a):
    return api_as(officer_a)


def processed(api, content: bytes, dataset: str, **kwargs) -> Return:
    response = upload(api, content, dataset=dataset, period=MONTH, **kwargs)
    assert response.status_code == 202, response.json()
    return return_process(return_id=response.json()["id"])


def rejected_report(api, content: bytes, dataset: str, model) -> dict:
    ret = processed(api, content, dataset)
    assert ret.status == "rejected" and ret.rows_loaded == 0
    assert not model.objects.filter(source_return_id=ret.pk).exists()
    return ret.report


@pytest.mark.parametrize("dataset", ["neighbourhood_queries", "neighbourhood_coverage"])
def test_generated_returns_load(officer_api, tmp_path, dataset):
    path = write_return(
        dataset,
        force_slug="durham",
        force_name="Durham Constabulary",
        population=650_500,
        period=MONTH,
        out_dir=tmp_path,
    )
    ret = processed(officer_api, path.read_bytes(), dataset)
    assert ret.status == "loaded", ret.report
    rows = len(path.read_text().splitlines()) - 1
    model = (
        NeighbourhoodQueryRecord
        if dataset == "neighbourhood_queries"
        else (NeighbourhoodCoverageRecord)
    )
    assert ret.rows_loaded == rows == model.objects.filter(source_return_id=ret.pk).count()


def test_a_generated_aggregate_of_the_queries_loads(officer_api):
    cells = aggregate_rows(
        "neighbourhood_queries",
        force_slug="durham",
        force_name="Durham Constabulary",
        population=650_500,
        period=MONTH,
    )
    content = csv_bytes(QUERIES.aggregate.headers, cells)
    ret = processed(officer_api, content, "neighbourhood_queries", kind="aggregate")
    assert ret.status == "loaded", ret.report
    assert ret.rows_loaded == len(cells)


def test_a_response_before_receipt_is_named(officer_api):
    early = ["durham", "Q2", "NH0002", "2025-05-04T12:00:00+01:00", "2025-05-04T11:59:00+01:00"]
    rows = [GOOD_QUERY, [*early, "phone"]]
    report = rejected_report(
        officer_api,
        csv_bytes(QUERIES.headers, rows),
        "neighbourhood_queries",
        NeighbourhoodQueryRecord,
    )
    assert report["errors"] == [
        {
            "row": 3,
            "column": "first_meaningful_response_at",
            "rule": "response_after_receipt",
            "value": "2025-05-04T11:59:00+01:00",
            "message": "The first meaningful response is before the query was received.",
        }
    ]


def test_a_channel_not_allowed_is_named(officer_api):
    rows = [GOOD_QUERY, ["durham", "Q2", "NH0002", "2025-05-04T12:00:00+01:00", "", "pigeon"]]
    report = rejected_report(
        officer_api,
        csv_bytes(QUERIES.headers, rows),
        "neighbourhood_queries",
        NeighbourhoodQueryRecord,
    )
    assert report["errors_by_rule"] == {"allowed_values": 1}
    error = report["errors"][0]
    assert (error["row"], error["column"], error["value"]) == (3, "channel", "pigeon")
    assert error["message"] == "channel is not an allowed value"


def test_a_query_reference_sent_twice_is_named(officer_api):
    again = ["durham", "Q1", "NH0003", "2025-05-09T08:00:00+01:00", "", "letter"]
    rows = [GOOD_QUERY, again]
    report = rejected_report(
        officer_api,
        csv_bytes(QUERIES.headers, rows),
        "neighbourhood_queries",
        NeighbourhoodQueryRecord,
    )
    assert report["errors_by_rule"] == {"duplicate_key": 2}
    assert [(e["row"], e["value"]) for e in report["errors"]] == [(2, "Q1"), (3, "Q1")]


def test_a_query_received_in_another_month_is_named(officer_api):
    rows = [["durham", "Q9", "NH0001", "2025-06-01T00:30:00+01:00", "", "email"]]
    report = rejected_report(
        officer_api,
        csv_bytes(QUERIES.headers, rows),
        "neighbourhood_queries",
        NeighbourhoodQueryRecord,
    )
    assert report["errors_by_rule"] == {"period": 1}
    assert report["errors"][0]["column"] == "received_at"


def test_a_band_not_declared_in_the_aggregate_is_named(officer_api):
    cells = [["durham", MONTH, "email", "0-72", "true", "5"]]
    ret = processed(
        officer_api,
        csv_bytes(QUERIES.aggregate.headers, cells),
        "neighbourhood_queries",
        kind="aggregate",
    )
    assert ret.status == "rejected"
    assert ret.report["errors_by_rule"] == {"allowed_values": 1}
    assert ret.report["errors"][0]["column"] == "response_band"


def test_a_contactable_officer_nobody_named_is_named(officer_api):
    rows = [GOOD_AREA, ["durham", MONTH, "NH0002", "Durham North", "false", "true", ""]]
    report = rejected_report(
        officer_api,
        csv_bytes(COVERAGE.headers, rows),
        "neighbourhood_coverage",
        NeighbourhoodCoverageRecord,
    )
    assert report["errors_by_rule"] == {"contactable_needs_named_officer": 1}
    error = report["errors"][0]
    assert (error["row"], error["column"]) == (3, "named_officer")
    assert error["message"] == "A contactable officer needs a named officer."


def test_a_neighbourhood_listed_twice_or_a_bad_date_is_named(officer_api):
    rows = [
        GOOD_AREA,
        ["durham", MONTH, "NH0001", "Durham Central again", "true", "false", ""],
        ["durham", MONTH, "NH0003", "Durham East", "maybe", "false", "14/04/2025"],
    ]
    report = rejected_report(
        officer_api,
        csv_bytes(COVERAGE.headers, rows),
        "neighbourhood_coverage",
        NeighbourhoodCoverageRecord,
    )
    found = {(e["row"], e["column"], e["rule"]) for e in report["errors"]}
    assert found == {
        (2, "neighbourhood_id", "duplicate_key"),
        (3, "neighbourhood_id", "duplicate_key"),
        (4, "named_officer", "type"),
        (4, "priorities_updated_date", "type"),
    }
