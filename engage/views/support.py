"""Levels of support pages: the forces with their current level (levels 4 and 3 first, those
without the plan their level asks for named), a force's page (its levels, newest first, the
evidence since the latest, its performance improvement plan with actions and reviews), and the
forms that record a decision, the plan, an action of it and a review, for the unit.

Forces are found among those whose Engage record the user reads (404 otherwise); the forms
ask the policy for RECORD_SUPPORT_LEVEL (403 for those who only read)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts import access
from accounts.permissions import decided
from engage import selectors
from engage.models import Case, PeelGrade
from engage.pages import force_support, support_rows
from engage.policy import EngageDecision
from engage.support import (
    plan_action_save,
    plan_review_record,
    plan_save,
    support_decision_record,
)
from engage.support_forms import PlanActionForm, PlanForm, PlanReviewForm, SupportDecisionForm
from engage.tables import (
    plan_actions_table,
    plan_reviews_table,
    support_history_table,
    support_levels_table,
)
from kit.exports import export_format, export_response
from kit.forms import form_page, sent, submitted
from oversight.assessments.models import Assessment
from oversight.flags.models import Flag
from oversight.flags.selectors import force_flags_visible_to

READ = access.sees(EngageDecision.READ_ENGAGE)


@decided(READ)
def support_list(request):
    rows = support_rows(request.user)
    if export_format(request):
        name = f"levels-of-support-{timezone.localdate()}"
        return export_response(request, support_levels_table(rows), filename=name)
    return render(
        request,
        "engage/support_list.html",
        {
            "rows": rows,
            "without_plan": [row for row in rows if row.needs_plan],
            "may_record": selectors.may_record_support(request.user),
        },
    )


def _force_for(user, slug):
    return get_object_or_404(selectors.support_forces_for(user), slug=slug)


@decided(READ)
def support_force(request, slug):
    user, force = request.user, _force_for(request.user, slug)
    support, today = force_support(user, force), timezone.localdate()
    if export_format(request):
        tables = {
            "levels": lambda: support_history_table(force, support.decisions),
            "plan": lambda: plan_actions_table(force, support.plan, today),
            "reviews": lambda: plan_reviews_table(force, support.plan),
        }
        name = request.GET.get("table") or "levels"
        if name not in tables:
            raise Http404("This page has no such table.")
        filename = f"levels-of-support-{force.slug}-{name}"
        return export_response(request, tables[name](), filename=filename)
    return render(
        request,
        "engage/support_force.html",
        {
            "force": force,
            "support": support,
            "today": today,
            "may_record": selectors.may_record_support(user, force),
        },
    )


def _force_to_record(user, slug):
    force = _force_for(user, slug)
    access.require(user, EngageDecision.RECORD_SUPPORT_LEVEL, force)
    return force


@decided(READ)
def support_decision_new(request, slug):
    user, force = request.user, _force_to_record(request.user, slug)
    form = SupportDecisionForm(sent(request), **_evidence_offered(user, force))
    if decision := submitted(
        request,
        form,
        lambda data: support_decision_record(user=user, force=force, **form.for_service()),
    ):
        messages.success(request, f"{force.name} placed at {decision.get_level_display()}.")
        return redirect("engage-support", slug=force.slug)
    return form_page(request, "engage/support_decision_new.html", form, force=force)


def _evidence_offered(user, force) -> dict:
    """What a decision may link to: the force's open flags the user sees, its stored verdicts
    that judge assurance, its Engage cases and its PEEL grades."""
    flags = force_flags_visible_to(user, force).exclude(status=Flag.Status.CLOSED)
    return {
        "flags": flags.order_by("-period", "-id")[:50],
        "assessments": Assessment.objects.filter(force=force)
        .exclude(assurance="")
        .order_by("metric"),
        "cases": Case.objects.filter(force=force).order_by("-opened_at"),
        "peel_grades": PeelGrade.objects.filter(force=force).order_by("-year", "question"),
    }


@decided(READ)
def support_plan(request, slug):
    """Record the plan the force sent, or change its open plan (closing it with a date)."""
    user, force = request.user, _force_to_record(request.user, slug)
    plan = force.improvement_plans.filter(closed_on=None).first()
    initial = {f: getattr(plan, f) for f in PlanForm.base_fields} if plan else None
    form = PlanForm(sent(request), initial=initial)
    if submitted(request, form, lambda data: plan_save(user=user, force=force, plan=plan, **data)):
        messages.success(request, f"Performance improvement plan of {force.name} saved.")
        return redirect("engage-support", slug=force.slug)
    return form_page(request, "engage/support_plan.html", form, force=force, plan=plan)


def _open_plan(force):
    return get_object_or_404(force.improvement_plans, closed_on=None)


@decided(READ)
def support_action(request, slug, action_pk=None):
    user, force = request.user, _force_to_record(request.user, slug)
    plan = _open_plan(force)
    action = get_object_or_404(plan.actions, pk=action_pk) if action_pk else None
    initial = {f: getattr(action, f) for f in PlanActionForm.base_fields} if action else None
    form = PlanActionForm(sent(request), initial=initial)
    if saved := submitted(
        request,
        form,
        lambda data: plan_action_save(user=user, plan=plan, action=action, **data),
    ):
        messages.success(request, f"Plan action saved: {saved.title}.")
        return redirect("engage-support", slug=force.slug)
    return form_page(request, "engage/support_action.html", form, force=force, action=action)


@decided(READ)
def support_review_new(request, slug):
    user, force = request.user, _force_to_record(request.user, slug)
    plan = _open_plan(force)
    form = PlanReviewForm(sent(request))
    if review := submitted(
        request, form, lambda data: plan_review_record(user=user, plan=plan, **data)
    ):
        messages.success(request, f"Review recorded: {review.get_outcome_display()}.")
        return redirect("engage-support", slug=force.slug)
    return form_page(request, "engage/support_review.html", form, force=force, plan=plan)
