"""Every kind of bad input in DESIGN section 4 gets a clear answer and loses nothing.

Problems visible at upload answer 4xx; the rest give a rejected return whose report names
the row, column and rule.
"""

import codecs

import pytest

from metrics.datasets import DATASETS
from metrics.models import EmergencyCallRecord, RecordedCrimeRecord, Return
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, emergency_calls_file, upload

pytestmark = pytest.mark.django_db

GOOD = ["durham", "C1", "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:07+00:00", "false"]


@pytest.fixture
def officer_api(api_as, officer_a):
    return api_as(officer_a)


def rejected_report(api, content: bytes, **kwargs) -> dict:
    response = upload(api, content, **kwargs)
    assert response.status_code == 202, response.json()
    ret = return_process(return_id=response.json()["id"])
    assert ret.status == "rejected"
    assert ret.rows_loaded == 0
    assert EmergencyCallRecord.objects.filter(source_return_id=ret.pk).count() == 0
    return ret.report


def upload_error(response) -> dict:
    return response.json()["error"]


@pytest.mark.parametrize(
    "header, words",
    [
        (["force", "call_id", "connected_at", "answered_at"], "missing 'abandoned'"),
        (
            ["force", "call_id", "connected_at", "answered_at", "abandoned", "notes"],
            "unexpected 'notes'",
        ),
        (["Force", "call_id", "connected_at", "answered_at", "abandoned"], "missing 'force'"),
    ],
)
def test_wrong_or_missing_headers_are_refused_at_upload(officer_api, header, words):
    response = upload(officer_api, csv_bytes(header, [GOOD]))
    assert response.status_code == 400
    message = upload_error(response)["fields"]["file"][0]
    assert words in message and "Expected: force,call_id" in message
    assert not Return.objects.exists()


def test_columns_in_another_order_load(officer_api):
    header = ["call_id", "force", "abandoned", "connected_at", "answered_at"]
    rows = [["C1", "durham", "false", "2024-03-01T08:00:00Z", "2024-03-01T08:00:07Z"]]
    rid = upload(officer_api, csv_bytes(header, rows)).json()["id"]
    assert return_process(return_id=rid).status == "loaded"


def test_utf8_with_bom_and_crlf_loads(officer_api):
    content = codecs.BOM_UTF8 + emergency_calls_file().replace(b"\n", b"\r\n")
    rid = upload(officer_api, content).json()["id"]
    ret = return_process(return_id=rid)
    assert ret.status == "loaded" and ret.rows_loaded == 3


@pytest.mark.parametrize("path", ["/api/v1/returns/", "/api/v1/returns/validate"])
@pytest.mark.parametrize("kind", ["records", "aggregate"])
def test_cr_only_line_endings_are_refused_by_name_not_a_500(officer_api, path, kind):
    dataset = DATASETS["emergency_calls"]
    headers = dataset.headers if kind == "records" else dataset.aggregate.headers
    content = emergency_calls_file().replace(b"\n", b"\r")
    if kind == "aggregate":
        content = (",".join(headers) + "\rdurham,2024-03,true,0-10,5\r").encode()
    response = upload(officer_api, content, path=path, kind=kind)
    assert response.status_code in (200, 400), response.content[:200]
    body = response.json()
    words = str(body)
    assert "bare carriage return" in words and "CSV UTF-8" in words
    assert not Return.objects.exists()


def test_utf16_is_refused_by_name(officer_api):
    content = emergency_calls_file().decode().encode("utf-16")
    response = upload(officer_api, content)
    assert response.status_code == 400
    assert "encoded as UTF-16" in upload_error(response)["fields"]["file"][0]


def test_windows_1252_rows_are_rejected_by_name(officer_api):
    rows = [GOOD, ["durham", "C2 caf\u00e9", "2024-03-01T08:00:00+00:00", "", "true"]]
    content = csv_bytes(DATASETS["emergency_calls"].headers, rows).decode().encode("cp1252")
    report = rejected_report(officer_api, content)
    assert report["errors_by_rule"] == {"encoding": 1}
    error = report["errors"][0]
    assert error["row"] == 3 and "Windows-1252" in error["message"]


def test_dates_out_of_the_returns_month_are_named(officer_api):
    rows = [GOOD, ["durham", "C2", "2024-04-01T00:00:00+01:00", "", "true"]]
    report = rejected_report(officer_api, emergency_calls_file(rows))
    assert report["errors"] == [
        {
            "row": 3,
            "column": "connected_at",
            "rule": "period",
            "value": "2024-04-01T00:00:00+01:00",
            "message": "connected_at must be in 2024-03, the return's month",
        }
    ]


