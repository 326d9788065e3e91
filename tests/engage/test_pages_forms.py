"""The engage pages over PPOG meetings, PEEL grades, reports and recommendations: who reads
them, who changes them through their forms, and what is refused."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AuditEvent
from engage.models import MeetingDecision, MeetingDocument, PeelGrade, PPOGMeeting, Recommendation
from tests.engage.factories import (
    PDF,
    CaseFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    RecommendationFactory,
    ReportFactory,
    ResponseFactory,
)


def today():
    """Asked for where it is used, not once at import: a run may pass midnight."""
    return timezone.localdate()


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    settings.ENGAGE_DOCUMENTS_DIR = tmp_path / "documents"
    return settings.ENGAGE_DOCUMENTS_DIR


def get(client, user, url, data=None):
    client.force_login(user)
    return client.get(url, data)


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {})


def text(response) -> str:
    return response.content.decode()


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def stored_files(documents_dir) -> list:
    return [p for p in documents_dir.rglob("*") if p.is_file()] if documents_dir.exists() else []


@pytest.fixture
def case(force_a):
    return CaseFactory(force=force_a, reference="durham-20240301")


@pytest.fixture
def meeting(case, force_a):
    meeting = MeetingFactory(held_on=datetime.date(2024, 5, 14))
    meeting.forces.set([force_a])
    DecisionFactory(meeting=meeting, case=case, text="Stay under PPOG oversight")
    return meeting


# --- PPOG meetings ------------------------------------------------------------------------------


def test_meeting_list_shows_meetings_newest_first_with_forces_and_decisions(
    client, analyst, meeting, force_b
):
    later = MeetingFactory(held_on=datetime.date(2024, 9, 10))
    later.forces.set([force_b])
    response = get(client, analyst, "/engage/meetings/")
    assert response.status_code == 200
    rows = [(m.held_on, m.decision_count) for m in response.context["page"].object_list]
    assert rows == [(datetime.date(2024, 9, 10), 0), (datetime.date(2024, 5, 14), 1)]
    body = text(response)
    assert f'href="/engage/meetings/{meeting.pk}/">14 May 2024</a>' in body
    assert "Cumbria Constabulary" in body and "Durham Constabulary" in body
    assert "Record a meeting" not in body


def test_meeting_list_pages_by_50(client, analyst):
    MeetingFactory.create_batch(51)
    page = get(client, analyst, "/engage/meetings/").context["page"]
    assert (len(page.object_list), page.paginator.num_pages) == (50, 2)
    assert len(get(client, analyst, "/engage/meetings/", {"page": 2}).context["page"]) == 1


def test_meeting_list_downloads_every_meeting(client, analyst, meeting, force_a, force_b):
    later = MeetingFactory(held_on=datetime.date(2024, 9, 10))
    later.forces.set([force_b, force_a])
    response = get(client, analyst, "/engage/meetings/", {"format": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="ppog-meetings-{today()}.csv"'
    assert csv_rows(response) == [
        ["Held", "Forces discussed", "Decisions"],
        ["2024-09-10", "Cumbria Constabulary; Durham Constabulary", "0"],
        ["2024-05-14", "Durham Constabulary", "1"],
    ]
    assert "format=csv" in text(get(client, analyst, "/engage/meetings/"))


@pytest.mark.parametrize("who", ["inspector", "administrator"])
def test_those_who_change_engage_record_a_meeting(request, client, who, force_a, force_b):
    user = request.getfixturevalue(who)
    assert 'href="/engage/meetings/new/"' in text(get(client, user, "/engage/meetings/"))
    form = get(client, user, "/engage/meetings/new/").context["form"]
    assert {force_a, force_b} <= set(form.fields["forces"].queryset)
    answer = post(
        client,
        user,
        "/engage/meetings/new/",
        {
            "held_on": "2024-05-14",
            "attendees": "HMI Wendy Williams (chair)\n\nHome Office\n",
            "forces": ["durham", "cumbria"],
            "minutes": "The group discussed the plan.",
        },
    )
    meeting = PPOGMeeting.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/engage/meetings/{meeting.pk}/"
    assert (meeting.held_on, meeting.attendees, meeting.minutes, meeting.created_by) == (
        datetime.date(2024, 5, 14),
        ["HMI Wendy Williams (chair)", "Home Office"],
        "The group discussed the plan.",
        user,
    )
    assert set(meeting.forces.all()) == {force_a, force_b}
    assert AuditEvent.objects.filter(detail__what="PPOG meeting recorded", user=user).exists()


def test_meeting_form_names_a_bad_date_and_stores_nothing(client, inspector):
    answer = post(client, inspector, "/engage/meetings/new/", {"held_on": "14 May"})
    assert answer.status_code == 400
    assert '<a href="#id_held_on">Give the date as year-month-day' in text(answer)
    answer = post(client, inspector, "/engage/meetings/new/", {"forces": ["atlantis"]})
    assert "Give the date the meeting was held" in text(answer)
    assert "Choose forces from the list" in text(answer)
    assert not PPOGMeeting.objects.exists()


def test_meeting_page_shows_attendees_forces_minutes_decisions_and_documents(
    client, analyst, meeting, case
):
    document = DocumentFactory(meeting=meeting)
    response = get(client, analyst, f"/engage/meetings/{meeting.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "<li>HMI (chair)</li>" in body and "<li>Home Office</li>" in body
    assert "Durham Constabulary" in body.split('id="meeting-forces"')[1].split("</dd>")[0]
    assert "The group discussed the force&#x27;s improvement plan." in body
    assert f'<a class="govuk-link" href="/engage/cases/{case.pk}/">durham-20240301</a>' in body
    assert "Stay under PPOG oversight" in body
    assert f'href="/engage/documents/{document.pk}/download/">Revisit letter.pdf</a>' in body
    assert "Add the decision" not in body and "Attach the document" not in body
    download = get(client, analyst, f"/engage/documents/{document.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_meeting_page_downloads_its_decisions(client, analyst, meeting, force_b):
    DecisionFactory(meeting=meeting, case=CaseFactory(force=force_b, reference="cumbria-1"))
    response = get(client, analyst, f"/engage/meetings/{meeting.pk}/", {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="ppog-meeting-2024-05-14.csv"'
    assert csv_rows(response) == [
        ["Case", "Force", "Decision"],
        ["durham-20240301", "Durham Constabulary", "Stay under PPOG oversight"],
        [
            "cumbria-1",
            "Cumbria Constabulary",
            "Remain under PPOG oversight; revisit in three months.",
        ],
    ]
    assert "format=xlsx" in text(get(client, analyst, f"/engage/meetings/{meeting.pk}/"))


def test_meeting_pages_refuse_an_unknown_download_format(client, analyst, meeting):
    for url in ("/engage/meetings/", f"/engage/meetings/{meeting.pk}/"):
        response = get(client, analyst, url, {"format": "foo"})
        assert response.status_code == 400, url
        assert "use format=csv or format=xlsx" in text(response)


def test_meeting_page_offers_its_forms_to_those_who_change(client, inspector, meeting, force_a):
    closed = CaseFactory(force=force_a, reference="durham-2019", closed=True)
    response = get(client, inspector, f"/engage/meetings/{meeting.pk}/")
    body = text(response)
    assert f'action="/engage/meetings/{meeting.pk}/decisions/new/"' in body
    upload = body.split(f'action="/engage/meetings/{meeting.pk}/documents/new/"')[1]
    assert upload.startswith(' enctype="multipart/form-data"')
    assert 'class="govuk-file-upload" id="id_file" name="file" type="file"' in upload
    cases = list(response.context["decision_form"].fields["case"].queryset)
    assert cases == [meeting.decisions.get().case, closed]  # open cases first


@pytest.mark.parametrize("who", ["inspector", "administrator"])
def test_those_who_change_engage_add_a_decision(request, client, who, meeting, force_b):
    user = request.getfixturevalue(who)
    other = CaseFactory(force=force_b, reference="cumbria-20240401")
    answer = post(
        client,
        user,
        f"/engage/meetings/{meeting.pk}/decisions/new/",
        {"case": other.pk, "text": "Advise intervention under section 40"},
    )
    assert answer.status_code == 302 and answer["Location"] == f"/engage/meetings/{meeting.pk}/"
    decision = other.decisions.get()
    assert (decision.meeting, decision.text) == (meeting, "Advise intervention under section 40")
    assert force_b in meeting.forces.all()
    assert AuditEvent.objects.filter(detail__what="PPOG decision", user=user).exists()
    timeline = get(client, user, f"/engage/cases/{other.pk}/").context["timeline"]
    assert [e.href for e in timeline if e.kind == "PPOG decision"] == [
        f"/engage/meetings/{meeting.pk}/"
    ]


def test_decision_needs_a_case_and_what_was_decided(client, inspector, meeting):
    url = f"/engage/meetings/{meeting.pk}/decisions/new/"
    answer = post(client, inspector, url, {"text": "  "})
    assert answer.status_code == 400
    body = text(answer)
    assert '<a href="#id_case">Choose the case the decision is about</a>' in body
    assert '<a href="#id_text">Record what was decided</a>' in body
    assert MeetingDecision.objects.count() == 1
    assert get(client, inspector, url).status_code == 302  # the form is on the meeting's page


@pytest.mark.parametrize("who", ["inspector", "administrator"])
def test_those_who_change_engage_attach_a_document(request, client, who, meeting, documents_dir):
    user = request.getfixturevalue(who)
    answer = post(
        client,
        user,
        f"/engage/meetings/{meeting.pk}/documents/new/",
        {"kind": "revisit_letter", "file": SimpleUploadedFile("Revisit.pdf", PDF)},
    )
    assert answer.status_code == 302 and answer["Location"] == f"/engage/meetings/{meeting.pk}/"
    document = meeting.documents.get()
    assert (document.kind, document.file_type, document.original_name, document.uploaded_by) == (
        "revisit_letter",
        "pdf",
        "Revisit.pdf",
        user,
    )
    assert len(stored_files(documents_dir)) == 1
    assert AuditEvent.objects.filter(action="upload", object_id=str(document.pk)).exists()
    page = text(get(client, user, f"/engage/meetings/{meeting.pk}/"))
    assert f'href="/engage/documents/{document.pk}/download/">Revisit.pdf</a>' in page


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("minutes.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a program", "Only PDF, DOCX and ODT"),
        ("minutes.pdf", b"These are the minutes, as plain text.", "Only PDF, DOCX and ODT"),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "Only PDF, DOCX and ODT"),
        ("letter.docx", PDF, "The file is a PDF document but is named .docx."),
        ("big.pdf", PDF + b"0" * 200, "The file is larger than"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_upload_refused_with_a_clear_error_and_nothing_stored(
    client, inspector, meeting, documents_dir, settings, name, content, message
):
    settings.ENGAGE_DOCUMENT_MAX_BYTES = 200
    answer = post(
        client,
        inspector,
        f"/engage/meetings/{meeting.pk}/documents/new/",
        {"kind": "other", "file": SimpleUploadedFile(name, content)},
    )
    assert answer.status_code == 400
    body = text(answer)
    assert "govuk-error-summary" in body and '<a href="#id_file">' + message in body
    assert 'class="govuk-file-upload govuk-file-upload--error"' in body
    assert not MeetingDocument.objects.exists()
    assert stored_files(documents_dir) == []


def test_upload_without_a_file_names_the_field(client, inspector, meeting):
    answer = post(
        client, inspector, f"/engage/meetings/{meeting.pk}/documents/new/", {"kind": "other"}
    )
    assert answer.status_code == 400
    assert '<a href="#id_file">Choose the document to attach</a>' in text(answer)
    assert not MeetingDocument.objects.exists()


def meeting_pages(meeting) -> list[str]:
    return ["/engage/meetings/", f"/engage/meetings/{meeting.pk}/"]


def meeting_posts(meeting, case) -> list[tuple[str, dict]]:
    return [
        ("/engage/meetings/new/", {"held_on": "2024-06-01"}),
        (f"/engage/meetings/{meeting.pk}/decisions/new/", {"case": case.pk, "text": "x"}),
        (
            f"/engage/meetings/{meeting.pk}/documents/new/",
            {"kind": "other", "file": SimpleUploadedFile("a.pdf", PDF)},
        ),
    ]


def assert_no_meeting_change(documents_dir) -> None:
    assert PPOGMeeting.objects.count() == 1
    assert MeetingDecision.objects.count() == 1
    assert not MeetingDocument.objects.exists() and stored_files(documents_dir) == []


def test_analyst_reads_meetings_but_gets_403_on_every_change(
    client, analyst, meeting, case, documents_dir
):
    client.force_login(analyst)
    for url in meeting_pages(meeting):
        assert client.get(url).status_code == 200, url
    assert client.get("/engage/meetings/new/").status_code == 403
    for url, data in meeting_posts(meeting, case):
        assert client.post(url, data).status_code == 403, url
    assert_no_meeting_change(documents_dir)


@pytest.mark.parametrize("who", ["officer_a", "pcc_a", "pcc_b"])
def test_meetings_are_404_to_force_roles(request, client, who, meeting, case, documents_dir):
    """Meetings discuss several forces: only those who read every force's cases see them."""
    client.force_login(request.getfixturevalue(who))
    for url in [*meeting_pages(meeting), "/engage/meetings/new/"]:
        assert client.get(url).status_code == 404, url
    for url, data in meeting_posts(meeting, case):
        assert client.post(url, data).status_code == 404, url
    assert_no_meeting_change(documents_dir)


