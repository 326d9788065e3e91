"""The force data officer's pages: upload form, their returns, the readable report."""

import csv
import io

import pytest

from metrics.datasets import DATASETS
from metrics.models import Return
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, emergency_calls_file
from tests.metrics.factories import MisconductCaseRowFactory, ReturnFactory

pytestmark = pytest.mark.django_db


def post_form(client, content: bytes, **fields):
    file = io.BytesIO(content)
    file.name = "calls.csv"
    data = {"dataset": "emergency_calls", "period": "2024-03", "file": file, **fields}
    return client.post("/returns/new/", data)


def test_officer_uploads_through_the_form_and_sees_the_return(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/returns/new/").status_code == 200
    response = post_form(client, emergency_calls_file())
    ret = Return.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/returns/{ret.pk}/"
    page = client.get("/returns/").content.decode()
    assert "999 calls" in page and "Received" in page


def test_officer_sends_an_aggregate_return_through_the_form(client, officer_a):
    client.force_login(officer_a)
    header = "force,month,answered,answer_band,calls\n"
    counts = (header + "durham,2024-03,true,0-10,70\ndurham,2024-03,false,,3\n").encode()
    response = post_form(client, counts, kind="aggregate")
    ret = Return.objects.get()
    assert response.status_code == 302 and (ret.kind, ret.dataset) == (
        "aggregate",
        "emergency_calls",
    )
    detail = client.get(f"/returns/{ret.pk}/").content.decode()
    # Not read yet: the version its header follows is not known until it is.
    assert "Aggregate (emergency_calls_aggregate)" in detail
    assert "(aggregate)" in client.get("/returns/").content.decode()


def test_a_dataset_without_an_aggregate_schema_is_refused_by_name(client, officer_a):
    client.force_login(officer_a)
    response = post_form(client, b"force,month\n", dataset="workforce", kind="aggregate")
    assert response.status_code == 200
    assert "workforce has no aggregate returns" in response.content.decode()
    assert not Return.objects.exists()


def test_form_errors_use_the_error_summary(client, officer_a):
    client.force_login(officer_a)
    response = post_form(client, b"", period="March")
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the month as YYYY-MM" in page
    assert not Return.objects.exists()


def test_rejected_report_lists_errors_by_row_and_column(client, officer_a):
    client.force_login(officer_a)
    rows = [["durham", "C1", "2024-03-01T08:00:00+00:00", "", "maybe"]]
    post_form(client, emergency_calls_file(rows))
    ret = Return.objects.get()
    return_process(return_id=ret.pk)
    page = client.get(f"/returns/{ret.pk}/").content.decode()
    assert "This return was rejected" in page
    assert "abandoned must be true or false" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page


def test_other_forces_cannot_see_or_download_the_return(client, officer_a, officer_b, pcc_b):
    client.force_login(officer_a)
    post_form(client, emergency_calls_file())
    ret = Return.objects.get()
    assert client.get(f"/returns/{ret.pk}/file").status_code == 200
    for user in (officer_b, pcc_b):
        client.force_login(user)
        assert client.get(f"/returns/{ret.pk}/").status_code == 404
        assert client.get(f"/returns/{ret.pk}/file").status_code == 404


def test_pcc_cannot_reach_the_upload_form(client, pcc_a):
    client.force_login(pcc_a)
    assert client.get("/returns/new/").status_code == 404


def test_returns_list_only_shows_own_force(client, officer_a, officer_b):
    client.force_login(officer_a)
    post_form(client, emergency_calls_file())
    client.force_login(officer_b)
    page = client.get("/returns/")
    assert list(page.context["page"].object_list) == []


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_returns_list_downloads_every_return_the_user_sees(client, officer_a, force_b):
    ReturnFactory(version=1)
    ReturnFactory(version=2, kind="aggregate", status="rejected")
    ReturnFactory(force=force_b, version=1)
    client.force_login(officer_a)
    response = client.get("/returns/", {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="returns-')
    assert read_csv(response) == [
        ["Force", "Dataset", "Kind", "Month", "Version", "Status", "Rows", "Received"],
        ["Durham Constabulary", "999 calls", "Aggregate", "2024-03-01", "2", "Rejected", ""]
        + ["2024-04-02T09:00:00+01:00"],
        ["Durham Constabulary", "999 calls", "Record-level", "2024-03-01", "1", "Loaded", "3"]
        + ["2024-04-02T09:00:00+01:00"],
    ]
    assert 'href="?format=csv">Download' in client.get("/returns/").content.decode()


def test_rejected_report_downloads_its_problems(client, officer_a):
    client.force_login(officer_a)
    post_form(client, emergency_calls_file([["durham", "C1", "2024-03-01T08:00:00Z", "", "x"]]))
    ret = Return.objects.get()
    return_process(return_id=ret.pk)
    response = client.get(f"/returns/{ret.pk}/", {"format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="durham-emergency_calls-2024-03-v1-problems.csv"'
    )
    assert read_csv(response) == [
        ["Row", "Column", "Value", "Problem", "Rule"],
        ["2", "abandoned", "x", "abandoned must be true or false", "type"],
        ["2", "answered_at", "", "A call that was not abandoned needs answered_at."]
        + ["answered_unless_abandoned"],
    ]
    assert 'href="?format=xlsx">Download' in client.get(f"/returns/{ret.pk}/").content.decode()


def test_a_loaded_returns_problems_download_is_empty(client, officer_a):
    ret = ReturnFactory(version=1, report={"valid": True, "errors": []})
    client.force_login(officer_a)
    response = client.get(f"/returns/{ret.pk}/", {"format": "csv"})
    assert read_csv(response) == [["Row", "Column", "Value", "Problem", "Rule"]]
    assert "format=csv" not in client.get(f"/returns/{ret.pk}/").content.decode()


def test_returns_pages_refuse_an_unknown_download_format(client, officer_a):
    ret = ReturnFactory(version=1)
    client.force_login(officer_a)
    for url in ("/returns/", f"/returns/{ret.pk}/"):
        response = client.get(url, {"format": "foo"})
        assert response.status_code == 400, url
        assert "use format=csv or format=xlsx" in response.content.decode()


def test_admin_can_process_a_return_now(
    client, officer_a, administrator, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    post_form(client, emergency_calls_file())
    ret = Return.objects.get()
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/metrics/return/", {"action": "process_now", "_selected_action": [ret.pk]}
        )
    assert response.status_code == 302
    assert Return.objects.get().status == "loaded"


def test_a_loaded_return_shows_its_warnings_and_the_version_it_was_read_with(client, officer_a):
    dataset = DATASETS["misconduct_cases"]
    row = MisconductCaseRowFactory(
        severity="gross_misconduct",
        outcome="dismissal",
        proceeding_type="misconduct_hearing",
        finding="gross_misconduct_proven",
        concluded_date="2024-03-01",
    )
    client.force_login(officer_a)
    post_form(
        client,
        csv_bytes(dataset.headers, [[row[c.field] for c in dataset.columns]]),
        dataset="misconduct_cases",
    )
    ret = return_process(return_id=Return.objects.get().pk)
    assert ret.status == "loaded"
    page = client.get(f"/returns/{ret.pk}/").content.decode()
    assert "(misconduct_cases/v2)" in page
    assert "Warnings by row and column" in page and "the return loaded" in page
    assert "barred_list_notified_on_time" in page and "within 28 days" in page

    v1 = dataset.versions[0]
    post_form(
        client,
        csv_bytes(v1.headers, [[row[c.field] for c in v1.columns]]),
        dataset="misconduct_cases",
    )
    older = return_process(return_id=Return.objects.latest("pk").pk)
    page = client.get(f"/returns/{older.pk}/").content.decode()
    assert older.status == "loaded" and "(misconduct_cases/v1)" in page
    assert "Warnings by row and column" not in page
