import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from engage.meetings import document_attach
from engage.models import Case, PeelGrade, State
from tests.engage.factories import (
    CaseFactory,
    CauseFactory,
    CriterionFactory,
    MeetingFactory,
    PeelGradeFactory,
    RecommendationFactory,
    ReportFactory,
    ResponseFactory,
)

CASES = "/api/v1/engage/cases/"


@pytest.fixture
def cases(force_a, force_b):
    return CaseFactory(force=force_a), CaseFactory(force=force_b, state=State.PPOG)


def ids(response):
    return sorted(item["id"] for item in response.json()["results"])


@pytest.mark.parametrize("who", ["analyst", "inspector", "administrator"])
def test_national_roles_read_every_case(request, api_as, cases, who):
    api = api_as(request.getfixturevalue(who))
    assert ids(api.get(CASES)) == sorted(c.pk for c in cases)
    assert ids(api.get(CASES, {"state": "ppog"})) == [cases[1].pk]


def test_pcc_reads_only_their_own_forces_case(api_as, pcc_a, cases):
    api = api_as(pcc_a)
    assert ids(api.get(CASES)) == [cases[0].pk]
    assert api.get(f"{CASES}{cases[1].pk}/").status_code == 404


def test_force_data_officer_sees_nothing_of_engage(api_as, officer_a, cases, force_a):
    api = api_as(officer_a)
    PeelGradeFactory(force=force_a)
    RecommendationFactory(report=ReportFactory(force=force_a))
    for path in ("cases", "meetings", "recommendations", "peel-grades", "section-55"):
        assert api.get(f"/api/v1/engage/{path}/").json()["count"] == 0, path
    assert api.get(f"{CASES}{cases[0].pk}/").status_code == 404


def test_anonymous_gets_nothing(api, cases):
    assert api.get(CASES).status_code in (401, 403)


def test_inspector_takes_a_case_from_open_to_exit(api_as, inspector, force_a):
    api = api_as(inspector)
    opened = api.post(CASES, {"force": "durham", "reason": "Grade 1 attendance"}, format="json")
    assert opened.status_code == 201 and opened.json()["allowed_transitions"] == ["engage"]
    url = f"{CASES}{opened.json()['id']}/transition/"
    for to in ("engage", "ppog", "scan"):
        moved = api.post(url, {"to": to, "reason": f"to {to}"}, format="json")
        assert moved.status_code == 200, moved.json()
    case = moved.json()
    assert case["closed_at"] and case["allowed_transitions"] == []
    assert [(t["from_state"], t["to_state"]) for t in case["transitions"]] == [
        ("", "scan"),
        ("scan", "engage"),
        ("engage", "ppog"),
        ("ppog", "scan"),
    ]
    assert [h["state"] for h in case["history"]][:2] == ["scan", "ppog"]
    assert AuditEvent.objects.filter(detail__what="case transition").count() == 3


