"""Engage pages: the case list, a case with its timeline, causes and improvement plan, the
forms that open, move and add to a case, a PCC's section 55 response, a force's PEEL grades,
a flag raised as a cause of concern, and the download of a PPOG meeting document. Objects are
found through engage.selectors, changes are the services', which ask the access policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from accounts import access
from accounts.access import Decision
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
    Section55Form,
    add_service_errors,
)
from engage.meetings import document_downloaded
from engage.models import CauseOfConcern, MeetingDocument, Recommendation
from engage.pages import case_rows, case_timeline, causes_judged
from engage.peel import peel_comparison
from engage.section55 import section_55_respond, standing
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
from oversight.flags.selectors import flags_visible_to

CONTENT_TYPES = {
    MeetingDocument.FileType.PDF: "application/pdf",
    MeetingDocument.FileType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    MeetingDocument.FileType.ODT: "application/vnd.oasis.opendocument.text",
}


@login_required
def case_list(request):
    user, today = request.user, timezone.localdate()
    access.require_visible(user, Decision.READ_ENGAGE)
    form = CaseFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "engage/case_list.html", {"form": form}, status=400)
    cases = case_rows(user, today=today, **form.cleaned_data)
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
        },
    )


def _case_for(user, pk):
    return get_object_or_404(selectors.cases_visible_to(user), pk=pk)


@login_required
def case_detail(request, pk):
    user, case = request.user, _case_for(request.user, pk)
    may_change = selectors.may_change(user, case.force_id)
    return render(
        request,
        "engage/case_detail.html",
        {
            "case": case,
            "causes": causes_judged(user, case),
            "actions": case.actions.select_related("cause"),
            "timeline": case_timeline(user, case),
            "today": timezone.localdate(),
            "may_change": may_change,
            "may_move": may_change and bool(allowed_transitions(case)),
        },
    )


@login_required
def case_new(request):
    access.require(request.user, Decision.CHANGE_ENGAGE)
    with_open_case = selectors.cases_visible_to(request.user).open().values("force")
    forces = access.forces_where(request.user, Decision.CHANGE_ENGAGE).exclude(
        pk__in=with_open_case
    )
    form = CaseOpenForm(_sent(request), forces=forces.order_by("name"))
    if case := _submitted(request, form, lambda data: case_open(user=request.user, **data)):
        messages.success(request, f"Case {case.reference} opened for {case.force.name}.")
        return redirect("engage-case", pk=case.pk)
    return _form_page(request, "engage/case_new.html", form)


@login_required
def case_move(request, pk):
    case = _case_for(request.user, pk)
    access.require(request.user, Decision.CHANGE_ENGAGE, case.force_id)
    form = CaseMoveForm(_sent(request), allowed=allowed_transitions(case))
    if transition := _submitted(
        request, form, lambda data: case_transition(user=request.user, case=case, **data)
    ):
        messages.success(request, f"The case is now in {transition.get_to_state_display()}.")
        return redirect("engage-case", pk=case.pk)
    return _form_page(request, "engage/case_move.html", form, case=case)


@login_required
def cause_new(request, pk):
    case = _case_for(request.user, pk)
    access.require(request.user, Decision.CHANGE_ENGAGE, case.force_id)
    form = CauseForm(_sent(request))
    if cause := _submitted(
        request, form, lambda data: _cause_with_criterion(request.user, case, data)
    ):
        messages.success(request, f"Cause of concern added: {cause.title}.")
        return redirect("engage-case", pk=case.pk)
    return _form_page(request, "engage/cause_new.html", form, case=case)


@login_required
def cause_close_page(request, pk, cause_pk):
    case, cause = _open_cause_to_change(request.user, pk, cause_pk)
    form = CauseCloseForm(_sent(request))
    if _submitted(
        request,
        form,
        lambda data: cause_close(user=request.user, cause=cause, reason=data["reason"]),
    ):
        messages.success(request, f"Cause of concern closed: {cause.title}.")
        return redirect("engage-case", pk=case.pk)
    return _form_page(request, "engage/cause_close.html", form, case=case, cause=cause)


@login_required
def criterion_new(request, pk, cause_pk):
    case, cause = _open_cause_to_change(request.user, pk, cause_pk)
    form = CriterionForm(_sent(request))
    if _submitted(
        request, form, lambda data: criterion_add(user=request.user, cause=cause, **data)
    ):
        messages.success(request, f"Exit criterion added to {cause.title}.")
        return redirect("engage-case", pk=case.pk)
    return _form_page(request, "engage/criterion_new.html", form, case=case, cause=cause)


def _open_cause_to_change(user, pk, cause_pk):
    """The case and its open cause, for a user who may change the case."""
    case = _case_for(user, pk)
    access.require(user, Decision.CHANGE_ENGAGE, case.force_id)
    return case, get_object_or_404(case.causes, pk=cause_pk, status=CauseOfConcern.Status.OPEN)


@transaction.atomic
def _cause_with_criterion(user, case, data):
    criterion = {name: data.pop(name) for name in ("kind", "metric", "months", "target")}
    cause = cause_add(user=user, case=case, **data)
    if criterion["kind"]:
        criterion_add(user=user, cause=cause, **criterion)
    return cause


@login_required
def action_edit(request, pk, action_pk=None):
    case = _case_for(request.user, pk)
    access.require(request.user, Decision.CHANGE_ENGAGE, case.force_id)
    action = get_object_or_404(case.actions, pk=action_pk) if action_pk else None
    initial = {f: getattr(action, f) for f in ActionForm.base_fields} if action else None
    form = ActionForm(_sent(request), initial=initial, causes=case.causes.all())
    if saved := _submitted(
        request, form, lambda data: action_save(user=request.user, case=case, action=action, **data)
    ):
        messages.success(request, f"Improvement action saved: {saved.title}.")
        return redirect("engage-case", pk=case.pk)
    return _form_page(request, "engage/action_form.html", form, case=case, action=action)


@login_required
def section_55(request, pk):
    user = request.user
    response = get_object_or_404(selectors.section_55_responses_visible_to(user), pk=pk)
    may_respond = selectors.may_respond(user, response)
    if request.method == "POST":
        access.require(user, Decision.RESPOND_SECTION_55, response.force_id)
    recommendations = response.report.recommendations.filter(
        kind=Recommendation.Kind.RECOMMENDATION
    )
    answers = {a.recommendation_id: a.action for a in response.answers.all()}
    form = Section55Form(
        _sent(request),
        initial=_response_initial(response, answers),
        recommendations=recommendations,
    )
    if _submitted(
        request,
        form,
        lambda data: section_55_respond(
            user=user, response=response, answers=form.answers(), **form.fields_for_service()
        ),
    ):
        messages.success(request, "Your section 55 response has been saved.")
        return redirect("engage-section-55", pk=response.pk)
    context = {
        "response": response,
        "standing": standing(response, timezone.localdate()),
        "recommendations": [(rec, answers.get(rec.pk, "")) for rec in recommendations],
        "may_respond": may_respond,
    }
    return _form_page(request, "engage/section_55.html", form, **context)


def _response_initial(response, answers) -> dict:
    initial = {name: getattr(response, name) for name in Section55Form.base_fields}
    initial.update({f"answer_{pk}": text for pk, text in answers.items()})
    return initial


@login_required
def peel_history(request, slug):
    force = get_object_or_404(access.forces_where(request.user, Decision.READ_ENGAGE), slug=slug)
    grades = selectors.peel_grades_visible_to(request.user).filter(force=force)
    return render(
        request,
        "engage/peel_history.html",
        {
            "force": force,
            "grades": grades.order_by("framework", "question", "-year"),
            "comparison": peel_comparison(grades),
        },
    )


@login_required
def flag_raise(request, pk):
    """Raise a flag as a cause of concern: on the force's open case, or a new one."""
    flag = get_object_or_404(flags_visible_to(request.user), pk=pk)
    access.require(request.user, Decision.CHANGE_ENGAGE, flag.force_id)
    form = FlagRaiseForm(_sent(request))
    if cause := _submitted(
        request, form, lambda data: flag_raise_as_cause(user=request.user, flag=flag, **data)
    ):
        messages.success(request, f"Raised as a cause of concern on {cause.case.reference}.")
        return redirect("engage-case", pk=cause.case_id)
    open_case = selectors.cases_visible_to(request.user).open().filter(force=flag.force_id)
    return _form_page(
        request, "engage/flag_raise.html", form, flag=flag, open_case=open_case.first()
    )


def _sent(request):
    """What a form was sent, or None on a GET: a POST of no fields is still a submission."""
    return request.POST if request.method == "POST" else None


def _submitted(request, form, save):
    """What `save` (a service call) returns for the form's cleaned data on a valid POST, or
    None: then the form holds what is wrong, the service's refusals included."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as problem:
        add_service_errors(form, problem)
        return None


def _form_page(request, template, form, **context):
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


@login_required
def document_download(request, pk):
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    document_downloaded(user=request.user, document=document, request=request)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=CONTENT_TYPES[document.file_type],
    )
