"""PPOG meeting pages: the list of meetings, the form that records one, a meeting with its
decisions and documents, the forms on its page that add a decision and upload a document,
and the download of a document. Meetings and documents are found through engage.selectors,
changes are engage.meetings', which ask the access policy."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts import access
from accounts.permissions import decided
from engage import selectors
from engage.forms import DecisionForm, DocumentForm, MeetingForm
from engage.meetings import document_attach, document_downloaded, meeting_decide, meeting_record
from engage.models import MeetingDocument
from engage.pages import meeting_decisions, meeting_rows
from engage.policy import EngageDecision
from engage.tables import decisions_table, meetings_table
from kit.exports import export_format, export_response
from kit.forms import form_page, sent, submitted

CONTENT_TYPES = {
    MeetingDocument.FileType.PDF: "application/pdf",
    MeetingDocument.FileType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    MeetingDocument.FileType.ODT: "application/vnd.oasis.opendocument.text",
}


@decided(access.sees(EngageDecision.READ_PPOG_MEETINGS))
def meeting_list(request):
    user = request.user
    if export_format(request):
        name = f"ppog-meetings-{timezone.localdate()}"
        return export_response(request, meetings_table(meeting_rows(user)), filename=name)
    page = Paginator(meeting_rows(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "engage/meeting_list.html",
        {"page": page, "may_change": selectors.may_change(user)},
    )


@decided(access.sees(EngageDecision.READ_PPOG_MEETINGS))
def meeting_new(request):
    access.require(request.user, EngageDecision.CHANGE_ENGAGE)
    forces = access.forces_where(request.user, EngageDecision.CHANGE_ENGAGE).order_by("name")
    form = MeetingForm(sent(request), forces=forces)
    if meeting := submitted(request, form, lambda data: meeting_record(user=request.user, **data)):
        messages.success(request, f"PPOG meeting of {meeting.held_on:%-d %B %Y} recorded.")
        return redirect("engage-meeting", pk=meeting.pk)
    return form_page(request, "engage/meeting_new.html", form)


def _meeting_for(user, pk):
    return get_object_or_404(selectors.meetings_visible_to(user), pk=pk)


@decided(access.sees(EngageDecision.READ_PPOG_MEETINGS))
def meeting_detail(request, pk):
    meeting = _meeting_for(request.user, pk)
    if export_format(request):
        table = decisions_table(meeting, meeting_decisions(meeting))
        return export_response(request, table, filename=f"ppog-meeting-{meeting.held_on}")
    return _meeting_page(request, meeting)


def _meeting_page(request, meeting, **sent):
    """The meeting, with the forms that add a decision and a document for those who may
    change; `sent` is the form just posted (`decision_form` or `document_form`), with what is
    wrong with it."""
    user = request.user
    context = {
        "meeting": meeting,
        "decisions": meeting_decisions(meeting),
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
    access.require(request.user, EngageDecision.CHANGE_ENGAGE)
    return meeting


@decided(access.sees(EngageDecision.READ_PPOG_MEETINGS))
def meeting_decision_new(request, pk):
    meeting = _meeting_to_change(request, pk)
    if request.method != "POST":  # the form is on the meeting's page
        return redirect("engage-meeting", pk=meeting.pk)
    form = DecisionForm(request.POST, cases=selectors.cases_changeable_by(request.user))
    if decision := submitted(
        request, form, lambda data: meeting_decide(user=request.user, meeting=meeting, **data)
    ):
        messages.success(request, f"Decision on {decision.case.reference} recorded.")
        return redirect("engage-meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, decision_form=form)


@decided(access.sees(EngageDecision.READ_PPOG_MEETINGS))
def meeting_document_new(request, pk):
    meeting = _meeting_to_change(request, pk)
    if request.method != "POST":  # the form is on the meeting's page
        return redirect("engage-meeting", pk=meeting.pk)
    form = DocumentForm(request.POST, request.FILES)
    if document := submitted(
        request,
        form,
        lambda data: document_attach(
            user=request.user, meeting=meeting, upload=data["file"], kind=data["kind"]
        ),
    ):
        messages.success(request, f"Document attached: {document.original_name}.")
        return redirect("engage-meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, document_form=form)


@decided(access.sees(EngageDecision.READ_PPOG_MEETINGS))
def document_download(request, pk):
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    document_downloaded(user=request.user, document=document, request=request)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=CONTENT_TYPES[document.file_type],
    )
