"""Writes to the ASB register: a new lead (standing down the one in post) and an action plan,
each kept in the history with who recorded it, and audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access
from accounts.models import AuditEvent
from accounts.services import audit_record
from kit.history import tracked_save
from neighbourhood.models import AsbActionPlan, AsbLead
from neighbourhood.policy import NeighbourhoodDecision

RECORD = NeighbourhoodDecision.RECORD_ASB_REGISTER


def _not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future."})


@transaction.atomic
def asb_lead_record(*, user, force, name: str, role: str, appointed_on: date) -> AsbLead:
    """Record the force's new ASB lead: the lead in post stands down on their appointment."""
    access.require(user, RECORD, force)
    name, role = (name or "").strip(), (role or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the lead's name."})
    if not role:
        raise ValidationError({"role": "Enter the lead's rank and post."})
    _not_future(appointed_on, "appointed_on", "The date of appointment")
    current = (
        AsbLead.objects.select_for_update()
        .filter(force=force, stood_down_on__isnull=True)
        .order_by("-appointed_on")
    )
    for lead in current:
        if lead.appointed_on >= appointed_on:
            raise ValidationError(
                {
                    "appointed_on": f"{lead.name} was appointed on {lead.appointed_on:%-d %B %Y}: "
                    "a new lead is appointed after the one in post."
                }
            )
        lead.stood_down_on = appointed_on
        tracked_save(lead, user=user, reason="stood down")
    lead = AsbLead(force=force, name=name, role=role, appointed_on=appointed_on, recorded_by=user)
    tracked_save(lead, user=user, reason="appointed")
    audit_record(
        action=AuditEvent.Action.CHANGE,
        user=user,
        obj=lead,
        force=force.slug,
        what="ASB lead recorded",
    )
    return lead


@transaction.atomic
def asb_plan_record(
    *, user, force, title: str, covers: str, published_on: date, review_due_on=None, url=""
) -> AsbActionPlan:
    access.require(user, RECORD, force)
    title, covers = (title or "").strip(), (covers or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the plan's title."})
    if not covers:
        raise ValidationError({"covers": "Say what area the plan covers."})
    _not_future(published_on, "published_on", "The date of publication")
    if review_due_on is not None and review_due_on < published_on:
        raise ValidationError({"review_due_on": "A review cannot be due before publication."})
    plan = AsbActionPlan(
        force=force,
        title=title,
        covers=covers,
        published_on=published_on,
        review_due_on=review_due_on,
        url=url or "",
        recorded_by=user,
    )
    tracked_save(plan, user=user, reason="published")
    audit_record(
        action=AuditEvent.Action.CHANGE,
        user=user,
        obj=plan,
        force=force.slug,
        what="ASB action plan recorded",
    )
    return plan
