"""Writes about Engage cases: open a case, move it through the one table of transitions,
raise causes of concern with their exit criteria, keep the improvement plan. Every write
checks the access policy, keeps its history (who and why) and is audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import access
from accounts.models import AuditEvent
from accounts.services import audit_record
from engage.models import (
    Case,
    CaseTransition,
    CauseOfConcern,
    ExitCriterion,
    ImprovementAction,
    State,
)
from engage.policy import EngageDecision
from kit.history import tracked_save
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.targets import target_of
from oversight.flags.services import flag_set_status

# The one table of moves. A move to scan is an exit: it closes the case.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.SCAN: (State.ENGAGE,),
    State.ENGAGE: (State.PPOG, State.SCAN),
    State.PPOG: (State.INTERVENTION_ADVISED, State.SCAN),
    State.INTERVENTION_ADVISED: (State.SCAN,),
}


def allowed_transitions(case: Case) -> tuple[str, ...]:
    """The states the case may move to now: none once it is closed."""
    return TRANSITIONS[case.state] if case.is_open else ()


def _audit(user, obj, what: str, **detail) -> None:
    audit_record(action=AuditEvent.Action.CHANGE, user=user, obj=obj, what=what, **detail)


@transaction.atomic
def case_open(*, user, force, reason: str, summary: str = "", at=None) -> Case:
    """Open a case for the force in scan; a force has at most one open case."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, force)
    reason = _required(reason, "reason", "Say why the case is opened.")
    if Case.objects.open().filter(force=force).exists():
        raise ValidationError({"force": f"{force.name} already has an open case."})
    at = at or timezone.now()
    case = Case(force=force, state=State.SCAN, summary=summary, opened_at=at, opened_by=user)
    case.reference = f"{force.slug}-{at:%Y%m%d}"
    try:
        with transaction.atomic():
            tracked_save(case, user=user, reason=reason)
    except IntegrityError as exc:
        raise ValidationError({"force": f"{force.name} already has an open case."}) from exc
    transition = CaseTransition(case=case, to_state=State.SCAN, reason=reason, by=user, at=at)
    tracked_save(transition, user=user, reason=reason)
    _audit(user, case, "case opened", force=force.slug, reason=reason)
    return case


@transaction.atomic
def case_transition(*, user, case: Case, to: str, reason: str, at=None) -> CaseTransition:
    """Move the case to `to` if the table allows it; a move to scan closes the case."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    case = Case.objects.select_for_update().get(pk=case.pk)
    allowed = allowed_transitions(case)
    if to not in allowed:
        names = ", ".join(allowed) or "none: the case is closed"
        raise ValidationError(
            {"to": f"A case in {case.state} cannot move to {to or 'nothing'}. Allowed: {names}."}
        )
    reason = _required(reason, "reason", "Say why the case moves.")
    at = at or timezone.now()
    transition = CaseTransition(
        case=case, from_state=case.state, to_state=to, reason=reason, by=user, at=at
    )
    tracked_save(transition, user=user, reason=reason)
    case.state = to
    if to == State.SCAN:
        case.closed_at = at
    tracked_save(case, user=user, reason=reason)
    _audit(user, case, "case transition", from_state=transition.from_state, to=to, reason=reason)
    return transition


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _check_metrics(codes) -> list[str]:
    codes = list(codes or [])
    unknown = [c for c in codes if c not in METRICS_BY_CODE]
    if unknown:
        raise ValidationError({"metric_codes": f"Unknown metrics: {', '.join(unknown)}."})
    return codes


@transaction.atomic
def cause_add(
    *,
    user,
    case: Case,
    title: str,
    description: str = "",
    flags=(),
    metric_codes=(),
    peel_areas=(),
    accelerated: bool = False,
    opened_on=None,
) -> CauseOfConcern:
    """A cause of concern on an open case, linked to the force's flags, metrics and PEEL
    areas."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    if not case.is_open:
        raise ValidationError({"case": "Causes of concern are raised on an open case."})
    flags = list(flags)
    if any(f.force_id != case.force_id for f in flags):
        raise ValidationError({"flags": "A cause links only to flags about its case's force."})
    cause = CauseOfConcern(
        case=case,
        title=_required(title, "title", "Give the cause a title."),
        description=description,
        metric_codes=_check_metrics(metric_codes),
        peel_areas=[a.strip() for a in peel_areas if a.strip()],
        accelerated=accelerated,
        opened_on=opened_on or timezone.localdate(),
    )
    tracked_save(cause, user=user, reason="cause of concern raised")
    if flags:
        cause._history_user = user
        cause.flags.set(flags)
        for flag in flags:
            _link_flag(user, flag, case)
    _audit(user, case, "cause of concern raised", cause=cause.pk, flags=[f.pk for f in flags])
    return cause


