"""Two middlewares: sessions that end when idle, and the audit of every denial.

Sessions end after SESSION_IDLE_MINUTES without a request. Saving the session on every
request would keep that exact but write the session row on every page view; instead a
signed-in session is saved (and its expiry moved on) at most once a minute, so the idle
limit holds to within a minute at a fraction of the writes."""

import time

from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from accounts.services import audit_record

TOUCH_EVERY_SECONDS = 60
TOUCHED = "_touched"


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(TOUCHED, 0) >= TOUCH_EVERY_SECONDS:
                session[TOUCHED] = now  # marks it modified: SessionMiddleware saves it
        return response


class DenialAuditMiddleware:
    """Every answer of 403 Forbidden goes into the audit log, from a page or the API alike: a
    role refused a decision by the access policy, or a form posted without its CSRF token.
    (Out of scope answers 404, as if missing, and so cannot be told from a mistyped address.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit_record(
                action=AuditEvent.Action.PERMISSION_DENIED,
                request=request,
                method=request.method,
                path=request.path[:500],
                reason=_reason(request, response),
            )
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            request.denied_because = str(exception)


def _reason(request, response) -> str:
    """The message the user was given: the policy's, or the API's error message."""
    data = getattr(response, "data", None)
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return str(data["error"].get("message", ""))[:500]
    return getattr(request, "denied_because", "")[:500]
