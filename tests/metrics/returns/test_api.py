"""Sending returns through the API, processing them, versions and scoping."""

import pytest
from django.core import mail

from accounts.models import AuditEvent
from metrics.models import EmergencyCallRecord, Return
from metrics.returns.services import return_process, returns_queue_received
from tests.metrics.conftest import emergency_calls_file, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_api(api_as, officer_a):
    return api_as(officer_a)


def test_upload_answers_202_with_id_status_and_url_and_stores_the_file(officer_api, returns_dir):
    response = upload(officer_api, emergency_calls_file())
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "received" and body["version"] == 1
    assert body["url"].endswith(f"/api/v1/returns/{body['id']}/")
    ret = Return.objects.get(pk=body["id"])
    stored = returns_dir / ret.file_path
    assert stored.read_bytes() == emergency_calls_file()
    assert ret.size_bytes == len(emergency_calls_file()) and len(ret.sha256) == 64
    assert AuditEvent.objects.filter(action="upload", object_id=str(ret.pk)).exists()


def test_processing_loads_every_row_and_detail_shows_it(officer_api):
    rid = upload(officer_api, emergency_calls_file()).json()["id"]
    return_process(return_id=rid)
    body = officer_api.get(f"/api/v1/returns/{rid}/").json()
    assert body["status"] == "loaded"
    assert body["rows_total"] == body["rows_loaded"] == 3
    assert body["progress"] == 1.0
    assert body["report"]["valid"] is True
    assert set(body["timings"]) >= {"store", "check", "total"}
    assert EmergencyCallRecord.objects.filter(source_return_id=rid).count() == 3
    abandoned = EmergencyCallRecord.objects.get(source_return_id=rid, call_id="C3")
    assert abandoned.abandoned is True and abandoned.answered_at is None
    # 23:59 BST on 31 March is 22:59 UTC.
    assert abandoned.connected_at.isoformat() == "2024-03-31T22:59:00+00:00"


def test_identical_file_again_returns_the_existing_return(officer_api):
    first = upload(officer_api, emergency_calls_file()).json()
    again = upload(officer_api, emergency_calls_file())
    assert again.status_code == 202
    assert again.json()["id"] == first["id"] and again.json()["created"] is False
    assert Return.objects.count() == 1
    sent = AuditEvent.objects.filter(action="upload", object_id=str(first["id"])).order_by("pk")
    assert [event.detail["again"] for event in sent] == [False, True]  # both sends audited


def test_new_version_supersedes_the_old_only_once_it_has_loaded(officer_api):
    v1 = upload(officer_api, emergency_calls_file()).json()["id"]
    return_process(return_id=v1)
    rows = [["durham", "D1", "2024-03-05T10:00:00+00:00", "2024-03-05T10:00:02+00:00", "false"]]
    v2 = upload(officer_api, emergency_calls_file(rows)).json()["id"]
    assert Return.objects.get(pk=v2).version == 2
    assert Return.objects.get(pk=v1).status == "loaded"  # still in force until v2 loads
    return_process(return_id=v2)
    assert Return.objects.get(pk=v1).status == "superseded"
    assert Return.objects.get(pk=v2).status == "loaded"
    assert list(EmergencyCallRecord.objects.values_list("call_id", flat=True)) == ["D1"]
    # The superseded version stays readable.
    assert officer_api.get(f"/api/v1/returns/{v1}/file").status_code == 200


def test_processing_twice_is_safe(officer_api):
    rid = upload(officer_api, emergency_calls_file()).json()["id"]
    return_process(return_id=rid)
    assert return_process(return_id=rid) is None
    assert EmergencyCallRecord.objects.count() == 3
    assert Return.objects.get(pk=rid).attempts == 1


def test_overnight_run_processes_everything_received(officer_api, api_as, officer_b):
    upload(officer_api, emergency_calls_file())
    upload(api_as(officer_b), emergency_calls_file(force="cumbria"))
    assert returns_queue_received() == 2  # Celery runs eagerly in the tests
    assert set(Return.objects.values_list("status", flat=True)) == {"loaded"}
    assert returns_queue_received() == 0


