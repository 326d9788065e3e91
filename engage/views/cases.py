"""Engage case pages: the case list, a case with its timeline, causes and improvement plan,
and the forms that open and move a case, add a cause of concern (with an exit criterion),
add a criterion to a cause, close a cause, save an improvement action, and raise a flag as a
cause of concern. Cases are found through engage.selectors, changes are the services', which
ask the access policy."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from accounts import access
from accounts.permissions import decided
from engage import selectors
from engage.forms import (
    ActionForm,
    CaseFilterForm,
    CaseMoveForm,
    CaseOpenForm,
    CauseCloseForm,
    CauseForm,
    CriterionForm,
    FlagRaiseForm,
)
from engage.models import CauseOfConcern
from engage.pages import case_rows, case_timeline, causes_judged
from engage.policy import EngageDecision
from engage.services import (
    action_save,
    allowed_transitions,
    case_open,
    case_transition,
    cause_add,
    cause_close,
    criterion_add,
    flag_raise_as_cause,
)
from engage.tables import cases_table, improvement_plan_table
from kit.exports import export_format, export_response
from kit.forms import form_page, sent, submitted
from oversight.flags.selectors import flags_visible_to


@decided(access.sees(EngageDecision.READ_ENGAGE))
def case_list(request):
    user, today = request.user, timezone.localdate()
    form = CaseFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "engage/case_list.html", {"form": form}, status=400)
    cases = case_rows(user, today=today, **form.cleaned_data)
    if export_format(request):
        name = "-".join(["engage-cases", *filter(None, form.cleaned_data.values()), str(today)])
        return export_response(request, cases_table(cases), filename=name)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "engage/case_list.html",
        {
            "form": form,
            "page": page,
            "query": urlencode({k: v for k, v in form.cleaned_data.items() if v}),
            "overdue_actions": selectors.overdue_actions_for(user, today),
            "coming_due": selectors.section_55_coming_due(user, today),
            "compliance": selectors.section_55_compliance(user, today),
            "may_change": selectors.may_change(user),
            "may_read_meetings": selectors.may_read_meetings(user),
        },
    )


def _case_for(user, pk):
    return get_object_or_404(selectors.cases_visible_to(user), pk=pk)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def case_detail(request, pk):
    user, case = request.user, _case_for(request.user, pk)
    actions, today = case.actions.select_related("cause"), timezone.localdate()
    if export_format(request):
        name = f"engage-{case.reference}-improvement-plan"
        return export_response(request, improvement_plan_table(case, actions, today), filename=name)
    may_change = selectors.may_change(user, case.force_id)
    return render(
        request,
        "engage/case_detail.html",
        {
            "case": case,
            "causes": causes_judged(user, case),
            "actions": actions,
            "timeline": case_timeline(user, case),
            "today": today,
            "may_change": may_change,
            "may_move": may_change and bool(allowed_transitions(case)),
        },
    )


@decided(access.does(EngageDecision.CHANGE_ENGAGE))
def case_new(request):
    with_open_case = selectors.cases_visible_to(request.user).open().values("force")
    forces = access.forces_where(request.user, EngageDecision.CHANGE_ENGAGE).exclude(
        pk__in=with_open_case
    )
    form = CaseOpenForm(sent(request), forces=forces.order_by("name"))
    if case := submitted(request, form, lambda data: case_open(user=request.user, **data)):
        messages.success(request, f"Case {case.reference} opened for {case.force.name}.")
        return redirect("engage-case", pk=case.pk)
    return form_page(request, "engage/case_new.html", form)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def case_move(request, pk):
    case = _case_for(request.user, pk)
    access.require(request.user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    form = CaseMoveForm(sent(request), allowed=allowed_transitions(case))
    if transition := submitted(
        request, form, lambda data: case_transition(user=request.user, case=case, **data)
    ):
        messages.success(request, f"The case is now in {transition.get_to_state_display()}.")
        return redirect("engage-case", pk=case.pk)
    return form_page(request, "engage/case_move.html", form, case=case)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def cause_new(request, pk):
    case = _case_for(request.user, pk)
    access.require(request.user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    form = CauseForm(sent(request))
    if cause := submitted(
        request, form, lambda data: _cause_with_criterion(request.user, case, data)
    ):
        messages.success(request, f"Cause of concern added: {cause.title}.")
        return redirect("engage-case", pk=case.pk)
    return form_page(request, "engage/cause_new.html", form, case=case)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def cause_close_page(request, pk, cause_pk):
    case, cause = _open_cause_to_change(request.user, pk, cause_pk)
    form = CauseCloseForm(sent(request))
    if submitted(
        request,
        form,
        lambda data: cause_close(user=request.user, cause=cause, reason=data["reason"]),
    ):
        messages.success(request, f"Cause of concern closed: {cause.title}.")
        return redirect("engage-case", pk=case.pk)
    return form_page(request, "engage/cause_close.html", form, case=case, cause=cause)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def criterion_new(request, pk, cause_pk):
    case, cause = _open_cause_to_change(request.user, pk, cause_pk)
    form = CriterionForm(sent(request))
    if submitted(request, form, lambda data: criterion_add(user=request.user, cause=cause, **data)):
        messages.success(request, f"Exit criterion added to {cause.title}.")
        return redirect("engage-case", pk=case.pk)
    return form_page(request, "engage/criterion_new.html", form, case=case, cause=cause)


def _open_cause_to_change(user, pk, cause_pk):
    """The case and its open cause, for a user who may change the case."""
    case = _case_for(user, pk)
    access.require(user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    return case, get_object_or_404(case.causes, pk=cause_pk, status=CauseOfConcern.Status.OPEN)


@transaction.atomic
def _cause_with_criterion(user, case, data):
    criterion = {name: data.pop(name) for name in ("kind", "metric", "months", "target")}
    cause = cause_add(user=user, case=case, **data)
    if criterion["kind"]:
        criterion_add(user=user, cause=cause, **criterion)
    return cause


@decided(access.sees(EngageDecision.READ_ENGAGE))
def action_edit(request, pk, action_pk=None):
    case = _case_for(request.user, pk)
    access.require(request.user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    action = get_object_or_404(case.actions, pk=action_pk) if action_pk else None
    initial = {f: getattr(action, f) for f in ActionForm.base_fields} if action else None
    form = ActionForm(sent(request), initial=initial, causes=case.causes.all())
    if saved := submitted(
        request, form, lambda data: action_save(user=request.user, case=case, action=action, **data)
    ):
        messages.success(request, f"Improvement action saved: {saved.title}.")
        return redirect("engage-case", pk=case.pk)
    return form_page(request, "engage/action_form.html", form, case=case, action=action)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def flag_raise(request, pk):
    """Raise a flag as a cause of concern: on the force's open case, or a new one."""
    flag = get_object_or_404(flags_visible_to(request.user), pk=pk)
    access.require(request.user, EngageDecision.CHANGE_ENGAGE, flag.force_id)
    form = FlagRaiseForm(sent(request))
    if cause := submitted(
        request, form, lambda data: flag_raise_as_cause(user=request.user, flag=flag, **data)
    ):
        messages.success(request, f"Raised as a cause of concern on {cause.case.reference}.")
        return redirect("engage-case", pk=cause.case_id)
    open_case = selectors.cases_visible_to(request.user).open().filter(force=flag.force_id)
    return form_page(
        request, "engage/flag_raise.html", form, flag=flag, open_case=open_case.first()
    )