def test_case_list_links_meetings_for_those_who_read_them(client, analyst, pcc_a):
    assert 'href="/engage/meetings/">PPOG meetings</a>' in text(get(client, analyst, "/engage/"))
    body = text(get(client, pcc_a, "/engage/"))
    assert "/engage/meetings/" not in body and 'href="/engage/reports/"' in body


def test_case_timeline_links_a_decision_to_its_meeting(client, analyst, meeting, case):
    body = text(get(client, analyst, f"/engage/cases/{case.pk}/"))
    assert (
        f'PPOG decision: <a class="govuk-link" href="/engage/meetings/{meeting.pk}/">'
        "PPOG meeting of 14 May 2024</a>"
    ) in body


# --- PEEL grades --------------------------------------------------------------------------------


PEEL_NEW = "/engage/peel/durham/grades/new/"
GRADE = {
    "framework": "2023-25",
    "question": "Investigating crime",
    "year": "2024",
    "grade": "requires_improvement",
}


def test_peel_history_offers_a_new_grade_only_to_those_who_change(
    client, inspector, analyst, pcc_a
):
    assert f'href="{PEEL_NEW}">Add a PEEL grade</a>' in text(
        get(client, inspector, "/engage/peel/durham/")
    )
    for reader in (analyst, pcc_a):
        assert PEEL_NEW not in text(get(client, reader, "/engage/peel/durham/"))


