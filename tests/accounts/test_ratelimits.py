"""Rate limits on signing in (per address) and on API requests made with a token (per user):
429 with a clear message, counted in the cache, set by configuration, and lifted when their
window ends. Returns sent are limited too (tests/metrics/returns/test_rate_limits.py)."""

import time

import django_ratelimit.core
import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import ratelimits
from accounts.models import AuditEvent
from accounts.services import token_create
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


class Clock:
    """django-ratelimit's clock, moved on by the test."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(django_ratelimit.core, "time", clock)
    return clock


def _sign_in(client, password="wrong", ip="127.0.0.1", username="sign-in-sue"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def sue(db):
    return UserFactory(username="sign-in-sue", password=PASSWORD)


def test_sign_in_attempts_over_the_limit_get_a_429_page_saying_when_to_try_again(
    client, settings, sue, clock
):
    settings.RATE_LIMIT_SIGN_IN = "3/5m"
    for _ in range(3):
        assert _sign_in(client).status_code == 200  # wrong password: the form again
    response = _sign_in(client, password=PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "govuk-heading-l" in page and "Too many requests" in page
    assert "Too many attempts to sign in from this address: the limit is 3 in 5 minutes." in page
    assert 1 <= int(response["Retry-After"]) <= 300
    assert "_auth_user_id" not in client.session  # the right password was not even tried
    assert AuditEvent.objects.filter(action="rate_limited", detail__limit="sign-in").count() == 1


def test_the_sign_in_limit_is_per_address(client, settings, sue, clock):
    settings.RATE_LIMIT_SIGN_IN = "2/m"
    for _ in range(3):
        _sign_in(client, username="someone-else", ip="10.0.0.1")
    assert _sign_in(client, ip="10.0.0.1").status_code == 429
    response = _sign_in(client, password=PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_sign_in_limit_lifts_when_its_window_ends(client, settings, sue, clock):
    settings.RATE_LIMIT_SIGN_IN = "2/m"
    for _ in range(2):
        _sign_in(client)
    assert _sign_in(client).status_code == 429
    clock.now += 61
    assert _sign_in(client, password=PASSWORD).status_code == 302


def test_looking_at_the_sign_in_page_is_not_counted(client, settings, clock):
    settings.RATE_LIMIT_SIGN_IN = "1/m"
    for _ in range(3):
        assert client.get("/accounts/login/").status_code == 200


def test_lockout_still_comes_at_the_fifth_wrong_password_under_the_default_limit(
    client, settings, sue
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client).status_code == 200
    for password in ("wrong", PASSWORD):
        response = _sign_in(client, password=password)
        assert response.status_code == 429 and b"too many failed attempts" in response.content
        assert b"Too many requests" not in response.content  # axes' page, not the rate limit's


def test_a_limit_set_off_is_not_counted(client, settings, sue):
    settings.RATE_LIMIT_SIGN_IN = "off"
    for _ in range(4):
        _sign_in(client, username="someone-else")
    assert _sign_in(client, password=PASSWORD).status_code == 302


@pytest.mark.parametrize("rate", ["30", "30 a minute", "0/m", "5/w"])
def test_a_malformed_limit_fails_loudly(settings, rate):
    settings.RATE_LIMIT_API = rate
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_API"):
        ratelimits.API.rate()


@pytest.mark.parametrize(
    "rate, wait, said",
    [
        ("30/5m", 200, "the limit is 30 in 5 minutes. Try again in 4 minutes."),
        ("60/h", 1, "the limit is 60 in an hour. Try again in 1 second."),
        ("1200/m", 59, "the limit is 1200 in a minute. Try again in 59 seconds."),
        ("1000/d", 7201, "the limit is 1000 in a day. Try again in 3 hours."),
    ],
)
def test_the_message_says_the_limit_and_when_to_try_again(settings, rate, wait, said):
    settings.RATE_LIMIT_API = rate
    assert ratelimits.message(ratelimits.API, wait).endswith(said)


def _api_with_token(api, user):
    _, raw = token_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return api


def test_api_requests_with_a_token_over_the_limit_get_429_in_the_api_error_format(
    api, settings, officer_a, clock
):
    settings.RATE_LIMIT_API = "3/m"
    api = _api_with_token(api, officer_a)
    for _ in range(3):
        assert api.get("/api/v1/forces/").status_code == 200
    response = api.get("/api/v1/forces/")
    assert response.status_code == 429
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (429, "throttled")
    assert error["message"].startswith(
        "Too many API requests from your account: the limit is 3 in a minute. Try again in "
    )
    assert 1 <= int(response["Retry-After"]) <= 60
    clock.now += 61
    assert api.get("/api/v1/forces/").status_code == 200


def test_the_api_limit_is_per_user_whatever_the_token(api, settings, officer_a, officer_b, clock):
    settings.RATE_LIMIT_API = "2/m"
    api = _api_with_token(api, officer_a)
    api.get("/api/v1/forces/")
    api = _api_with_token(api, officer_a)  # a second token shares the first one's budget
    api.get("/api/v1/forces/")
    assert api.get("/api/v1/forces/").status_code == 429
    api = _api_with_token(api, officer_b)
    assert api.get("/api/v1/forces/").status_code == 200


def test_the_api_limit_counts_token_use_not_signed_in_sessions(api_as, settings, officer_a, clock):
    settings.RATE_LIMIT_API = "1/m"
    api = api_as(officer_a)
    for _ in range(3):
        assert api.get("/api/v1/forces/").status_code == 200


def test_a_malformed_limit_fails_the_system_check(settings):
    settings.RATE_LIMIT_RETURNS = "5/0m"
    problems = ratelimits.check_limits(None)
    assert [p.id for p in problems] == ["accounts.E001"]
    assert "RATE_LIMIT_RETURNS='5/0m'" in problems[0].msg
    settings.RATE_LIMIT_RETURNS = "60/h"
    assert ratelimits.check_limits(None) == []
