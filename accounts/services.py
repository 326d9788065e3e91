"""Writes about users: roles, API tokens and the audit log."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from knox.models import AuthToken

from accounts import access
from accounts.models import AuditEvent
from accounts.roles import Role


def audit_record(*, action, user=None, obj=None, request=None, force=None, **detail) -> AuditEvent:
    """Append an event to the audit log. `force` (a Force or its slug) is the force the event
    is about; without it, the object's force, or else the force the user acts for."""
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR")
        user = user or (request.user if request.user.is_authenticated else None)
    user = user if user is not None and user.pk else None
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=detail.pop("username", "") or (user.get_username() if user else ""),
        force=_force_slug(force, obj, user),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
        ip_address=ip,
    )


def export_audit(request, **detail) -> AuditEvent:
    """A page's table downloaded (kit.exports)."""
    return audit_record(action=AuditEvent.Action.EXPORT, request=request, **detail)


def _force_slug(force, obj, user) -> str:
    if force is None:
        force = getattr(obj, "force", None)
    if force is None and user is not None:
        force = access.acting_force(user)
    return force if isinstance(force, str) else getattr(force, "slug", "")


@transaction.atomic
def user_assign_role(*, user, role: Role | str, force=None) -> None:
    """Give the user exactly one role; PCCs and force data officers need their force."""
    role = Role(role)
    if access.is_tied_to_a_force(role) and force is None:
        raise ValidationError(f"A {role.label} must be tied to a force.")
    if not access.is_tied_to_a_force(role) and force is not None:
        raise ValidationError(f"A {role.label} sees every force and is not tied to one.")
    access.role_grant(user=user, role=role, force=force)


def token_create(*, user, days: int | None = None, request=None) -> tuple[AuthToken, str]:
    """Create an API token; the raw token is returned once and only its digest is stored."""
    ttl = timedelta(days=days) if days else settings.REST_KNOX["TOKEN_TTL"]
    instance, raw = AuthToken.objects.create(user=user, expiry=ttl)
    audit_record(
        action=AuditEvent.Action.TOKEN_CREATED,
        user=user,
        request=request,
        token_key=instance.token_key,
        expiry=instance.expiry.isoformat(),
    )
    return instance, raw


def token_revoke(*, user, token_key: str, request=None) -> int:
    """Revoke the user's tokens whose key starts with token_key; returns how many."""
    tokens = AuthToken.objects.filter(user=user, token_key__startswith=token_key)
    keys = list(tokens.values_list("token_key", flat=True))
    tokens.delete()
    for key in keys:
        audit_record(
            action=AuditEvent.Action.TOKEN_REVOKED, user=user, request=request, token_key=key
        )
    return len(keys)
