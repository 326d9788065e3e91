"""Engage's parts of oversight's pages (registered in engage.apps through oversight.parts):
a force's Engage standing and its level of support with its history on its profile, kept in
the page cache until the Engage record changes, and on a flag's page the case its reference
names, if the user sees it, with the button that raises the flag as a cause of concern, for
those who change Engage."""

from django.template.loader import render_to_string

from accounts import access
from engage.models import ImprovementPlan, SupportDecision
from engage.policy import EngageDecision
from engage.selectors import cases_visible_to, may_change
from engage.sources import ENGAGE
from engage.status import engage_status
from engage.support import plan_required
from forces.sources import FIGURES
from kit import pagecache


def force_standing(request, force) -> str:
    user = request.user
    return pagecache.fragment(
        user,
        ("engage-status", force.pk),
        "engage/includes/force_status.html",
        lambda: {"force": force, "status": engage_status(user, force)},
        over=(ENGAGE, FIGURES),  # the record, and the force it is about
    )


def support_standing(request, force) -> str:
    """The force's current level of support and every decision, for those who read its Engage
    record (nothing for others)."""
    user = request.user
    return pagecache.fragment(
        user,
        ("support-level", force.pk),
        "engage/includes/support_standing.html",
        lambda: _support_context(user, force),
        over=(ENGAGE, FIGURES),
    )


def _support_context(user, force) -> dict:
    if not access.allows(user, EngageDecision.READ_ENGAGE, force.pk):
        return {"force": force, "decisions": None}
    # The policy has allowed this force's record: its rows need no scoping by the user again.
    decisions = list(SupportDecision.objects.filter(force=force).latest_first())
    plan = ImprovementPlan.objects.filter(force=force, closed_on=None).first()
    current = decisions[0] if decisions else None
    return {"force": force, "decisions": decisions, "needs_plan": plan_required(current, plan)}


def flag_case(request, flag) -> str:
    user = request.user
    case = None
    if flag.case_reference:
        case = cases_visible_to(user).filter(reference=flag.case_reference).first()
    context = {"flag": flag, "case": case, "may_raise": may_change(user, flag.force_id)}
    return render_to_string("engage/includes/flag_case.html", context, request=request)
