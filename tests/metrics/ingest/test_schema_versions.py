"""Versions of a dataset's schema: misconduct_cases and vetting_decisions v2 carry what the
misconduct statistics need; v1 returns still load, what they lack null in the records; the
v2 rules are reported with their row, the late barred-list notification as a warning."""

from datetime import date

import pytest

from metrics.datasets import DATASETS
from metrics.models import MisconductCaseRecord, Return, VettingDecisionRecord
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, upload
from tests.metrics.factories import MisconductCaseRowFactory, VettingDecisionRowFactory

pytestmark = pytest.mark.django_db

MISCONDUCT, VETTING = DATASETS["misconduct_cases"], DATASETS["vetting_decisions"]


@pytest.fixture
def officer_api(api_as, officer_a):
    return api_as(officer_a)


def file_of(dataset, rows: list[dict], *, version: int | None = None) -> bytes:
    declared = dataset.versions[version - 1] if version else dataset
    fields = [c.field for c in declared.columns]
    return csv_bytes(declared.headers, [[row[f] for f in fields] for row in rows])


def sent(api, dataset, rows, **kwargs) -> Return:
    response = upload(api, file_of(dataset, rows, **kwargs), dataset=dataset.code)
    assert response.status_code == 202, response.json()
    return return_process(return_id=response.json()["id"])


def test_each_dataset_has_two_versions_v2_being_v1_and_its_new_columns():
    for dataset in (MISCONDUCT, VETTING):
        v1, v2 = dataset.versions
        assert (v1.schema_id, v2.schema_id) == (f"{dataset.code}/v1", f"{dataset.code}/v2")
        assert v2.columns[: len(v1.columns)] == v1.columns
        assert v2.row_rules[: len(v1.row_rules)] == v1.row_rules
    assert [c.field for c in MISCONDUCT.columns[len(MISCONDUCT.versions[0].columns) :]] == [
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
    ]


def test_a_v1_misconduct_return_loads_with_the_new_fields_null(officer_api):
    ret = sent(officer_api, MISCONDUCT, [MisconductCaseRowFactory()], version=1)
    assert ret.status == "loaded", ret.report
    assert ret.report["schema_version"] == 1
    record = MisconductCaseRecord.objects.get(source_return_id=ret.pk)
    assert record.outcome == "written_warning"
    assert (record.case_to_answer, record.proceeding_type, record.finding) == (None, None, None)
    assert (record.appeal_lodged, record.criminal_proceedings) == (None, None)
    assert (record.suspension_start, record.barred_list_notified_date) == (None, None)


def test_a_v2_misconduct_return_loads_with_the_new_fields(officer_api):
    row = MisconductCaseRowFactory(
        severity="gross_misconduct",
        outcome="dismissal",
        proceeding_type="accelerated_hearing",
        finding="gross_misconduct_proven",
        appeal_lodged="yes",
        appeal_result="pending",
        criminal_proceedings="true",
        suspended_or_restricted="true",
        suspension_start="2024-01-12",
        suspension_end="2024-03-12",
        barred_list_notified_date="2024-03-20",
    )
    ret = sent(officer_api, MISCONDUCT, [row])
    assert ret.status == "loaded", ret.report
    assert ret.report["schema_version"] == 2 and ret.report["warnings"] == []
    record = MisconductCaseRecord.objects.get(source_return_id=ret.pk)
    assert record.case_to_answer is True and record.criminal_proceedings is True
    assert (record.proceeding_type, record.finding) == (
        "accelerated_hearing",
        "gross_misconduct_proven",
    )
    assert (record.appeal_lodged, record.appeal_result) == (True, "pending")
    assert (record.suspension_start, record.suspension_end) == (
        date(2024, 1, 12),
        date(2024, 3, 12),
    )
    assert record.barred_list_notified_date == date(2024, 3, 20)


def test_a_v2_blank_is_blank_not_null(officer_api):
    ret = sent(officer_api, MISCONDUCT, [MisconductCaseRowFactory()])
    record = MisconductCaseRecord.objects.get(source_return_id=ret.pk)
    assert (record.appeal_result, record.case_to_answer, record.suspension_start) == (
        "",
        True,
        None,
    )