def test_peel_grade_form_offers_the_five_grades_as_radios(client, inspector):
    body = text(get(client, inspector, PEEL_NEW))
    assert body.count('class="govuk-radios__input" id="id_grade') == 5
    assert 'value="requires_improvement"' in body and 'value="outstanding"' in body


@pytest.mark.parametrize("who", ["inspector", "administrator"])
def test_those_who_change_engage_add_a_peel_grade(request, client, who, force_a):
    user = request.getfixturevalue(who)
    answer = post(client, user, PEEL_NEW, GRADE)
    assert answer.status_code == 302 and answer["Location"] == "/engage/peel/durham/"
    grade = PeelGrade.objects.get()
    assert (grade.force, grade.framework, grade.question, grade.year, grade.grade) == (
        force_a,
        "2023-25",
        "Investigating crime",
        2024,
        "requires_improvement",
    )
    assert AuditEvent.objects.filter(detail__what="PEEL grade recorded", user=user).exists()
    assert "Requires improvement (2024)" in text(get(client, user, "/engage/peel/durham/"))


def test_peel_grade_form_names_what_is_wrong_and_stores_nothing(client, inspector):
    answer = post(client, inspector, PEEL_NEW, {"year": "24", "grade": "excellent"})
    assert answer.status_code == 400
    body = text(answer)
    for message in (
        "Choose the framework of the grade",
        "Name the question or area graded",
        "Give a year from 2014, when PEEL began",
        "Choose one of the five grades",
    ):
        assert message in body
    assert not PeelGrade.objects.exists()


