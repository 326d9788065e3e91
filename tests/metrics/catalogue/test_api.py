"""The datasets' published schemas: every version a return may follow, and its rules."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_api(api_as, officer_a):
    return api_as(officer_a)


def test_the_schema_lists_both_versions_of_misconduct_cases(officer_api):
    body = officer_api.get("/api/v1/datasets/misconduct_cases/").json()
    assert body["schema_id"] == "misconduct_cases/v2" and body["version"] == 2
    v1, v2 = body["versions"]
    assert (v1["schema_id"], v2["schema_id"]) == ("misconduct_cases/v1", "misconduct_cases/v2")
    assert v2["headers"] == [c["header"] for c in body["columns"]]
    assert v2["headers"][: len(v1["headers"])] == v1["headers"]
    assert set(v2["headers"]) - set(v1["headers"]) == {
        "case_to_answer",
        "proceeding_type",
        "finding",
        "appeal_lodged",
        "appeal_result",
        "appeal_decided_date",
        "criminal_proceedings",
        "suspension_start",
        "suspension_end",
        "barred_list_notified_date",
    }
    since = {c["header"]: c["since_version"] for c in body["columns"]}
    assert since["outcome"] == 1 and since["finding"] == 2
    finding = next(c for c in body["columns"] if c["header"] == "finding")
    assert finding["allowed_values"] == [
        "misconduct_proven",
        "gross_misconduct_proven",
        "not_proven",
    ]


def test_the_schema_says_which_rules_are_warnings(officer_api, settings):
    settings.BARRED_LIST_NOTIFY_DAYS = 21
    body = officer_api.get("/api/v1/datasets/misconduct_cases/").json()
    rules = {r["code"]: r for r in body["row_rules"]}
    assert rules["barred_list_notified_on_time"]["severity"] == "warning"
    assert "within 21 days" in rules["barred_list_notified_on_time"]["message"]
    assert rules["dismissal_needs_gross_misconduct"]["severity"] == "error"
    assert "barred_list_notified_on_time" not in body["versions"][0]["row_rules"]


def test_the_list_gives_every_dataset_its_versions(officer_api):
    body = officer_api.get("/api/v1/datasets/").json()
    versions = {d["code"]: [v["schema_id"] for v in d["versions"]] for d in body["results"]}
    assert versions["vetting_decisions"] == ["vetting_decisions/v1", "vetting_decisions/v2"]
    assert versions["emergency_calls"] == ["emergency_calls/v1"]