def test_vetting_returns_of_either_version_load(officer_api):
    v1 = sent(officer_api, VETTING, [VettingDecisionRowFactory()], version=1)
    assert v1.status == "loaded", v1.report
    assert VettingDecisionRecord.objects.get(source_return_id=v1.pk).refusal_reason is None
    refused = VettingDecisionRowFactory(outcome="refused", refusal_reason="associations")
    revoked = VettingDecisionRowFactory(
        outcome="revoked_in_aftercare", aftercare_trigger="arrest_or_charge"
    )
    v2 = sent(officer_api, VETTING, [refused, revoked])
    assert v2.status == "loaded", v2.report
    assert v2.report["schema_version"] == 2
    records = VettingDecisionRecord.objects.filter(source_return_id=v2.pk).order_by("outcome")
    assert [(r.outcome, r.refusal_reason, r.aftercare_trigger) for r in records] == [
        ("refused", "associations", ""),
        ("revoked_in_aftercare", "", "arrest_or_charge"),
    ]


def test_a_header_of_neither_version_is_refused_naming_the_nearest(officer_api):
    v2_short = [h for h in MISCONDUCT.headers if h != "finding"]
    row = MisconductCaseRowFactory()
    response = upload(
        officer_api,
        csv_bytes(v2_short, [[row[h] for h in v2_short]]),
        dataset="misconduct_cases",
    )
    message = response.json()["error"]["fields"]["file"][0]
    assert response.status_code == 400
    assert "misconduct_cases schema v2: missing 'finding'" in message

    v1_typo = ["Force" if h == "force" else h for h in MISCONDUCT.versions[0].headers]
    response = upload(
        officer_api, csv_bytes(v1_typo, [["durham"] * len(v1_typo)]), dataset="misconduct_cases"
    )
    message = response.json()["error"]["fields"]["file"][0]
    assert "misconduct_cases schema v1: missing 'force'; unexpected 'Force'" in message


# --- the rules, each reported with its row ---------------------------------------------------

MISCONDUCT_RULES = [
    (
        "concluded_after_received",
        "concluded_date",
        {"concluded_date": "2024-01-09"},
    ),
    (
        "dismissal_needs_gross_misconduct",
        "finding",
        {"outcome": "dismissal", "proceeding_type": "misconduct_hearing"},
    ),
    ("dismissal_needs_gross_misconduct", "finding", {"outcome": "dismissal", "finding": ""}),
    ("proven_needs_case_to_answer", "case_to_answer", {"case_to_answer": "false"}),
    ("proven_needs_case_to_answer", "case_to_answer", {"case_to_answer": ""}),
    ("appeal_with_result", "appeal_result", {"appeal_lodged": "true"}),
    (
        "suspension_end_after_start",
        "suspension_end",
        {"suspension_start": "2024-02-01", "suspension_end": "2024-01-31"},
    ),
]


@pytest.mark.parametrize("rule, column, breach", MISCONDUCT_RULES)
def test_each_misconduct_rule_is_reported_with_its_row(officer_api, rule, column, breach):
    rows = [MisconductCaseRowFactory(), MisconductCaseRowFactory(**breach)]
    ret = sent(officer_api, MISCONDUCT, rows)
    assert ret.status == "rejected"
    assert ret.report["errors_by_rule"] == {rule: 1}
    [error] = ret.report["errors"]
    assert (error["row"], error["column"], error["rule"]) == (3, column, rule)


VETTING_RULES = [
    ("decided_after_received", "decided_date", {"decided_date": "2024-02-19"}),
    ("refusal_with_reason", "refusal_reason", {"outcome": "refused"}),
    ("aftercare_with_trigger", "aftercare_trigger", {"outcome": "revoked_in_aftercare"}),
]


@pytest.mark.parametrize("rule, column, breach", VETTING_RULES)
def test_each_vetting_rule_is_reported_with_its_row(officer_api, rule, column, breach):
    rows = [VettingDecisionRowFactory(), VettingDecisionRowFactory(**breach)]
    ret = sent(officer_api, VETTING, rows)
    assert ret.status == "rejected"
    assert ret.report["errors_by_rule"] == {rule: 1}
    [error] = ret.report["errors"]
    assert (error["row"], error["column"], error["rule"]) == (3, column, rule)


def test_rules_hold_for_the_values_that_keep_them(officer_api):
    rows = [
        MisconductCaseRowFactory(outcome="no_case_to_answer", case_to_answer="false", finding=""),
        MisconductCaseRowFactory(finding="not_proven", case_to_answer="", outcome=""),
        MisconductCaseRowFactory(appeal_lodged="false", appeal_result=""),
    ]
    rows[1]["concluded_date"] = ""
    ret = sent(officer_api, MISCONDUCT, rows)
    assert ret.status == "loaded", ret.report


