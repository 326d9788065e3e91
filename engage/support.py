"""Levels of support: the unit records a force's level (1 to 4) with its date, reasons and the
evidence it rests on, and keeps the performance improvement plan of a force at level 3 or 4,
its actions and the group's reviews. Every write checks the access policy, keeps its history
(who and why) and is audited.

Beside the recorded level the pages show the evidence since that decision
(`support_evidence`): open flags by rule, failing assurance verdicts, the Engage case and the
latest PEEL grades. It is read, never acted on: the service never sets a level itself."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import access
from accounts.access import Decision
from engage.models import (
    PLAN_LEVELS,
    ImprovementPlan,
    Level,
    PlanAction,
    PlanReview,
    SupportDecision,
)
from engage.policy import EngageDecision
from engage.services import _audit
from engage.status import EngageStatus, engage_status
from kit.history import tracked_save
from oversight.assessments.models import Assessment
from oversight.assessments.verdicts import Assurance
from oversight.flags.models import Flag
from oversight.flags.selectors import force_flags_visible_to

RECORD = EngageDecision.RECORD_SUPPORT_LEVEL
PLAN_ACTION_FIELDS = ("title", "owner", "due_on", "status", "evidence")


# --- Writes ---------------------------------------------------------------------------------


@transaction.atomic
def support_decision_record(
    *,
    user,
    force,
    level: int,
    reasons: str,
    decided_on: date | None = None,
    flags=(),
    assessments=(),
    case=None,
    peel_grades=(),
) -> SupportDecision:
    """Record the unit's decision placing the force at `level`, with the evidence it saw: each
    piece of evidence must be about the force."""
    access.require(user, RECORD, force)
    if level not in Level.values:
        raise ValidationError({"level": "Choose a level from 1 to 4."})
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": "Say why the force is placed at this level."})
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "The date of the decision cannot be in the future."})
    evidence = {"flags": flags, "assessments": assessments, "peel_grades": peel_grades}
    evidence["case"] = [case] if case is not None else []
    for name, items in evidence.items():
        if any(item.force_id != force.pk for item in items):
            raise ValidationError({name: f"Choose evidence about {force.name} only."})
    decision = SupportDecision(
        force=force, level=level, decided_on=decided_on, reasons=reasons, case=case, decided_by=user
    )
    tracked_save(decision, user=user, reason=f"level {level}")
    for name in ("flags", "assessments", "peel_grades"):
        if evidence[name]:
            getattr(decision, name).set(evidence[name])
    _audit(user, decision, "support level recorded", force=force.slug, level=level)
    return decision


@transaction.atomic
def plan_save(
    *,
    user,
    force,
    plan: ImprovementPlan | None = None,
    received_on: date,
    summary: str = "",
    closed_on: date | None = None,
) -> ImprovementPlan:
    """Record the plan the force sent, or change it (closing it with `closed_on`)."""
    access.require(user, RECORD, force)
    if plan is not None and plan.force_id != force.pk:
        raise ValidationError("The plan is not this force's.")
    plan = plan or ImprovementPlan(force=force)
    if closed_on is not None and closed_on < received_on:
        raise ValidationError({"closed_on": "A plan cannot close before it was received."})
    plan.received_on, plan.summary, plan.closed_on = received_on, summary, closed_on
    try:
        with transaction.atomic():
            tracked_save(plan, user=user, reason="closed" if closed_on else "plan")
    except IntegrityError as exc:
        raise ValidationError(f"{force.name} already has an open improvement plan.") from exc
    _audit(user, plan, "improvement plan saved", force=force.slug, closed=closed_on is not None)
    return plan


@transaction.atomic
def plan_action_save(*, user, plan: ImprovementPlan, action: PlanAction | None = None, **fields):
    """Add an action to the plan, or change one."""
    access.require(user, RECORD, plan.force_id)
    unknown = set(fields) - set(PLAN_ACTION_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if action is not None and action.plan_id != plan.pk:
        raise ValidationError("The action is not on this plan.")
    action = action or PlanAction(plan=plan)
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean(exclude=["plan"])
    tracked_save(action, user=user, reason="performance improvement plan")
    _audit(user, plan, "plan action saved", action_id=action.pk, status=action.status)
    return action


@transaction.atomic
def plan_review_record(
    *, user, plan: ImprovementPlan, outcome: str, reviewed_on: date, notes: str = ""
) -> PlanReview:
    """Record the group's review of the plan."""
    access.require(user, RECORD, plan.force_id)
    if outcome not in PlanReview.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the review."})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The date of the review cannot be in the future."})
    review = PlanReview(plan=plan, outcome=outcome, reviewed_on=reviewed_on, notes=notes, by=user)
    tracked_save(review, user=user, reason=outcome)
    _audit(user, plan, "plan reviewed", outcome=outcome)
    return review


# --- The evidence since a decision ------------------------------------------------------------


@dataclass
class RuleCount:
    rule: str
    label: str
    count: int


@dataclass
class SupportEvidence:
    """What has come to light about a force since `since` (its last decision; None: ever)."""

    since: date | None
    flags: list[RuleCount]  # open flags raised since, by rule, most first
    failing: list[Assessment]  # the latest verdicts that consistently miss the target
    engage: EngageStatus | None  # the open case, its causes, the latest PEEL grades

    @property
    def open_flags(self) -> int:
        return sum(c.count for c in self.flags)


def support_evidence(user, force, since: date | None) -> SupportEvidence:
    """The evidence about the force that the user may see: open flags raised since `since`,
    counted by rule; the stored assurance verdicts that fail; its Engage standing. Computed
    here for the page to show beside the recorded level, and never acted on."""
    flags = force_flags_visible_to(user, force).exclude(status=Flag.Status.CLOSED)
    if since is not None:
        flags = flags.filter(created_at__gte=timezone.make_aware(datetime.combine(since, time())))
    counted = Counter(flags.values_list("rule", flat=True))
    labels = dict(Flag.Rule.choices)
    by_rule = [
        RuleCount(rule, labels.get(rule, rule), n)
        for rule, n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    ]
    failing = []
    if access.allows(user, Decision.SEE_FIGURES, force.pk):
        failing = list(
            Assessment.objects.filter(force=force, assurance=Assurance.FAIL).order_by("metric")
        )
    return SupportEvidence(since, by_rule, failing, engage_status(user, force))


def plan_required(decision: SupportDecision | None, plan: ImprovementPlan | None) -> bool:
    """Whether the force's current level asks for a plan that it has not sent."""
    return decision is not None and decision.level in PLAN_LEVELS and plan is None
