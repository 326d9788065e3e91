"""Rate limits on signing in, the API and sending returns (DESIGN section 9).

Each limit is a setting read from the environment, "<count>/<period>": the period is s, m, h
or d, with an optional multiple ("30/5m" is 30 in five minutes), or "off". Requests are
counted by django-ratelimit in the Django cache (Redis in production, so every web process
shares the count) in fixed windows, each key's window starting at its own offset. Over the
limit, a page answers 429 with the GOV.UK error page `429.html`, the API 429 in its error
format (kit.api); both say when to try again, in words and in Retry-After. The first
refusal of each key in a window is audited.

- Sign-in: each POST of the sign-in form, per IP address, on top of django-axes' lockout of
  an account after AXES_FAILURE_LIMIT wrong passwords from one address.
- API: each request authenticated by an API token, per user (a force's system may hold
  several tokens; they share one budget).
- Returns: each return sent or validated, by the API or the upload page, per user.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django_ratelimit.core import get_usage
from knox.models import AuthToken
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from accounts.models import AuditEvent
from accounts.services import audit_record

OFF = ("", "off", "none")
RATE = re.compile(r"(\d+)/(\d*)([smhd])")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
UNITS = {86400: "day", 3600: "hour", 60: "minute", 1: "second"}


@dataclass(frozen=True)
class Limit:
    group: str
    setting: str
    key: str  # django-ratelimit's key: "ip" or "user"
    counted: str  # what is counted, for the message: "attempts to sign in from this address"

    def rate(self) -> tuple[int, int] | None:
        """(count, seconds), or None when the limit is off."""
        text = str(getattr(settings, self.setting, "") or "").strip().lower()
        if text in OFF:
            return None
        found = RATE.fullmatch(text)
        if found is None or int(found[1]) < 1 or int(found[2] or 1) < 1:
            raise ImproperlyConfigured(
                f"{self.setting}={text!r}: give <count>/<period>, such as 30/5m, or off."
            )
        count, multiple, unit = found.groups()
        return int(count), int(multiple or 1) * SECONDS[unit]


SIGN_IN = Limit("sign-in", "RATE_LIMIT_SIGN_IN", "ip", "attempts to sign in from this address")
API = Limit("api", "RATE_LIMIT_API", "user", "API requests from your account")
RETURNS = Limit("returns", "RATE_LIMIT_RETURNS", "user", "returns sent from your account")


LIMITS = (SIGN_IN, API, RETURNS)


@checks.register(checks.Tags.security)
def check_limits(app_configs, **kwargs):
    """A malformed limit fails `manage.py check` (and so the deploy), not a first request."""
    problems = []
    for limit in LIMITS:
        try:
            limit.rate()
        except ImproperlyConfigured as problem:
            problems.append(checks.Error(str(problem), id="accounts.E001"))
    return problems


def over_limit(request, limit: Limit) -> int | None:
    """Count the request against the limit: None while within it, else the seconds until its
    window ends. The first refusal of a key in a window is audited."""
    rate = limit.rate()
    if rate is None:
        return None
    usage = get_usage(request, group=limit.group, key=limit.key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    wait = max(usage["time_left"], 1)
    if usage["count"] == usage["limit"] + 1:
        audit_record(
            action=AuditEvent.Action.RATE_LIMITED,
            request=request,
            limit=limit.group,
            rate=getattr(settings, limit.setting),
            path=request.path[:500],
        )
    return wait


def message(limit: Limit, wait: int) -> str:
    count, seconds = limit.rate()
    return (
        f"Too many {limit.counted}: the limit is {count} in {_period(seconds)}. "
        f"Try again in {_duration(wait)}."
    )


def _period(seconds: int) -> str:
    size = next(size for size in UNITS if seconds % size == 0)
    multiple, unit = seconds // size, UNITS[size]
    if multiple > 1:
        return f"{multiple} {unit}s"
    return f"an {unit}" if unit == "hour" else f"a {unit}"


def _duration(seconds: int) -> str:
    """Rounded up: never sooner than the limit lifts."""
    for size, unit, under in ((1, "second", 60), (60, "minute", 2 * 3600), (3600, "hour", None)):
        if under is None or seconds < under:
            amount = -(-seconds // size)
            return f"{amount} {unit}{'s' if amount != 1 else ''}"
    raise AssertionError("unreachable")


def limited_page(limit: Limit, methods=("POST",)):
    """A view decorator: requests of these methods count against the limit; over it, the 429
    page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                wait = over_limit(request, limit)
                if wait is not None:
                    return too_many_requests(request, limit, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, limit: Limit, wait: int):
    response = render(request, "429.html", {"message": message(limit, wait)}, status=429)
    response["Retry-After"] = str(wait)
    return response


class LimitThrottle(BaseThrottle):
    """A DRF throttle over one of the limits above; raising Throttled gives the API's error
    format with the message, and DRF adds Retry-After."""

    limit: Limit

    def applies(self, request, view) -> bool:
        return True

    def allow_request(self, request, view):
        if self.applies(request, view):
            wait = over_limit(request, self.limit)
            if wait is not None:
                raise Throttled(wait=wait, detail=message(self.limit, wait))
        return True


class ApiThrottle(LimitThrottle):
    """Requests made with an API token (REST_FRAMEWORK's default throttle)."""

    limit = API

    def applies(self, request, view) -> bool:
        return isinstance(request.auth, AuthToken)


class ReturnsThrottle(LimitThrottle):
    """Returns sent or validated through the API."""

    limit = RETURNS