# --- the barred-list notification: a warning ---------------------------------------------------


def dismissal(**cells) -> dict:
    return MisconductCaseRowFactory(
        severity="gross_misconduct",
        outcome="dismissal",
        proceeding_type="misconduct_hearing",
        finding="gross_misconduct_proven",
        **cells,
    )


def test_a_dismissal_not_notified_in_time_is_a_warning_and_the_return_loads(officer_api):
    rows = [
        dismissal(concluded_date="2024-03-01", barred_list_notified_date="2024-03-10"),
        dismissal(concluded_date="2024-03-01", barred_list_notified_date=""),  # 28 days gone
        dismissal(concluded_date="2024-03-20", barred_list_notified_date=""),  # not due yet
        dismissal(concluded_date="2024-03-01", barred_list_notified_date="2024-03-31"),  # 30 days
    ]
    ret = sent(officer_api, MISCONDUCT, rows)
    assert ret.status == "loaded", ret.report
    assert MisconductCaseRecord.objects.filter(source_return_id=ret.pk).count() == 4
    report = ret.report
    assert report["valid"] is True and report["error_count"] == 0
    assert report["warnings_by_rule"] == {"barred_list_notified_on_time": 2}
    assert report["warning_count"] == 2
    assert [(w["row"], w["column"], w["rule"]) for w in report["warnings"]] == [
        (3, "barred_list_notified_date", "barred_list_notified_on_time"),
        (5, "barred_list_notified_date", "barred_list_notified_on_time"),
    ]
    assert "within 28 days" in report["warnings"][0]["message"]


def test_the_period_for_notifying_the_barred_list_is_a_setting(officer_api, settings):
    settings.BARRED_LIST_NOTIFY_DAYS = 30
    rows = [
        dismissal(concluded_date="2024-03-01", barred_list_notified_date="2024-03-31"),
        dismissal(concluded_date="2024-03-01", barred_list_notified_date=""),
    ]
    ret = sent(officer_api, MISCONDUCT, rows)
    assert ret.status == "loaded"
    assert [w["row"] for w in ret.report["warnings"]] == [3]
    assert "within 30 days" in ret.report["warnings"][0]["message"]


def test_only_dismissals_are_expected_on_the_barred_list(officer_api):
    row = MisconductCaseRowFactory(concluded_date="2024-03-01")
    ret = sent(officer_api, MISCONDUCT, [row])
    assert ret.status == "loaded" and ret.report["warnings"] == []


def test_a_rejected_return_lists_its_warnings_apart_from_its_errors(officer_api):
    rows = [
        dismissal(concluded_date="2024-03-01"),
        MisconductCaseRowFactory(case_to_answer="false"),
    ]
    ret = sent(officer_api, MISCONDUCT, rows)
    assert ret.status == "rejected"
    assert ret.report["errors_by_rule"] == {"proven_needs_case_to_answer": 1}
    assert ret.report["warnings_by_rule"] == {"barred_list_notified_on_time": 1}
    assert [e["row"] for e in ret.report["errors"]] == [3]
    assert [w["row"] for w in ret.report["warnings"]] == [2]


def test_the_dry_run_reports_the_warning_as_valid(officer_api):
    content = file_of(MISCONDUCT, [dismissal(concluded_date="2024-03-01")])
    response = upload(
        officer_api, content, dataset="misconduct_cases", path="/api/v1/returns/validate"
    )
    body = response.json()
    assert response.status_code == 200
    assert body["valid"] is True and body["schema_version"] == 2
    assert body["warnings_by_rule"] == {"barred_list_notified_on_time": 1}
    assert not Return.objects.exists()


def test_a_header_that_cannot_be_read_is_read_as_the_latest_version(tmp_path):
    """The worker reads the version before the load; a file it cannot read is left to the
    load's own refusal, never a fault in the service."""
    from metrics.datasets import DATASETS
    from metrics.ingest import engine

    path = tmp_path / "return.csv"
    path.write_bytes(b"force,case_id\rdurham,1\r")  # Excel for Mac: CR-only line endings
    latest = DATASETS["misconduct_cases"]
    assert engine.version_of_file(latest, path) is latest