def test_officer_sending_for_another_force_gets_404_and_nothing_is_stored(officer_api, returns_dir):
    response = upload(officer_api, emergency_calls_file(force="cumbria"), force="cumbria")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["message"] == "No force you may see has that id."
    assert not Return.objects.exists()
    assert not returns_dir.exists() or not any(returns_dir.rglob("*.csv"))


@pytest.mark.parametrize("persona, status", [("pcc_a", 404), ("analyst", 403), ("inspector", 403)])
def test_users_who_may_not_submit_are_refused(persona, status, request, api_as):
    """A PCC sees no returns at all (404); an analyst sees them but may not send one (403)."""
    api = api_as(request.getfixturevalue(persona))
    assert upload(api, emergency_calls_file()).status_code == status
    assert not Return.objects.exists()


def test_administrator_must_name_the_force(api_as, administrator):
    api = api_as(administrator)
    response = upload(api, emergency_calls_file())
    assert response.status_code == 400
    assert "force" in response.json()["error"]["fields"]
    assert upload(api, emergency_calls_file(), force="durham").status_code == 202


def test_returns_list_detail_and_file_are_scoped(
    officer_api, api_as, officer_b, pcc_a, pcc_b, analyst
):
    rid = upload(officer_api, emergency_calls_file()).json()["id"]
    for user in (officer_b, pcc_b, pcc_a):  # a PCC sees no returns, not even their force's
        other = api_as(user)
        assert other.get("/api/v1/returns/").json()["count"] == 0
        assert other.get(f"/api/v1/returns/{rid}/").status_code == 404
        assert other.get(f"/api/v1/returns/{rid}/file").status_code == 404
    assert api_as(analyst).get("/api/v1/returns/").json()["count"] == 1


def test_file_download_is_audited(officer_api, officer_a):
    rid = upload(officer_api, emergency_calls_file()).json()["id"]
    response = officer_api.get(f"/api/v1/returns/{rid}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == emergency_calls_file()
    assert (
        AuditEvent.objects.filter(action="download", user=officer_a, object_id=str(rid)).count()
        == 1
    )


def test_dry_run_reports_and_stores_nothing(officer_api, returns_dir):
    good = officer_api.post  # noqa: F841  (the client is reused below)
    response = upload(officer_api, emergency_calls_file(), path="/api/v1/returns/validate")
    assert response.status_code == 200
    assert response.json()["valid"] is True and response.json()["rows_total"] == 3
    bad_rows = [["durham", "C1", "2024-02-29T08:00:00+00:00", "", "false"]]
    report = upload(
        officer_api, emergency_calls_file(bad_rows), path="/api/v1/returns/validate"
    ).json()
    assert report["valid"] is False
    assert report["errors_by_rule"] == {"answered_unless_abandoned": 1, "period": 1}
    assert not Return.objects.exists()
    assert EmergencyCallRecord.objects.count() == 0


def test_rejection_emails_the_forces_data_officers(officer_api, officer_a, officer_b):
    rows = [["durham", "C1", "2024-03-01T08:00:00+00:00", "soon", "false"]]
    rid = upload(officer_api, emergency_calls_file(rows)).json()["id"]
    return_process(return_id=rid)
    assert Return.objects.get(pk=rid).status == "rejected"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer_a.email]
    assert "rejected" in mail.outbox[0].subject.lower()
    assert "row 2, answered_at" in mail.outbox[0].body


def test_datasets_endpoint_publishes_versioned_schemas(officer_api):
    body = officer_api.get("/api/v1/datasets/").json()
    assert body["count"] == 12
    codes = {d["code"] for d in body["results"]}
    assert codes == {
        "street_crime",
        "recorded_crime",
        "emergency_calls",
        "incident_response",
        "workforce",
        "misconduct_cases",
        "vetting_decisions",
        "stop_and_search",
        "neighbourhood_queries",
        "neighbourhood_coverage",
        "use_of_force",
        "confidence_surveys",
    }
    street = officer_api.get("/api/v1/datasets/street_crime/").json()
    assert street["schema_id"] == "street_crime/v1"
    assert [c["header"] for c in street["columns"]][:3] == ["Crime ID", "Month", "Reported by"]
    crime_type = next(c for c in street["columns"] if c["header"] == "Crime type")
    assert "Violence and sexual offences" in crime_type["allowed_values"]
    assert all(c["description"] for c in street["columns"])