def test_bad_values_name_row_column_and_rule(officer_api):
    rows = [
        GOOD,
        ["durham", "C2", "yesterday", "", "maybe"],
        ["durham", "C3", "2024-03-02T08:00:00+00:00", "2024-03-02T07:59:00+00:00", "false"],
        ["durham", "C4", "2024-02-30T08:00:00+00:00", "", "true"],
    ]
    report = rejected_report(officer_api, emergency_calls_file(rows))
    found = {(e["row"], e["column"], e["rule"]) for e in report["errors"]}
    assert found == {
        (3, "connected_at", "type"),
        (3, "abandoned", "type"),
        (3, "answered_at", "answered_unless_abandoned"),
        (4, "answered_at", "answered_after_connected"),
        (5, "connected_at", "type"),
    }


def test_unknown_categories_are_named(officer_api):
    header = DATASETS["recorded_crime"].versions[0].headers
    row = [
        "durham",
        "R1",
        "2024-03-04",
        "8N",
        "Cyber offences",
        "true",
        "false",
        "false",
        "female",
        "",
        "",
    ]
    report = rejected_report(officer_api, csv_bytes(header, [row]), dataset="recorded_crime")
    assert report["errors_by_rule"] == {"allowed_values": 1}
    assert report["errors"][0]["column"] == "offence_group"
    assert report["errors"][0]["value"] == "Cyber offences"
    assert RecordedCrimeRecord.objects.count() == 0


def test_duplicate_record_ids_are_named(officer_api):
    rows = [
        GOOD,
        ["durham", "C2", "2024-03-01T09:00:00+00:00", "", "true"],
        ["durham", "C1", "2024-03-01T10:00:00+00:00", "", "true"],
    ]
    report = rejected_report(officer_api, emergency_calls_file(rows))
    assert report["errors_by_rule"] == {"duplicate_key": 2}
    assert [(e["row"], e["value"]) for e in report["errors"]] == [(2, "C1"), (4, "C1")]


def test_a_file_for_another_force_is_rejected(officer_api):
    report = rejected_report(officer_api, emergency_calls_file(force="cumbria"))
    assert report["errors_by_rule"] == {"other_force": 3}
    assert "another force" in report["errors"][0]["message"]


def test_street_crime_for_another_force_is_rejected(officer_api):
    header = DATASETS["street_crime"].headers
    row = [
        "",
        "2024-03",
        "Cumbria Constabulary",
        "Cumbria Constabulary",
        "",
        "",
        "No Location",
        "",
        "",
        "Anti-social behaviour",
        "",
        "",
    ]
    report = rejected_report(officer_api, csv_bytes(header, [row]), dataset="street_crime")
    assert report["errors_by_rule"] == {"other_force": 1}


@pytest.mark.parametrize("content", [b"", b"force,call_id,connected_at,answered_at,abandoned\n"])
def test_empty_files_are_refused_at_upload(officer_api, content):
    response = upload(officer_api, content)
    assert response.status_code == 400
    assert not Return.objects.exists()


def test_oversized_files_are_refused_at_upload(officer_api, settings):
    settings.RETURN_MAX_BYTES = 100
    response = upload(officer_api, emergency_calls_file())
    assert response.status_code == 413
    assert upload_error(response)["code"] == "too_large"
    assert not Return.objects.exists()


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+44", "-2+3", "@SUM(A1)"])
def test_formula_like_cells_are_rejected(officer_api, cell):
    rows = [["durham", cell, "2024-03-01T08:00:00+00:00", "", "true"]]
    report = rejected_report(officer_api, emergency_calls_file(rows))
    assert report["errors_by_rule"] == {"formula_like": 1}
    assert report["errors"][0]["column"] == "call_id"


def test_broken_csv_names_its_row(officer_api):
    content = emergency_calls_file() + b"durham,C9,2024-03-01T08:00:00+00:00,,true,extra\n"
    report = rejected_report(officer_api, content)
    assert report["errors_by_rule"] == {"csv_format": 1}
    assert report["errors"][0]["row"] == 5, report


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("period", "March 2024", "YYYY-MM"),
        ("period", "2999-01", "future"),
        ("period", "1900-01", "before 2000-01"),
        ("dataset", "burglaries", "must be one of"),
    ],
)
def test_bad_form_fields_are_named(officer_api, field, value, words):
    kwargs = {field: value}
    response = upload(officer_api, emergency_calls_file(), **kwargs)
    assert response.status_code == 400
    assert words in " ".join(upload_error(response)["fields"][field])