def _link_flag(user, flag, case: Case) -> None:
    flag_set_status(user=user, flag=flag, status=flag.Status.LINKED, case_reference=case.reference)


@transaction.atomic
def flag_raise_as_cause(*, user, flag, title: str = "", reason: str = "") -> CauseOfConcern:
    """Raise a flag as a cause of concern in one step: on the force's open case, or on a new
    case opened for it."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, flag.force_id)
    case = Case.objects.open().filter(force_id=flag.force_id).first()
    if case is None:
        case = case_open(user=user, force=flag.force, reason=reason or f"Flag: {flag.summary}")
    return cause_add(
        user=user,
        case=case,
        title=title or flag.summary[:200],
        flags=[flag],
        metric_codes=[flag.metric] if flag.metric else [],
    )


@transaction.atomic
def cause_close(*, user, cause: CauseOfConcern, reason: str, closed_on=None) -> CauseOfConcern:
    access.require(user, EngageDecision.CHANGE_ENGAGE, cause.case.force_id)
    reason = _required(reason, "reason", "Say why the cause is closed.")
    cause.status, cause.closed_on = CauseOfConcern.Status.CLOSED, closed_on or timezone.localdate()
    tracked_save(cause, user=user, reason=reason)
    _audit(user, cause.case, "cause of concern closed", cause=cause.pk, reason=reason)
    return cause


@transaction.atomic
def criterion_add(
    *, user, cause: CauseOfConcern, kind: str, metric: str, months: int, target=None
) -> ExitCriterion:
    access.require(user, EngageDecision.CHANGE_ENGAGE, cause.case.force_id)
    if kind not in ExitCriterion.Kind.values:
        raise ValidationError({"kind": f"kind must be one of {', '.join(ExitCriterion.Kind)}."})
    definition = METRICS_BY_CODE.get(metric)
    if definition is None:
        raise ValidationError({"metric": f"Unknown metric {metric}."})
    if not isinstance(months, int) or months < 1:
        raise ValidationError({"months": "Give a whole number of months, 1 or more."})
    if kind == ExitCriterion.Kind.MEETS_TARGET and target is None and not target_of(definition):
        raise ValidationError({"target": f"{definition.name} has no standard: give a target."})
    criterion = ExitCriterion(cause=cause, kind=kind, metric=metric, months=months, target=target)
    tracked_save(criterion, user=user, reason="exit criterion set")
    _audit(user, cause.case, "exit criterion set", cause=cause.pk, criterion=criterion.pk)
    return criterion


ACTION_FIELDS = ("title", "owner", "due_on", "status", "evidence", "cause")


@transaction.atomic
def action_save(*, user, case: Case, action: ImprovementAction | None = None, **fields):
    """Add an action to the case's improvement plan, or change one."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    action = action or ImprovementAction(case=case)
    for name, value in fields.items():
        setattr(action, name, value)
    if action.cause is not None and action.cause.case_id != case.pk:
        raise ValidationError({"cause": "The cause is not on this case."})
    action.full_clean(exclude=["case", "cause"])
    tracked_save(action, user=user, reason="improvement plan")
    _audit(user, case, "improvement action saved", action_id=action.pk, status=action.status)
    return action
