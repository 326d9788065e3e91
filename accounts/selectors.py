"""Reads that the access policy scopes: the forces a user may see, and the audit log,
filtered and shaped for its page and its downloads (who may read it is the policy's question,
Decision.SEE_AUDIT_LOG, asked by the view)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts import access
from accounts.access import Decision
from accounts.models import AuditEvent, AuditEventQuerySet
from forces.models import Force, ForceQuerySet


def forces_visible_to(user) -> ForceQuerySet:
    """The forces the user may see: all for national roles, their own for PCCs and force
    data officers, none for anyone else. Every read of forces that serves a user starts here."""
    return access.forces_where(user, Decision.SEE_FORCE)


def similar_forces_visible_to(user, force):
    """The named members of the force's similar group, or None for a user who sees other
    forces only as aggregates."""
    if not access.sees_named_peers(user):
        return None
    return force.similar_forces.select_related("similar")


# A download holds at most this many events, the newest first: narrow the dates for more.
AUDIT_DOWNLOAD_MAX_ROWS = 50_000


def audit_events(
    *,
    who: str = "",
    action: str = "",
    force: Force | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> AuditEventQuerySet:
    """Events newest first: by usernames containing `who`, of one action, about (or by
    someone acting for) one force, between two days inclusive, in the service's time zone."""
    events = AuditEvent.objects.order_by("-at", "-pk")
    if who:
        events = events.filter(username__icontains=who)
    if action:
        events = events.filter(action=action)
    if force is not None:
        events = events.filter(force=force.slug)
    if date_from is not None:
        events = events.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        events = events.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return events


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    who: str
    what: str
    force: str
    about: str
    detail: str
    ip_address: str


def audit_rows(events) -> list[AuditRow]:
    """The events as the page and its downloads show them: the force by name, the object it
    is about, and the detail as one line of text."""
    names = dict(Force.objects.values_list("slug", "name"))
    return [
        AuditRow(
            at=event.at,
            who=event.username,
            what=event.get_action_display(),
            force=names.get(event.force, event.force),
            about=f"{event.object_type} {event.object_id}".strip(),
            detail=detail_text(event.detail),
            ip_address=event.ip_address or "",
        )
        for event in events
    ]


def detail_text(detail: dict) -> str:
    """{"what": "case opened", "flags": [3, 4]} as "what: case opened; flags: 3, 4"."""
    parts = []
    for key, value in (detail or {}).items():
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        if value in ("", None):
            continue
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)
