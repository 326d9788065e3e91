import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.middleware import TOUCHED
from accounts.models import AuditEvent
from accounts.services import audit_record


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.SIGN_IN, user=user, request=request)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.SIGN_OUT, user=user, request=request)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    audit_record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address=None, **kwargs):
    """django-axes sends this when an account is locked, and for each attempt refused while it
    stays locked."""
    audit_record(
        action=AuditEvent.Action.LOCKED_OUT, request=request, username=str(username or "")[:150]
    )


@receiver(user_logged_in)
def session_touched_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session: the idle clock starts there (accounts.middleware)."""
    if hasattr(request, "session"):
        request.session[TOUCHED] = int(time.time())
