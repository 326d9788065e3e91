"""The audit log: append-only in the database itself, and what it records (lockouts, token
use, denials, Engage changes made in Django admin). Sign-ins, token creation and revocation,
uploads, downloads, exports and the service's own Engage changes are tested beside them."""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from accounts.models import AuditEvent
from accounts.services import audit_record, token_create
from engage.models import PeelGrade
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(officer_a):
    return audit_record(action=AuditEvent.Action.SIGN_IN, user=officer_a)


def _refused(statement):
    """The statement fails in PostgreSQL, in a savepoint so that the test goes on."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        statement()


def test_the_database_refuses_to_update_or_delete_an_event_through_the_orm(event):
    # The plain manager sends the UPDATE and DELETE that the model's own methods refuse.
    plain = AuditEvent._base_manager
    _refused(lambda: plain.filter(pk=event.pk).update(action="sign_out"))
    _refused(lambda: plain.filter(pk=event.pk).delete())
    assert AuditEvent.objects.get(pk=event.pk).action == "sign_in"


def test_the_database_refuses_to_update_or_delete_an_event_in_raw_sql(event):
    def execute(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])

        return run

    _refused(execute("UPDATE accounts_auditevent SET action = 'sign_out' WHERE id = %s"))
    _refused(execute("DELETE FROM accounts_auditevent WHERE id = %s"))
    _refused(execute("DELETE FROM accounts_auditevent WHERE id <> %s"))  # even of no row
    assert AuditEvent.objects.filter(pk=event.pk, action="sign_in").exists()


def test_deleting_a_user_keeps_their_events_with_their_id_and_name(officer_a, event):
    user_id = officer_a.pk
    officer_a.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.user_id, kept.username) == (user_id, "olga-officer-a")


def test_an_event_names_the_force_it_is_about_or_the_actors_force(
    officer_a, analyst, force_b, event
):
    assert event.force == "durham"  # the data officer acts for Durham
    about_b = audit_record(action=AuditEvent.Action.CHANGE, user=analyst, force=force_b)
    assert about_b.force == "cumbria"
    assert audit_record(action=AuditEvent.Action.EXPORT, user=analyst).force == ""


def test_a_lockout_is_audited(client, force_a):
    UserFactory(username="locked-lou", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "locked-lou", "password": "wrong"})
    event = AuditEvent.objects.get(action="locked_out")
    assert (event.username, event.ip_address) == ("locked-lou", "127.0.0.1")


def test_token_use_is_audited_once_a_day_from_each_address(api, officer_a):
    token, raw = token_create(user=officer_a)
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    for _ in range(3):
        assert api.get("/api/v1/forces/").status_code == 200
    assert api.get("/api/v1/forces/", REMOTE_ADDR="10.1.2.3").status_code == 200
    used = AuditEvent.objects.filter(action="token_used", user=officer_a)
    assert sorted(used.values_list("ip_address", flat=True)) == ["10.1.2.3", "127.0.0.1"]
    assert {e.detail["token_key"] for e in used} == {token.token_key}


def test_a_page_refused_by_the_policy_is_audited_with_the_reason(client, analyst):
    client.force_login(analyst)
    assert client.get("/returns/new/").status_code == 403
    event = AuditEvent.objects.get(action="permission_denied")
    assert event.user == analyst and event.ip_address == "127.0.0.1"
    assert event.detail["path"] == "/returns/new/" and event.detail["method"] == "GET"
    assert event.detail["reason"] == "Your role may not send a return."


def test_an_api_request_refused_by_the_policy_is_audited(api_as, analyst):
    response = api_as(analyst).post("/api/v1/returns/", {})
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="permission_denied")
    assert event.user == analyst and event.detail["path"] == "/api/v1/returns/"
    assert event.detail["reason"] == response.json()["error"]["message"]


def test_an_allowed_request_records_no_denial(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/returns/new/").status_code == 200
    assert not AuditEvent.objects.filter(action="permission_denied").exists()


def test_an_engage_change_in_django_admin_is_audited(client, administrator, force_a):
    client.force_login(administrator)
    response = client.post(
        "/admin/engage/peelgrade/add/",
        {
            "force": force_a.pk,
            "framework": "2023-25",
            "question": "Investigating crime",
            "year": 2025,
            "grade": "adequate",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grade = PeelGrade.objects.get()
    event = AuditEvent.objects.get(action="change", object_id=str(grade.pk))
    assert event.user == administrator and event.force == "durham"
    assert event.detail["what"] == "peel grade added in administration"
    client.post(f"/admin/engage/peelgrade/{grade.pk}/delete/", {"post": "yes"})
    assert not PeelGrade.objects.exists()
    deleted = AuditEvent.objects.filter(detail__what="peel grade deleted in administration")
    assert deleted.get().object_id == str(grade.pk)


def test_a_token_deleted_in_django_admin_is_audited_as_revoked(client, administrator, officer_a):
    token, _ = token_create(user=officer_a)
    client.force_login(administrator)
    response = client.post(
        f"/admin/knox/authtoken/{token.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="token_revoked")
    assert (event.user, event.detail) == (
        officer_a,
        {"token_key": token.token_key, "by": "ada-admin"},
    )


def test_a_token_made_in_django_admin_is_audited(client, administrator, officer_a):
    client.force_login(administrator)
    response = client.post(
        "/admin/knox/authtoken/add/",
        {"user": officer_a.pk, "expiry_0": "2027-01-31", "expiry_1": "12:00:00"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="token_created")
    assert event.user == officer_a and event.detail["by"] == "ada-admin"