@pytest.mark.parametrize("who", ["analyst", "pcc_a"])
def test_readers_get_403_on_the_peel_grade_form(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PEEL_NEW).status_code == 403
    assert client.post(PEEL_NEW, GRADE).status_code == 403
    assert not PeelGrade.objects.exists()


@pytest.mark.parametrize("who", ["officer_a", "pcc_b"])
def test_peel_grade_form_is_404_out_of_scope(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PEEL_NEW).status_code == 404
    assert client.post(PEEL_NEW, GRADE).status_code == 404
    assert not PeelGrade.objects.exists()


# --- Reports and recommendations ----------------------------------------------------------------


@pytest.fixture
def report(force_a):
    report = ReportFactory(
        force=force_a,
        title="PEEL 2023-25: Durham",
        published_on=today() - datetime.timedelta(days=60),
    )
    RecommendationFactory(report=report, reference="R1")
    RecommendationFactory(report=report, reference="R2")
    RecommendationFactory(report=report, reference="AFI1", kind="area_for_improvement")
    ResponseFactory(report=report)
    return report


@pytest.fixture
def recommendation(report):
    return report.recommendations.get(reference="R1")


def test_report_list_shows_counts_and_section_55_standing(
    client, analyst, report, force_b, recommendation
):
    ReportFactory(force=None, title="Thematic: police response to violence against women")
    ReportFactory(force=force_b, title="PEEL 2023-25: Cumbria", published_on=today())
    response = get(client, analyst, "/engage/reports/")
    assert response.status_code == 200
    rows = {row.report.title: row for row in response.context["rows"]}
    assert set(rows) == {
        "PEEL 2023-25: Durham",
        "PEEL 2023-25: Cumbria",
        "Thematic: police response to violence against women",
    }
    durham = rows["PEEL 2023-25: Durham"]
    assert (durham.report.recommendation_count, durham.report.afi_count) == (2, 1)
    [(s55, standing)] = durham.responses
    assert standing == "overdue"
    body = text(response)
    row = body.split(f'id="report-{report.pk}"')[1].split("</tr>")[0]
    assert f'href="/engage/section-55/{s55.pk}/">due {s55.due_on:%-d %b %Y}' in row
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in row
    assert f'href="/engage/recommendations/{recommendation.pk}/">R1' in row
    assert "National (thematic)" in body


