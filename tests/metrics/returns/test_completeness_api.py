"""GET /api/v1/completeness/: shape, defaults, scoping and bad parameters."""

import pytest

from metrics.datasets import DATASETS
from metrics.returns.completeness import last_months, london_today
from tests.metrics.factories import ReturnFactory, london

pytestmark = pytest.mark.django_db

URL = "/api/v1/completeness/"
MARCH_ONLY = {"period_from": "2024-03", "period_to": "2024-03"}


def test_result_shape_for_a_loaded_return(api_as, analyst, force_a):
    ret = ReturnFactory(submitted_at=london(2024, 4, 9, 8, 30))
    query = {**MARCH_ONLY, "force": "durham", "dataset": "emergency_calls"}
    body = api_as(analyst).get(URL, query).json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "force": "durham",
            "dataset": "emergency_calls",
            "period": "2024-03",
            "status": "on_time",
            "due_date": "2024-04-10",
            "submitted_at": "2024-04-09T08:30:00+01:00",
            "return_id": ret.pk,
        }
    ]


def test_analyst_sees_all_43_forces(api_as, analyst, reference_data):
    query = {**MARCH_ONLY, "dataset": "workforce", "page_size": 100}
    body = api_as(analyst).get(URL, query).json()
    assert body["count"] == 43
    assert len({row["force"] for row in body["results"]}) == 43


def test_defaults_to_the_last_twelve_whole_months_of_every_dataset(api_as, pcc_a):
    body = api_as(pcc_a).get(URL, {"page_size": 1000}).json()
    periods = sorted({row["period"] for row in body["results"]})
    assert periods == [f"{p:%Y-%m}" for p in last_months()]
    assert body["count"] == 12 * len(DATASETS)


def test_pcc_gets_only_their_own_force(api_as, pcc_a, force_b):
    ReturnFactory(force=force_b)
    body = api_as(pcc_a).get(URL, {**MARCH_ONLY, "page_size": 100}).json()
    assert body["count"] == len(DATASETS)
    assert {row["force"] for row in body["results"]} == {"durham"}


def test_officer_b_cannot_see_durhams_rows(api_as, officer_b, force_a):
    ReturnFactory()
    api = api_as(officer_b)
    denied = api.get(URL, {**MARCH_ONLY, "force": "durham"})
    assert denied.status_code == 404
    assert denied.json()["error"]["message"] == "No force you may see has that id."
    body = api.get(URL, {**MARCH_ONLY, "page_size": 100}).json()
    assert {row["force"] for row in body["results"]} == {"cumbria"}
    assert all(row["return_id"] is None for row in body["results"])


def test_unknown_force_answers_404_like_a_hidden_one(api_as, analyst):
    assert api_as(analyst).get(URL, {"force": "atlantis"}).status_code == 404


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"period_from": "2024-13"}, "period_from", "Enter a month as YYYY-MM"),
        ({"period_to": "March"}, "period_to", "Enter a month as YYYY-MM"),
        (
            {"period_from": "2024-03", "period_to": "2024-02"},
            "period_from",
            "The first month must not be after the last month.",
        ),
        (
            {"period_from": "2000-01", "period_to": "2024-02"},
            "period_from",
            "Ask for at most 120 months at once.",
        ),
        ({"dataset": "knife_crime"}, "dataset", '"knife_crime" is not a valid choice.'),
        # Twelve months to January 1900 would begin in 1899, a month the API cannot write.
        ({"period_to": "1900-01"}, "period_from", "Months begin in 1900."),
    ],
)
def test_bad_parameters_answer_400_in_the_error_format(api_as, analyst, query, field, message):
    response = api_as(analyst).get(URL, query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid")
    assert list(error["fields"]) == [field]
    assert error["fields"][field][0].startswith(message)


def test_signed_out_is_refused(api):
    assert api.get(URL).status_code == 401


def test_pages_are_paginated(api_as, analyst, reference_data):
    query = {"period_from": "2024-01", "period_to": "2024-12", "page_size": 50}
    body = api_as(analyst).get(URL, query).json()
    assert body["count"] == 43 * len(DATASETS) * 12 and len(body["results"]) == 50 and body["next"]


def test_months_before_their_due_date_are_not_due(api_as, officer_a):
    this_month = london_today().replace(day=1)
    query = {"period_from": f"{this_month:%Y-%m}", "period_to": f"{this_month:%Y-%m}"}
    body = api_as(officer_a).get(URL, query).json()
    # The quarterly surveys expect no return for a month that is not a quarter's first.
    expected = {"not_due"} if this_month.month in (1, 4, 7, 10) else {"not_due", "not_expected"}
    assert {row["status"] for row in body["results"]} == expected
    assert {r["status"] for r in body["results"] if r["dataset"] != "confidence_surveys"} == {
        "not_due"
    }
