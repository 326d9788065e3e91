"""Reads of the ASB register, scoped by the access policy: each force the user sees with its
current lead and its action plans."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import access
from accounts.access import Decision
from neighbourhood.models import AsbActionPlan, AsbLead
from neighbourhood.policy import NeighbourhoodDecision


@dataclass
class RegisterRow:
    force: object
    lead: AsbLead | None  # the lead in post today, if any
    plans: list[AsbActionPlan] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)

    @property
    def current_plans(self) -> list[AsbActionPlan]:
        """The newest plan for each area: an older plan for the same area was replaced."""
        newest = {}
        for plan in self.plans:  # newest first
            newest.setdefault(" ".join(plan.covers.lower().split()), plan)
        return list(newest.values())

    @property
    def plans_in_date(self) -> list[AsbActionPlan]:
        return [p for p in self.current_plans if not p.review_overdue(self.today)]

    @property
    def overdue_plans(self) -> list[AsbActionPlan]:
        return [p for p in self.current_plans if p.review_overdue(self.today)]

    @property
    def latest_plan(self) -> AsbActionPlan | None:
        return self.plans[0] if self.plans else None

    @property
    def complete(self) -> bool:
        """A lead in post and a plan not overdue for review."""
        return self.lead is not None and bool(self.plans_in_date)

    @property
    def status(self) -> tuple[str, str]:
        """The register at a glance: (words, GOV.UK tag colour)."""
        if self.complete:
            return "Lead and plan in place", "green"
        if self.lead and self.plans:
            return "Plan overdue for review", "yellow"
        if self.lead:
            return "No action plan", "orange"
        if self.plans:
            return "No lead in post", "orange"
        return "Nothing recorded", "red"


def _in_post(today: date) -> Q:
    return Q(appointed_on__lte=today) & (Q(stood_down_on__isnull=True) | Q(stood_down_on__gt=today))


def register_rows(user, forces=None) -> list[RegisterRow]:
    """Every force the user sees (or those of `forces` they see), in name order."""
    today = timezone.localdate()
    seen = access.forces_where(user, Decision.SEE_FORCE)
    if forces is not None:
        seen = seen.filter(pk__in=[f.pk for f in forces])
    seen = seen.order_by("name").prefetch_related(
        Prefetch("asb_leads", AsbLead.objects.filter(_in_post(today)), to_attr="leads_in_post"),
        Prefetch("asb_plans", AsbActionPlan.objects.order_by("-published_on", "-pk")),
    )
    return [
        RegisterRow(force, (force.leads_in_post or [None])[0], list(force.asb_plans.all()), today)
        for force in seen
    ]


def register_force(user, slug):
    """The force a register page is about: 404 unless the user sees it."""
    return get_object_or_404(access.forces_where(user, Decision.SEE_FORCE), slug=slug)


def register_history(force) -> tuple[list[AsbLead], list[AsbActionPlan]]:
    return list(force.asb_leads.all()), list(force.asb_plans.order_by("-published_on", "-pk"))


def may_record(user, force) -> bool:
    return access.allows(user, NeighbourhoodDecision.RECORD_ASB_REGISTER, force)