def test_pcc_lists_only_their_own_forces_reports(client, pcc_a, pcc_b, report, force_b):
    ReportFactory(force=None, title="Thematic")
    assert [r.report for r in get(client, pcc_a, "/engage/reports/").context["rows"]] == [report]
    body = text(get(client, pcc_b, "/engage/reports/"))
    assert "PEEL 2023-25: Durham" not in body and "/engage/section-55/" not in body


def test_report_list_is_404_to_a_force_data_officer(client, officer_a, report):
    assert get(client, officer_a, "/engage/reports/").status_code == 404


def test_report_list_downloads_the_reports_the_user_sees(client, pcc_a, report):
    ReportFactory(force=None, title="Thematic")
    response = get(client, pcc_a, "/engage/reports/", {"format": "csv"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="hmicfrs-reports-{today()}.csv"'
    )
    due_on = report.section_55.get().due_on
    assert csv_rows(response) == [
        ["Report", "Link", "Published", "About", "Recommendations", "Areas for improvement"]
        + ["Recommendation statuses", "Section 55 response"],
        ["PEEL 2023-25: Durham", report.url, str(report.published_on), "Durham Constabulary"]
        + ["2", "1", "AFI1: Open; R1: Open; R2: Open", f"due {due_on}: Overdue"],
    ]
    assert "format=csv" in text(get(client, pcc_a, "/engage/reports/"))


def test_report_list_refuses_an_unknown_download_format(client, analyst):
    assert get(client, analyst, "/engage/reports/", {"format": "foo"}).status_code == 400


@pytest.mark.parametrize("who", ["inspector", "administrator"])
def test_those_who_change_engage_update_a_recommendation(request, client, who, recommendation):
    user = request.getfixturevalue(who)
    url = f"/engage/recommendations/{recommendation.pk}/"
    page = get(client, user, url)
    assert page.context["form"].initial["status"] == "open"
    assert "Save the recommendation" in text(page)
    answer = post(client, user, url, {"status": "completed", "evidence": "Audit of June calls"})
    assert answer.status_code == 302 and answer["Location"] == url
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.evidence) == ("completed", "Audit of June calls")
    assert AuditEvent.objects.filter(detail__what="recommendation saved", user=user).exists()
    assert recommendation.history.first().history_user == user


def test_recommendation_update_names_a_bad_status(client, inspector, recommendation):
    url = f"/engage/recommendations/{recommendation.pk}/"
    answer = post(client, inspector, url, {"status": "forgotten"})
    assert answer.status_code == 400
    assert '<a href="#id_status">Choose a status from the list</a>' in text(answer)
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


@pytest.mark.parametrize("who", ["analyst", "pcc_a"])
def test_readers_see_a_recommendation_read_only_and_get_403_on_update(
    request, client, who, recommendation
):
    client.force_login(request.getfixturevalue(who))
    url = f"/engage/recommendations/{recommendation.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    body = text(page)
    assert recommendation.text in body and "PEEL 2023-25: Durham" in body
    assert "The force (chief constable): Durham Constabulary" in body
    assert "<form" not in body.split('id="main-content"')[1]
    assert client.post(url, {"status": "completed", "evidence": "x"}).status_code == 403
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.evidence) == ("open", "")


@pytest.mark.parametrize("who", ["officer_a", "pcc_b"])
def test_recommendation_is_404_out_of_scope(request, client, who, recommendation):
    client.force_login(request.getfixturevalue(who))
    url = f"/engage/recommendations/{recommendation.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "completed"}).status_code == 404
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


def test_recommendation_to_another_body_is_seen_only_by_those_who_see_every_force(
    client, analyst, pcc_a, report
):
    other = RecommendationFactory(
        report=report,
        addressee=Recommendation.Addressee.OTHER,
        addressee_name="College of Policing",
        force=None,
    )
    url = f"/engage/recommendations/{other.pk}/"
    assert "College of Policing" in text(get(client, analyst, url))
    assert get(client, pcc_a, url).status_code == 404