def test_refused_transition_answers_400_naming_the_allowed(api_as, inspector, cases):
    api = api_as(inspector)
    refused = api.post(
        f"{CASES}{cases[0].pk}/transition/",
        {"to": "intervention_advised", "reason": "x"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["to"] == [
        "A case in engage cannot move to intervention_advised. Allowed: ppog, scan."
    ]


def test_second_open_case_answers_400(api_as, inspector, cases):
    answer = api_as(inspector).post(CASES, {"force": "durham", "reason": "x"}, format="json")
    assert answer.status_code == 400
    assert Case.objects.filter(force__slug="durham").count() == 1


@pytest.mark.parametrize(
    "who, code", [("analyst", 403), ("pcc_a", 403), ("pcc_b", 404), ("officer_a", 404)]
)
def test_transition_denied(request, api_as, cases, who, code):
    api = api_as(request.getfixturevalue(who))
    answer = api.post(
        f"{CASES}{cases[0].pk}/transition/", {"to": "ppog", "reason": "x"}, format="json"
    )
    assert answer.status_code == code
    assert Case.objects.get(pk=cases[0].pk).state == State.ENGAGE


@pytest.mark.parametrize(
    "who, code", [("analyst", 403), ("pcc_a", 403), ("pcc_b", 404), ("officer_a", 404)]
)
def test_opening_a_case_denied(request, api_as, force_a, who, code):
    answer = api_as(request.getfixturevalue(who)).post(
        CASES, {"force": "durham", "reason": "x"}, format="json"
    )
    assert answer.status_code == code and not Case.objects.exists()


@pytest.mark.parametrize("path", [CASES, "/api/v1/engage/peel-grades/"])
@pytest.mark.parametrize(
    "who, body, code",
    [
        ("analyst", {}, 403),
        ("pcc_a", {"force": "durham"}, 403),
        ("pcc_b", {}, 403),
        ("pcc_b", {"force": "durham"}, 404),
        ("officer_a", {}, 404),
    ],
)
def test_creating_denied_whatever_the_body(request, api_as, force_a, path, who, body, code):
    """Who may open a case or record a grade is settled before the body is validated: a body
    with no force, or with nothing but a force, is refused as a whole one would be."""
    answer = api_as(request.getfixturevalue(who)).post(path, body, format="json")
    assert answer.status_code == code
    assert not Case.objects.exists() and not PeelGrade.objects.exists()


def test_case_detail_shows_exit_criteria_with_evidence(api_as, analyst, force_a):
    cause = CauseFactory(case=CaseFactory(force=force_a))
    CriterionFactory(cause=cause, metric="calls_answered_10s", months=6)
    case = api_as(analyst).get(f"{CASES}{cause.case.pk}/").json()
    [criterion] = case["causes"][0]["exit_criteria"]
    assert criterion["met"] is False and criterion["chart_url"] == (
        "/forces/durham/metrics/calls_answered_10s/"
    )


def test_meetings_for_national_roles_only(
    api_as, analyst, pcc_a, cases, settings, tmp_path, inspector
):
    settings.ENGAGE_DOCUMENTS_DIR = tmp_path
    meeting = MeetingFactory()
    meeting.forces.set([cases[0].force])
    document = document_attach(
        user=inspector,
        meeting=meeting,
        kind="revisit_letter",
        upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    listed = api_as(analyst).get("/api/v1/engage/meetings/").json()
    assert [m["id"] for m in listed["results"]] == [meeting.pk]
    url = listed["results"][0]["documents"][0]["download_url"]
    assert url.endswith(f"/engage/documents/{document.pk}/download/")
    assert api_as(pcc_a).get("/api/v1/engage/meetings/").json()["count"] == 0


def test_document_download_is_scoped_and_audited(
    client, analyst, pcc_a, officer_a, inspector, settings, tmp_path
):
    settings.ENGAGE_DOCUMENTS_DIR = tmp_path
    document = document_attach(
        user=inspector,
        meeting=MeetingFactory(),
        kind="other",
        upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    url = f"/engage/documents/{document.pk}/download/"
    for user in (pcc_a, officer_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(analyst)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n%%EOF\n"
    assert (
        AuditEvent.objects.filter(
            action="download", object_id=str(document.pk), user=analyst
        ).count()
        == 1
    )


def test_recommendations_scoped_and_changed_by_inspectors(api_as, inspector, pcc_a, pcc_b, force_a):
    rec = RecommendationFactory(report=ReportFactory(force=force_a))
    url = f"/api/v1/engage/recommendations/{rec.pk}/"
    assert ids(api_as(pcc_a).get("/api/v1/engage/recommendations/")) == [rec.pk]
    assert api_as(pcc_b).get(url).status_code == 404
    assert api_as(pcc_a).patch(url, {"status": "completed"}, format="json").status_code == 403
    # Permission before the body: a bad body from one who may not change it is 403, not 400.
    assert api_as(pcc_a).patch(url, {"status": "no such"}, format="json").status_code == 403
    changed = api_as(inspector).patch(
        url, {"status": "completed", "evidence": "Audit 2024"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["status"] == "completed"


def test_peel_grades_scoped_and_recorded_by_inspectors(api_as, inspector, pcc_a, force_a, force_b):
    PeelGradeFactory(force=force_b)
    body = {
        "force": "durham",
        "framework": "2023-25",
        "question": "Investigating crime",
        "year": 2024,
        "grade": "good",
    }
    assert api_as(pcc_a).post("/api/v1/engage/peel-grades/", body, format="json").status_code == 403
    created = api_as(inspector).post("/api/v1/engage/peel-grades/", body, format="json")
    assert created.status_code == 201 and created.json()["grade"] == "good"
    assert [
        g["force"] for g in api_as(pcc_a).get("/api/v1/engage/peel-grades/").json()["results"]
    ] == ["durham"]


def test_pcc_writes_their_section_55_response_and_no_one_elses(
    api_as, pcc_a, pcc_b, inspector, force_a
):
    response = ResponseFactory(
        report=ReportFactory(force=force_a, published_on=datetime.date(2024, 3, 1))
    )
    rec = RecommendationFactory(report=response.report)
    url = f"/api/v1/engage/section-55/{response.pk}/"
    body = {
        "comments": "We welcome the report.",
        "answers": {str(rec.pk): "Done by June."},
        "published_url": "https://durham-pcc.example/s55",
        "published_on": "2024-04-20",
    }
    assert api_as(pcc_b).patch(url, body, format="json").status_code == 404
    assert api_as(inspector).patch(url, body, format="json").status_code == 403
    bad = {"answers": "not a mapping"}
    assert api_as(inspector).patch(url, bad, format="json").status_code == 403
    written = api_as(pcc_a).patch(url, body, format="json")
    assert written.status_code == 200 and written.json()["standing"] == "on_time"
    assert response.answers.get().action == "Done by June."
    compliance = api_as(pcc_a).get("/api/v1/engage/section-55/compliance/").json()
    assert compliance == [
        {"force": "durham", "due": 1, "on_time": 1, "share": 1.0, "consistently_low": False}
    ]
