"""Engage pages: the case list, a case with its timeline, causes and improvement plan, the
forms that open, move and add to a case, a PCC's section 55 response, a force's PEEL grades
and the form that records one, a flag raised as a cause of concern, PPOG meetings with their
decisions and documents (uploaded and downloaded), and HMICFRS reports with their
recommendations. Objects are found through engage.selectors, changes are the services', which
ask the access policy."""

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
    DecisionForm,
    DocumentForm,
    FlagRaiseForm,
    MeetingForm,
    PeelGradeForm,
    RecommendationForm,
    Section55Form,
    add_service_errors,
)
from engage.meetings import document_attach, document_downloaded, meeting_decide, meeting_record
from engage.models import CauseOfConcern, MeetingDocument, Recommendation
from engage.pages import (
    case_rows,
    case_timeline,
    causes_judged,
    meeting_rows,
    report_rows,
    reports_with_standing,
)
from engage.peel import grade_record, peel_comparison
from engage.section55 import recommendation_save, section_55_respond, standing
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
            "may_read_meetings": selectors.may_read_meetings(user),
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


def _peel_force(user, slug):
    return get_object_or_404(access.forces_where(user, Decision.READ_ENGAGE), slug=slug)


@login_required
def peel_history(request, slug):
    force = _peel_force(request.user, slug)
    grades = selectors.peel_grades_visible_to(request.user).filter(force=force)
    return render(
        request,
        "engage/peel_history.html",
        {
            "force": force,
            "grades": grades.order_by("framework", "question", "-year"),
            "comparison": peel_comparison(grades),
            "may_change": selectors.may_change(request.user, force),
        },
    )


@login_required
def peel_grade_new(request, slug):
    force = _peel_force(request.user, slug)
    access.require(request.user, Decision.CHANGE_ENGAGE, force)
    form = PeelGradeForm(_sent(request))
    if grade := _submitted(
        request, form, lambda data: grade_record(user=request.user, force=force, **data)
    ):
        messages.success(
            request,
            f"PEEL grade recorded: {grade.question}, {grade.year}, {grade.get_grade_display()}.",
        )
        return redirect("engage-peel", slug=force.slug)
    return _form_page(request, "engage/peel_grade_new.html", form, force=force)


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


@login_required
def meeting_list(request):
    user = request.user
    access.require_visible(user, Decision.READ_PPOG_MEETINGS)
    page = Paginator(meeting_rows(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "engage/meeting_list.html",
        {"page": page, "may_change": selectors.may_change(user)},
    )


@login_required
def meeting_new(request):
    access.require_visible(request.user, Decision.READ_PPOG_MEETINGS)
    access.require(request.user, Decision.CHANGE_ENGAGE)
    forces = access.forces_where(request.user, Decision.CHANGE_ENGAGE).order_by("name")
    form = MeetingForm(_sent(request), forces=forces)
    if meeting := _submitted(request, form, lambda data: meeting_record(user=request.user, **data)):
        messages.success(request, f"PPOG meeting of {meeting.held_on:%-d %B %Y} recorded.")
        return redirect("engage-meeting", pk=meeting.pk)
    return _form_page(request, "engage/meeting_new.html", form)


def _meeting_for(user, pk):
    return get_object_or_404(selectors.meetings_visible_to(user), pk=pk)


@login_required
def meeting_detail(request, pk):
    return _meeting_page(request, _meeting_for(request.user, pk))


def _meeting_page(request, meeting, **sent):
    """The meeting, with the forms that add a decision and a document for those who may
    change; `sent` is the form just posted (`decision_form` or `document_form`), with what is
    wrong with it."""
    user = request.user
    context = {
        "meeting": meeting,
        "decisions": meeting.decisions.select_related("case__force"),
        "may_change": selectors.may_change(user),
    }
    if context["may_change"]:
        context["decision_form"] = DecisionForm(cases=selectors.cases_changeable_by(user))
        context["document_form"] = DocumentForm()
    context.update(sent)
    form = next(iter(sent.values()), None)
    status = 400 if form is not None and form.errors else 200
    return render(request, "engage/meeting_detail.html", {"form": form, **context}, status=status)


def _meeting_to_change(request, pk):
    meeting = _meeting_for(request.user, pk)
    access.require(request.user, Decision.CHANGE_ENGAGE)
    return meeting


@login_required
def meeting_decision_new(request, pk):
    meeting = _meeting_to_change(request, pk)
    if request.method != "POST":  # the form is on the meeting's page
        return redirect("engage-meeting", pk=meeting.pk)
    form = DecisionForm(request.POST, cases=selectors.cases_changeable_by(request.user))
    if decision := _submitted(
        request, form, lambda data: meeting_decide(user=request.user, meeting=meeting, **data)
    ):
        messages.success(request, f"Decision on {decision.case.reference} recorded.")
        return redirect("engage-meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, decision_form=form)


@login_required
def meeting_document_new(request, pk):
    meeting = _meeting_to_change(request, pk)
    if request.method != "POST":  # the form is on the meeting's page
        return redirect("engage-meeting", pk=meeting.pk)
    form = DocumentForm(request.POST, request.FILES)
    if document := _submitted(
        request,
        form,
        lambda data: document_attach(
            user=request.user, meeting=meeting, upload=data["file"], kind=data["kind"]
        ),
    ):
        messages.success(request, f"Document attached: {document.original_name}.")
        return redirect("engage-meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, document_form=form)


@login_required
def report_list(request):
    user = request.user
    access.require_visible(user, Decision.READ_ENGAGE)
    page = Paginator(report_rows(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "engage/report_list.html",
        {"page": page, "rows": reports_with_standing(page.object_list, timezone.localdate())},
    )


@login_required
def recommendation_detail(request, pk):
    user = request.user
    rec = get_object_or_404(selectors.recommendations_visible_to(user), pk=pk)
    if request.method == "POST":
        access.require(user, Decision.CHANGE_ENGAGE, rec.force_id)
    form = RecommendationForm(
        _sent(request), initial={"status": rec.status, "evidence": rec.evidence}
    )
    if _submitted(request, form, lambda data: _recommendation_update(user, rec, data)):
        messages.success(
            request, f"{rec.get_kind_display()} saved: {rec.get_status_display().lower()}."
        )
        return redirect("engage-recommendation", pk=rec.pk)
    return _form_page(
        request,
        "engage/recommendation.html",
        form,
        recommendation=rec,
        may_change=selectors.may_change(user, rec.force_id),
    )


def _recommendation_update(user, rec, data):
    rec.status, rec.evidence = data["status"], data["evidence"]
    return recommendation_save(user=user, recommendation=rec)


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