def test_rejected_new_version_leaves_the_old_one_in_force(officer_api):
    v1 = upload(officer_api, emergency_calls_file()).json()["id"]
    return_process(return_id=v1)
    bad = [["durham", "X1", "2024-03-01T08:00:00+00:00", "", "perhaps"]]
    report = rejected_report(officer_api, emergency_calls_file(bad))
    assert report["errors_by_rule"] == {"answered_unless_abandoned": 1, "type": 1}
    assert Return.objects.get(pk=v1).status == "loaded"
    assert sorted(EmergencyCallRecord.objects.values_list("call_id", flat=True)) == [
        "C1",
        "C2",
        "C3",
    ]


def test_report_caps_listed_problems_but_counts_them_all(officer_api, settings):
    settings.RETURN_REPORT_MAX_ERRORS = 5
    rows = [["durham", f"C{i}", "2024-01-01T08:00:00+00:00", "", "true"] for i in range(40)]
    report = rejected_report(officer_api, emergency_calls_file(rows))
    assert report["error_count"] == 40 and report["errors_shown"] == 5
    assert report["truncated"] is True


HEADER_LINE = ",".join(DATASETS["emergency_calls"].headers).encode()


@pytest.mark.parametrize(
    "content, rule, row",
    [
        # A field far past Python's csv field limit (131,072), and a 5 MB line.
        (
            csv_bytes(
                HEADER_LINE.decode().split(","), [GOOD, ["durham", "X" * 200_000, *GOOD[2:]]]
            ),
            "max_length",
            3,
        ),
        (HEADER_LINE + b"\ndurham," + b"Y" * 5_000_000 + b"\n", "csv_format", 2),
        # A stray carriage return inside a row of a CRLF file.
        (
            HEADER_LINE + b"\r\ndurham,C1\r,2024-03-01T08:00:00+00:00,,false\r\n",
            "csv_format",
            2,
        ),
        # A NUL byte is UTF-8, but no field can hold it.
        (
            csv_bytes(HEADER_LINE.decode().split(","), [GOOD, ["durham", "C\x002", *GOOD[2:]]]),
            "nul_byte",
            3,
        ),
    ],
    ids=["huge_field", "huge_line", "stray_cr", "nul_byte"],
)
def test_hostile_rows_are_named_in_the_report_by_the_worker_and_the_dry_run(
    officer_api, content, rule, row
):
    report = rejected_report(officer_api, content)
    assert rule in report["errors_by_rule"]
    assert row in [e["row"] for e in report["errors"] if e["rule"] == rule]
    assert "None" not in str(report["errors"])
    dry_run = upload(officer_api, content, path="/api/v1/returns/validate")
    assert dry_run.status_code == 200
    assert dry_run.json()["valid"] is False and rule in dry_run.json()["errors_by_rule"]


def test_a_fault_while_processing_rejects_the_return_and_the_same_file_again_retries_it(
    officer_api, returns_dir
):
    content = emergency_calls_file()
    first = upload(officer_api, content).json()
    # The stored file is lost before the worker reads it: a fault of the service's.
    (returns_dir / Return.objects.get(pk=first["id"]).file_path).unlink()
    ret = return_process(return_id=first["id"])
    assert ret.status == "rejected" and ret.rows_loaded == 0
    assert list(ret.report["errors_by_rule"]) == ["processing_fault"]
    assert "Send the same file again" in ret.report["errors"][0]["message"]
    again = upload(officer_api, content)
    assert again.json()["id"] == first["id"] and again.json()["status"] == "received"
    assert return_process(return_id=first["id"]).status == "loaded"
    assert EmergencyCallRecord.objects.count() == 3


def test_a_return_left_unsettled_by_a_dead_task_is_settled_as_a_fault(officer_api, returns_dir):
    from metrics.returns.services import return_settle_after_fault

    rid = upload(officer_api, emergency_calls_file()).json()["id"]
    Return.objects.filter(pk=rid).update(status="validating")
    return_settle_after_fault(rid)
    ret = Return.objects.get(pk=rid)
    assert ret.status == "rejected" and "processing_fault" in ret.report["errors_by_rule"]
    loaded = upload(officer_api, emergency_calls_file(force="durham")).json()["id"]
    assert loaded == rid  # same bytes: the same return, now retried
    assert return_process(return_id=rid).status == "loaded"
    return_settle_after_fault(rid)  # a settled return is left alone
    assert Return.objects.get(pk=rid).status == "loaded"


def test_sending_a_file_again_while_it_waits_queues_it_again(
    officer_api, settings, django_capture_on_commit_callbacks
):
    settings.PROCESS_RETURNS_ON_RECEIPT = True
    content = emergency_calls_file()
    with django_capture_on_commit_callbacks(execute=False):
        rid = upload(officer_api, content).json()["id"]  # its queueing is lost
    assert Return.objects.get(pk=rid).status == "received"
    with django_capture_on_commit_callbacks(execute=True):
        again = upload(officer_api, content).json()
    assert again["id"] == rid
    assert Return.objects.get(pk=rid).status == "loaded"
