"""Sign-in, sign-out, lockout, session expiry and the audit of each."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.roles import Role
from tests.accounts.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def signer(force_a):
    return user_with_role(Role.PCC, force=force_a, username="sam-signer", password=PASSWORD)


@pytest.mark.parametrize("path", ["/", "/forces/durham/", "/accounts/tokens/"])
def test_anonymous_user_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_anonymous_api_request_is_refused_in_the_error_format(api):
    response = api.get("/api/v1/forces/")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_sign_in_page_is_govuk_styled(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'class="govuk-input' in page
    assert "govuk-button" in page
    assert 'autocomplete="current-password"' in page


def test_sign_in_with_correct_password_reaches_start_page_and_is_audited(client, signer):
    response = client.post("/accounts/login/", {"username": "sam-signer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/", follow=True).status_code == 200
    assert AuditEvent.objects.filter(action="sign_in", user=signer).count() == 1


def test_password_is_hashed_with_argon2(signer):
    assert identify_hasher(signer.password).algorithm == "argon2"


def test_wrong_password_shows_error_summary(client, signer):
    response = client.post("/accounts/login/", {"username": "sam-signer", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content
    assert AuditEvent.objects.filter(action="sign_in_failed", username="sam-signer").count() == 1


def test_lockout_after_repeated_failures_refuses_even_the_right_password(client, signer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "sam-signer", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "sam-signer", "password": PASSWORD})
    assert response.status_code == 429
    assert b"too many failed attempts" in response.content
    assert client.get("/").status_code == 302


def test_sign_out_needs_post_and_ends_the_session(client, signer):
    client.force_login(signer)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="sign_out", user=signer).exists()


def test_idle_session_expires(client, signer):
    client.force_login(signer)
    assert client.get("/accounts/tokens/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/accounts/tokens/").status_code == 302


def test_sessions_expire_after_idle_minutes_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_request_moves_the_idle_expiry_on_at_most_once_a_minute(client, signer):
    client.force_login(signer)
    client.get("/accounts/tokens/")
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get("/accounts/tokens/")  # within the minute: no write
    assert Session.objects.get().expire_date < timezone.now() + timedelta(minutes=6)
    session = client.session
    session["_touched"] -= 61
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get("/accounts/tokens/")  # a minute on: the expiry moves to 30 minutes from now
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)


def test_audit_log_is_append_only(signer):
    event = AuditEvent.objects.create(action="sign_in", user=signer, username=signer.username)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="sign_out")
