"""API tokens: hashed at rest, expiring, revocable, managed on a page and by a command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import AuditEvent
from accounts.services import token_create
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _get_forces(api, raw):
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return api.get("/api/v1/forces/")


def test_token_authenticates_api_with_the_users_scope(api, officer_a):
    _, raw = token_create(user=officer_a)
    response = _get_forces(api, raw)
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_raw_token_is_never_stored(officer_a):
    _, raw = token_create(user=officer_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        rows = cursor.fetchall()
    assert len(rows) == 1
    digest, key = rows[0]
    assert raw not in digest and digest != raw
    assert raw.startswith(key) and len(key) < len(raw)
    assert not AuditEvent.objects.filter(detail__icontains=raw).exists()


def test_expired_token_is_refused(api, officer_a):
    token, raw = token_create(user=officer_a)
    AuthToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = _get_forces(api, raw)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_revoked_token_is_refused(api, client, officer_a):
    token, raw = token_create(user=officer_a)
    client.force_login(officer_a)
    response = client.post(f"/accounts/tokens/{token.token_key}/revoke/")
    assert response.status_code == 302
    assert _get_forces(api, raw).status_code == 401
    assert AuditEvent.objects.filter(action="token_revoked", user=officer_a).count() == 1


def test_token_page_creates_a_token_and_shows_it_once(client, officer_a):
    client.force_login(officer_a)
    response = client.post("/accounts/tokens/", {"days": 30})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("fpo_")
    token = AuthToken.objects.get(user=officer_a)
    assert timedelta(days=29) < token.expiry - timezone.now() <= timedelta(days=30)
    again = client.get("/accounts/tokens/")
    assert raw.encode() not in again.content
    assert token.token_key.encode() in again.content


def test_token_page_rejects_bad_lifetime_with_error(client, officer_a):
    client.force_login(officer_a)
    response = client.post("/accounts/tokens/", {"days": 0})
    assert b"Enter a number of days from 1 to 365" in response.content
    assert not AuthToken.objects.exists()


def test_user_cannot_revoke_another_users_token(client, officer_a, officer_b, api):
    _, raw = token_create(user=officer_b)
    key = AuthToken.objects.get(user=officer_b).token_key
    client.force_login(officer_a)
    client.post(f"/accounts/tokens/{key}/revoke/")
    assert _get_forces(api, raw).status_code == 200


def test_token_command_creates_lists_and_revokes_for_a_system_account(api):
    system = UserFactory(username="durham-system")
    out = StringIO()
    call_command("api_token", "create", "durham-system", "--days", "7", stdout=out)
    raw = out.getvalue().split()[1]
    assert _get_forces(api, raw).status_code == 200
    out = StringIO()
    call_command("api_token", "list", "durham-system", stdout=out)
    assert "active" in out.getvalue()
    call_command("api_token", "revoke", "durham-system", stdout=StringIO())
    assert not AuthToken.objects.filter(user=system).exists()
    assert _get_forces(api, raw).status_code == 401


def test_token_use_is_audited(api, officer_a):
    _, raw = token_create(user=officer_a)
    _get_forces(api, raw)
    assert AuditEvent.objects.filter(action="token_used", user=officer_a).count() == 1
