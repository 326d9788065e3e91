"""Reads of Engage, scoped to the user by the access policy: every page, endpoint and task
that serves a user finds its objects here."""

from datetime import date

from django.db.models import F, Q

from accounts import access
from accounts.access import Decision, Scope
from engage.models import (
    Case,
    CauseOfConcern,
    ImprovementAction,
    ImprovementPlan,
    MeetingDocument,
    PeelGrade,
    PPOGMeeting,
    Recommendation,
    Report,
    Section55Response,
    SupportDecision,
)
from engage.policy import EngageDecision
from engage.section55 import Compliance, Standing, compliance_of, standing


def _engage_forces(user):
    return access.forces_where(user, EngageDecision.READ_ENGAGE)


def _sees_all(user, decision: Decision) -> bool:
    return access.scope(user, decision) == Scope.ALL


def cases_visible_to(user):
    return Case.objects.select_related("force").filter(force__in=_engage_forces(user))


def cases_changeable_by(user):
    """The cases of the forces the user may change, open ones first, for a PPOG decision."""
    return (
        cases_visible_to(user)
        .filter(force__in=access.forces_where(user, EngageDecision.CHANGE_ENGAGE))
        .order_by(F("closed_at").asc(nulls_first=True), "reference")
    )


def causes_visible_to(user):
    return CauseOfConcern.objects.select_related("case__force").filter(
        case__force__in=_engage_forces(user)
    )


def actions_visible_to(user):
    return ImprovementAction.objects.select_related("case__force").filter(
        case__force__in=_engage_forces(user)
    )


def overdue_actions_for(user, today: date):
    """Overdue actions of the cases the user sees, for the inspectors' list."""
    return actions_visible_to(user).overdue(today)


def meetings_visible_to(user):
    """Meetings discuss several forces: only those who read every force's case see them."""
    if not _sees_all(user, EngageDecision.READ_PPOG_MEETINGS):
        return PPOGMeeting.objects.none()
    return PPOGMeeting.objects.all()


def documents_visible_to(user):
    return MeetingDocument.objects.filter(meeting__in=meetings_visible_to(user))


def peel_grades_visible_to(user):
    return PeelGrade.objects.select_related("force").filter(force__in=_engage_forces(user))


def reports_visible_to(user):
    """Reports about a force the user sees; national reports for those who see every force."""
    about = Q(force__in=_engage_forces(user))
    if _sees_all(user, EngageDecision.READ_ENGAGE):
        about |= Q(force__isnull=True)
    return Report.objects.filter(about)


def recommendations_visible_to(user):
    """Recommendations addressed to (or about the PCC of) a force the user sees; those to
    other bodies for those who see every force."""
    about = Q(force__in=_engage_forces(user))
    if _sees_all(user, EngageDecision.READ_ENGAGE):
        about |= Q(force__isnull=True)
    return Recommendation.objects.select_related("report", "force").filter(about)


def section_55_responses_visible_to(user):
    return Section55Response.objects.select_related("report", "force").filter(
        force__in=_engage_forces(user)
    )


def section_55_coming_due(user, today: date) -> list[tuple[Section55Response, str]]:
    """Responses not yet published, due or overdue, soonest first, with their standing."""
    responses = section_55_responses_visible_to(user).filter(published_on__isnull=True)
    return [(r, standing(r, today)) for r in responses.order_by("due_on", "id")]


def section_55_compliance(user, today: date) -> list[Compliance]:
    """Each PCC's share of responses on time, for the forces the user reads."""
    forces = list(_engage_forces(user).order_by("name"))
    responses = section_55_responses_visible_to(user).filter(force__in=forces)
    return compliance_of(responses, forces, today)


def support_decisions_visible_to(user):
    """Levels of support of the forces whose Engage record the user reads."""
    return SupportDecision.objects.select_related("force", "decided_by", "case").filter(
        force__in=_engage_forces(user)
    )


def improvement_plans_visible_to(user):
    return ImprovementPlan.objects.select_related("force").filter(force__in=_engage_forces(user))


def support_forces_for(user):
    """The forces whose level of support the user sees, by name."""
    return _engage_forces(user).order_by("name")


def may_record_support(user, force=None) -> bool:
    return access.allows(user, EngageDecision.RECORD_SUPPORT_LEVEL, force)


def may_change(user, force=None) -> bool:
    return access.allows(user, EngageDecision.CHANGE_ENGAGE, force)


def may_read_meetings(user) -> bool:
    """As meetings_visible_to: those who read every force's case."""
    return _sees_all(user, EngageDecision.READ_PPOG_MEETINGS)


def may_respond(user, response: Section55Response) -> bool:
    return access.allows(user, EngageDecision.RESPOND_SECTION_55, response.force_id)


__all__ = ["Standing"]
