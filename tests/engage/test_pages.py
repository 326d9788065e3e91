import csv
import datetime
import io

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from engage.meetings import meeting_decide
from engage.models import Case, CauseOfConcern, ExitCriterion, ImprovementAction, State
from engage.services import action_save, case_transition
from oversight.flags.models import Flag
from tests.engage.factories import (
    ActionFactory,
    CaseFactory,
    CauseFactory,
    CriterionFactory,
    MeetingFactory,
    PeelGradeFactory,
    RecommendationFactory,
    ReportFactory,
    ResponseFactory,
)
from tests.metrics.factories import ObservationFactory
from tests.oversight.factories import FlagFactory


def today():
    """Asked for where it is used, not once at import: a run may pass midnight."""
    return timezone.localdate()


PAST = today() - datetime.timedelta(days=10)
FUTURE = today() + datetime.timedelta(days=30)


@pytest.fixture
def case(force_a):
    return CaseFactory(force=force_a, reference="durham-20240301")


@pytest.fixture
def other_case(force_b):
    return CaseFactory(force=force_b, reference="cumbria-20240401", state=State.PPOG)


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


# --- The case list ------------------------------------------------------------------------------


def test_case_list_shows_each_case_with_open_causes_and_overdue_actions(
    client, analyst, case, other_case
):
    CauseFactory(case=case)
    CauseFactory(case=case)
    CauseFactory(case=case, status=CauseOfConcern.Status.CLOSED)
    ActionFactory(case=case, due_on=PAST)
    ActionFactory(case=case, due_on=PAST, status=ImprovementAction.Status.DONE)
    ActionFactory(case=case, due_on=FUTURE)
    response = get(client, analyst, "/engage/")
    assert response.status_code == 200
    rows = {c.reference: c for c in response.context["page"].object_list}
    assert set(rows) == {"durham-20240301", "cumbria-20240401"}
    assert (rows["durham-20240301"].open_causes, rows["durham-20240301"].overdue_actions) == (2, 1)
    assert (rows["cumbria-20240401"].open_causes, rows["cumbria-20240401"].overdue_actions) == (
        0,
        0,
    )
    assert '<strong class="govuk-tag govuk-tag--red">1 overdue</strong>' in text(response)
    assert [a.title for a in response.context["overdue_actions"]] == ["Recruit call handlers"]


def test_case_list_filters_by_state_and_by_open_or_closed(client, analyst, case, other_case):
    closed = CaseFactory(force=other_case.force, reference="cumbria-2020", closed=True)
    listed = lambda query: [  # noqa: E731 - a short helper for the three queries below
        c.reference for c in get(client, analyst, "/engage/", query).context["page"].object_list
    ]
    assert listed({"state": "ppog"}) == ["cumbria-20240401"]
    assert listed({"status": "closed"}) == [closed.reference]
    assert sorted(listed({"state": "scan", "status": "open"})) == []


def test_case_list_refuses_an_unknown_state_with_an_error_summary(client, analyst, case):
    response = get(client, analyst, "/engage/", {"state": "limbo"})
    assert response.status_code == 400
    assert "govuk-error-summary" in text(response)
    assert "Choose a state from the list" in text(response)


def test_case_list_shows_section_55_responses_due_and_overdue(client, inspector, force_a):
    overdue = ResponseFactory(
        report=ReportFactory(force=force_a, published_on=today() - datetime.timedelta(days=60))
    )
    due = ResponseFactory(
        report=ReportFactory(force=force_a, published_on=today() - datetime.timedelta(days=40))
    )
    ResponseFactory(
        report=ReportFactory(force=force_a, published_on=today() - datetime.timedelta(days=90)),
        published_on=today() - datetime.timedelta(days=40),
        published_url="https://pcc.example/s55",
    )
    response = get(client, inspector, "/engage/")
    assert response.context["coming_due"] == [(overdue, "overdue"), (due, "due")]
    assert f'href="/engage/section-55/{overdue.pk}/"' in text(response)


def test_case_list_marks_consistently_low_compliance(client, analyst, force_a):
    for days in (200, 150, 100):
        ResponseFactory(
            report=ReportFactory(
                force=force_a, published_on=today() - datetime.timedelta(days=days)
            )
        )
    response = get(client, analyst, "/engage/")
    [durham] = [row for row in response.context["compliance"] if row.force == force_a]
    assert (durham.due, durham.on_time, durham.consistently_low) == (3, 0, True)
    assert "Consistently low</strong>" in text(response)


def test_pcc_lists_only_their_own_forces_case(client, pcc_a, case, other_case):
    response = get(client, pcc_a, "/engage/")
    assert [c.reference for c in response.context["page"].object_list] == [case.reference]
    assert "Open a case" not in text(response)


def test_case_list_downloads_the_cases_listed_for_its_filters(client, analyst, case, other_case):
    CauseFactory(case=case)
    ActionFactory(case=case, due_on=PAST)
    response = get(client, analyst, "/engage/", {"state": "engage", "format": "csv"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="engage-cases-engage-{today()}.csv"'
    )
    assert csv_rows(response) == [
        ["Case", "Force", "State", "Closed", "Opened", "Open causes of concern"]
        + ["Overdue actions"],
        ["durham-20240301", "Durham Constabulary", "Engage", "", str(today()), "1", "1"],
    ]
    assert "state=engage&amp;format=xlsx" in text(get(client, analyst, "/engage/?state=engage"))


def test_pcc_downloads_only_their_own_forces_case(client, pcc_a, case, other_case):
    rows = csv_rows(get(client, pcc_a, "/engage/", {"format": "csv"}))
    assert [row[0] for row in rows] == ["Case", "durham-20240301"]


def test_engage_is_in_the_navigation_of_those_who_read_it(client, analyst, officer_a):
    items = get(client, analyst, "/engage/").context["navigation"]
    assert {"label": "Engage", "href": "/engage/", "active": True} in items
    labels = [i["label"] for i in get(client, officer_a, "/flags/").context["navigation"]]
    assert "Engage" not in labels


# --- Denied, page by page -----------------------------------------------------------------------


@pytest.fixture
def objects(case, force_a):
    action = ActionFactory(case=case)
    response = ResponseFactory(report=ReportFactory(force=force_a))
    flag = FlagFactory(force=force_a)
    cause = CauseFactory(case=case)
    return {"case": case, "action": action, "response": response, "flag": flag, "cause": cause}


def read_pages(o) -> list[str]:
    return [
        "/engage/",
        f"/engage/cases/{o['case'].pk}/",
        f"/engage/section-55/{o['response'].pk}/",
        "/engage/peel/durham/",
    ]


def change_pages(o) -> list[str]:
    case = o["case"].pk
    return [
        "/engage/cases/new/",
        f"/engage/cases/{case}/move/",
        f"/engage/cases/{case}/causes/new/",
        f"/engage/cases/{case}/actions/new/",
        f"/engage/cases/{case}/actions/{o['action'].pk}/",
        f"/engage/flags/{o['flag'].pk}/raise/",
        f"/engage/cases/{case}/causes/{o['cause'].pk}/close/",
        f"/engage/cases/{case}/causes/{o['cause'].pk}/criteria/new/",
    ]


def test_force_data_officer_gets_404_on_every_engage_page(client, officer_a, objects):
    client.force_login(officer_a)
    for url in read_pages(objects) + change_pages(objects):
        assert client.get(url).status_code == 404, url
    for url in change_pages(objects) + [f"/engage/section-55/{objects['response'].pk}/"]:
        assert client.post(url, {"reason": "x"}).status_code == 404, url


def test_pcc_of_another_force_gets_404_on_the_forces_pages(client, pcc_b, objects):
    client.force_login(pcc_b)
    for url in read_pages(objects)[1:] + change_pages(objects)[1:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "to": "ppog"}).status_code == 404, url


@pytest.mark.parametrize("who", ["analyst", "pcc_a"])
def test_readers_read_but_get_403_on_every_change_form(request, client, objects, who):
    client.force_login(request.getfixturevalue(who))
    for url in read_pages(objects):
        assert client.get(url).status_code == 200, url
    for url in change_pages(objects):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "x", "to": "ppog", "force": "durham"}).status_code == 403
    assert Case.objects.get().state == State.ENGAGE
    assert list(CauseOfConcern.objects.values_list("status", flat=True)) == ["open"]


@pytest.mark.parametrize("who", ["analyst", "inspector", "pcc_b", "officer_a"])
def test_only_the_forces_pcc_writes_its_section_55_response(request, client, objects, who):
    url = f"/engage/section-55/{objects['response'].pk}/"
    answer = post(client, request.getfixturevalue(who), url, {"comments": "Not mine to write"})
    assert answer.status_code == (404 if who in ("pcc_b", "officer_a") else 403)
    objects["response"].refresh_from_db()
    assert objects["response"].comments == ""


def test_anonymous_is_sent_to_sign_in(client, objects):
    assert client.get("/engage/").status_code == 302


# --- Opening and moving a case ------------------------------------------------------------------


def test_inspector_opens_a_case_from_the_form(client, inspector, force_a, force_b):
    CaseFactory(force=force_b)
    form = get(client, inspector, "/engage/cases/new/").context["form"]
    assert force_b not in form.fields["force"].queryset and force_a in form.fields["force"].queryset
    answer = post(
        client, inspector, "/engage/cases/new/", {"force": "durham", "reason": "Grade 1 times"}
    )
    case = Case.objects.get(force=force_a)
    assert answer.status_code == 302 and answer["Location"] == f"/engage/cases/{case.pk}/"
    assert case.state == State.SCAN and case.transitions.get().reason == "Grade 1 times"
    assert AuditEvent.objects.filter(detail__what="case opened", user=inspector).exists()


def test_opening_a_case_without_a_reason_names_the_problem(client, inspector, force_a):
    answer = post(client, inspector, "/engage/cases/new/", {"force": "durham"})
    assert answer.status_code == 400
    assert '<a href="#id_reason">Say why the case is opened</a>' in text(answer)
    assert not Case.objects.exists()


def test_move_form_offers_only_the_allowed_states(client, inspector, case):
    form = get(client, inspector, f"/engage/cases/{case.pk}/move/").context["form"]
    assert [value for value, _ in form.fields["to"].choices] == ["ppog", "scan"]


def test_inspector_moves_a_case_with_a_reason(client, inspector, case):
    url = f"/engage/cases/{case.pk}/move/"
    answer = post(client, inspector, url, {"to": "ppog", "reason": "No progress on the plan"})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.state == State.PPOG
    transition = case.transitions.get()
    assert (transition.by, transition.reason) == (inspector, "No progress on the plan")


def test_move_needs_a_reason_and_an_allowed_state(client, inspector, case):
    url = f"/engage/cases/{case.pk}/move/"
    answer = post(client, inspector, url, {"to": "intervention_advised"})
    assert answer.status_code == 400
    assert "Choose one of the moves allowed" in text(answer)
    assert "Say why the case moves" in text(answer)
    case.refresh_from_db()
    assert case.state == State.ENGAGE


def test_closed_case_offers_no_move(client, inspector, force_a):
    closed = CaseFactory(force=force_a, closed=True)
    page = get(client, inspector, f"/engage/cases/{closed.pk}/")
    assert "Move the case" not in text(page)
    answer = post(
        client, inspector, f"/engage/cases/{closed.pk}/move/", {"to": "engage", "reason": "x"}
    )
    assert answer.status_code == 400


# --- Causes, exit criteria, actions -------------------------------------------------------------


def test_inspector_adds_a_cause_with_an_exit_criterion(client, inspector, case):
    answer = post(
        client,
        inspector,
        f"/engage/cases/{case.pk}/causes/new/",
        {
            "title": "999 calls answered late",
            "metric_codes": ["calls_answered_10s"],
            "peel_areas": "Responding to the public\n\n",
            "accelerated": "on",
            "kind": ExitCriterion.Kind.NO_SPECIAL_CAUSE_OF_CONCERN,
            "metric": "calls_answered_10s",
            "months": "6",
        },
    )
    assert answer.status_code == 302
    cause = case.causes.get()
    assert (cause.metric_codes, cause.peel_areas, cause.accelerated) == (
        ["calls_answered_10s"],
        ["Responding to the public"],
        True,
    )
    assert str(cause.criteria.get()) == (
        "No special cause of concern for 6 consecutive months: calls_answered_10s"
    )


def test_cause_with_an_incomplete_criterion_is_not_added(client, inspector, case):
    answer = post(
        client,
        inspector,
        f"/engage/cases/{case.pk}/causes/new/",
        {"title": "Standards", "kind": "meets_standard", "metric": "calls_answered_10s"},
    )
    assert answer.status_code == 400
    assert "Give the number of consecutive months" in text(answer)
    assert not case.causes.exists()


def test_criterion_the_service_refuses_rolls_the_cause_back(client, inspector, case):
    answer = post(
        client,
        inspector,
        f"/engage/cases/{case.pk}/causes/new/",
        {
            "title": "x",
            "kind": "meets_standard",
            "metric": "grade1_attendance_median_min",
            "months": 3,
        },
    )
    assert answer.status_code == 400
    assert "has no standard: give a target" in text(answer)
    assert not case.causes.exists()


def test_inspector_adds_and_updates_an_action(client, inspector, case):
    cause = CauseFactory(case=case)
    url = f"/engage/cases/{case.pk}/actions/new/"
    data = {"title": "Recruit", "owner": "Chief", "due_on": "2024-06-30", "status": "planned"}
    assert post(client, inspector, url, {**data, "cause": cause.pk}).status_code == 302
    action = case.actions.get()
    edit = f"/engage/cases/{case.pk}/actions/{action.pk}/"
    assert get(client, inspector, edit).context["form"].initial["owner"] == "Chief"
    answer = post(client, inspector, edit, {**data, "status": "done", "evidence": "40 hired"})
    assert answer.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.evidence, action.cause) == ("done", "40 hired", None)


def test_action_form_names_a_bad_date(client, inspector, case):
    answer = post(
        client,
        inspector,
        f"/engage/cases/{case.pk}/actions/new/",
        {"title": "Recruit", "owner": "Chief", "due_on": "next June", "status": "planned"},
    )
    assert answer.status_code == 400
    assert "Give the due date as year-month-day" in text(answer)


def test_action_of_another_case_is_404(client, inspector, case, other_case):
    action = ActionFactory(case=other_case)
    url = f"/engage/cases/{case.pk}/actions/{action.pk}/"
    assert get(client, inspector, url).status_code == 404


# --- The case page ------------------------------------------------------------------------------


def months(count, start=datetime.date(2023, 1, 1)):
    return [
        datetime.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def test_case_page_shows_exit_criteria_met_with_evidence_and_the_chart(client, analyst, case):
    for period, value in zip(months(18), [70, 72, 71, 69, 70, 71, 72, 70, 69] * 2, strict=True):
        ObservationFactory(
            force=case.force,
            metric="calls_answered_10s",
            period=period,
            numerator=value,
            denominator=100,
            value=value,
        )
    CriterionFactory(cause=CauseFactory(case=case), metric="calls_answered_10s", months=3)
    response = get(client, analyst, f"/engage/cases/{case.pk}/")
    [item] = response.context["causes"]
    [judged] = item.criteria
    assert judged.evaluation.met
    assert [m.period for m in judged.evaluation.months] == months(18)[-3:]
    body = text(response)
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in body
    assert 'href="/forces/durham/metrics/calls_answered_10s/"' in body
    assert '<td class="govuk-table__cell">2024-06</td>' in body


def test_case_page_shows_a_criterion_not_met(client, analyst, case):
    CriterionFactory(cause=CauseFactory(case=case), metric="calls_answered_10s", months=6)
    body = text(get(client, analyst, f"/engage/cases/{case.pk}/"))
    assert '<strong class="govuk-tag govuk-tag--orange">Not met</strong>' in body
    assert "No figures of" in body


def test_case_page_highlights_overdue_actions(client, analyst, case):
    late = ActionFactory(case=case, due_on=PAST, title="Late one")
    ActionFactory(case=case, due_on=FUTURE, title="In time")
    body = text(get(client, analyst, f"/engage/cases/{case.pk}/"))
    row = body.split(f'id="action-{late.pk}"')[1].split("</tr>")[0]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in row
    assert body.count('govuk-tag--red">Overdue') == 1


def test_case_page_downloads_its_improvement_plan(client, pcc_a, case):
    cause = CauseFactory(case=case)
    ActionFactory(case=case, due_on=FUTURE, title="In time", evidence="-2 vacancies")
    ActionFactory(case=case, due_on=PAST, cause=cause)
    response = get(client, pcc_a, f"/engage/cases/{case.pk}/", {"format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="engage-durham-20240301-improvement-plan.csv"'
    )
    assert csv_rows(response) == [
        ["Action", "Cause of concern", "Owner", "Due", "Overdue", "Status", "Evidence"],
        ["Recruit call handlers", "Grade 1 attendance times", "Head of contact management"]
        + [str(PAST), "Yes", "Planned", ""],
        ["In time", "", "Head of contact management", str(FUTURE), "No", "Planned"]
        + ["'-2 vacancies"],
    ]
    assert "format=csv" in text(get(client, pcc_a, f"/engage/cases/{case.pk}/"))


def test_case_pages_refuse_an_unknown_download_format(client, analyst, objects):
    for url in ("/engage/", f"/engage/cases/{objects['case'].pk}/", "/engage/peel/durham/"):
        response = get(client, analyst, url, {"format": "foo"})
        assert response.status_code == 400, url
        assert "use format=csv or format=xlsx" in text(response)


def test_timeline_shows_transitions_decisions_and_history_newest_first(
    client, inspector, analyst, pcc_a, force_a
):
    case = CaseFactory(force=force_a, state=State.SCAN)
    case_transition(user=inspector, case=case, to=State.ENGAGE, reason="Plan not delivered")
    action = ActionFactory(case=case, title="Recruit")
    action_save(user=inspector, case=case, action=action, status="in_progress")
    meeting_decide(user=inspector, meeting=MeetingFactory(), case=case, text="Stay in PPOG view")
    timeline = get(client, analyst, f"/engage/cases/{case.pk}/").context["timeline"]
    assert [e.at for e in timeline] == sorted((e.at for e in timeline), reverse=True)
    kinds = [e.kind for e in timeline]
    assert {"Transition", "PPOG decision", "Case changed", "Action changed"} <= set(kinds)
    [changed] = [e for e in timeline if e.kind == "Action changed"]
    assert changed.by == inspector.username
    assert [(c.field, c.before, c.after) for c in changed.changes] == [
        ("status", "Planned", "In progress")
    ]
    [moved] = [e for e in timeline if e.kind == "Case changed"]
    assert ("state", "Engage", "Engage") not in [
        (c.field, c.before, c.after) for c in moved.changes
    ]
    assert [(c.field, c.before, c.after) for c in moved.changes] == [
        ("state", "Scan (routine monitoring)", "Engage")
    ]
    assert moved.text == "Plan not delivered"
    pcc_kinds = [
        e.kind for e in get(client, pcc_a, f"/engage/cases/{case.pk}/").context["timeline"]
    ]
    assert "PPOG decision" not in pcc_kinds and "Transition" in pcc_kinds


# --- Section 55 ---------------------------------------------------------------------------------


def test_pcc_writes_their_section_55_response(client, pcc_a, force_a):
    report = ReportFactory(force=force_a, published_on=today() - datetime.timedelta(days=20))
    response = ResponseFactory(report=report)
    rec = RecommendationFactory(report=report)
    url = f"/engage/section-55/{response.pk}/"
    form = get(client, pcc_a, url).context["form"]
    assert f"answer_{rec.pk}" in form.fields
    answer = post(
        client,
        pcc_a,
        url,
        {
            "comments": "We welcome the report.",
            f"answer_{rec.pk}": "New call handlers by June.",
            "published_url": "https://durham-pcc.example/s55",
            "published_on": today().isoformat(),
        },
    )
    assert answer.status_code == 302
    response.refresh_from_db()
    assert (response.comments, response.published_on, response.updated_by) == (
        "We welcome the report.",
        today(),
        pcc_a,
    )
    assert response.answers.get().action == "New call handlers by June."
    assert "Published on time" in text(get(client, pcc_a, url))


def test_section_55_published_without_an_address_names_the_field(client, pcc_a, force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a))
    answer = post(
        client, pcc_a, f"/engage/section-55/{response.pk}/", {"published_on": "2024-04-01"}
    )
    assert answer.status_code == 400
    assert '<a href="#id_published_url">Give the address the response is published at.</a>' in text(
        answer
    )


def test_inspector_reads_a_section_55_response_without_a_form(client, inspector, force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a), comments="Our plan")
    body = text(get(client, inspector, f"/engage/section-55/{response.pk}/"))
    assert "Our plan" in body and "Save the response" not in body


# --- PEEL ---------------------------------------------------------------------------------------


def test_peel_history_by_framework_with_comparison_warnings(client, pcc_a, force_a, force_b):
    PeelGradeFactory(
        force=force_a,
        framework="2021/22",
        question="Responding to the public",
        year=2022,
        grade="inadequate",
    )
    PeelGradeFactory(
        force=force_a,
        framework="2023-25",
        question="Responding to the public",
        year=2024,
        grade="adequate",
    )
    PeelGradeFactory(
        force=force_a, framework="2023-25", question="Leadership and force management", year=2024
    )
    PeelGradeFactory(
        force=force_b, framework="2021/22", question="Treatment of the public", year=2022
    )
    response = get(client, pcc_a, "/engage/peel/durham/")
    assert response.status_code == 200
    rows = {row.question: row for row in response.context["comparison"]}
    assert rows["Responding to the public"].warning == ""
    assert "Not a question of 2021/22" in rows["Leadership and force management"].warning
    body = text(response)
    assert "Inadequate (2022)" in body and "Adequate (2024)" in body
    assert "PEEL 2021/22" in body and "PEEL 2023–25" in body
    assert get(client, pcc_a, "/engage/peel/cumbria/").status_code == 404


def test_peel_history_downloads_every_grade(client, pcc_a, force_a, force_b):
    PeelGradeFactory(force=force_a, year=2024, grade="adequate")
    PeelGradeFactory(force=force_a, framework="2021/22", year=2022, grade="inadequate")
    PeelGradeFactory(force=force_b, question="Treatment of the public")
    response = get(client, pcc_a, "/engage/peel/durham/", {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="peel-grades-durham.csv"'
    assert csv_rows(response) == [
        ["Framework", "Question or area", "Year", "Grade"],
        ["PEEL 2021/22", "Responding to the public", "2022", "Inadequate"],
        ["PEEL 2023–25", "Responding to the public", "2024", "Adequate"],
    ]
    assert "format=xlsx" in text(get(client, pcc_a, "/engage/peel/durham/"))
    assert get(client, pcc_a, "/engage/peel/cumbria/", {"format": "csv"}).status_code == 404


# --- From a flag --------------------------------------------------------------------------------


def test_flag_detail_offers_raising_it_to_those_who_change_engage(
    client, inspector, analyst, force_a
):
    flag = FlagFactory(force=force_a)
    assert "Raise as a cause of concern" in text(get(client, inspector, f"/flags/{flag.pk}/"))
    assert "Raise as a cause of concern" not in text(get(client, analyst, f"/flags/{flag.pk}/"))


def test_flag_raised_opens_a_case_and_links_back(client, inspector, force_a):
    flag = FlagFactory(force=force_a)
    answer = post(client, inspector, f"/engage/flags/{flag.pk}/raise/")
    case = Case.objects.get(force=force_a)
    assert answer.status_code == 302 and answer["Location"] == f"/engage/cases/{case.pk}/"
    cause = case.causes.get()
    assert list(cause.flags.all()) == [flag] and cause.metric_codes == ["calls_answered_10s"]
    flag.refresh_from_db()
    assert (flag.status, flag.case_reference) == (Flag.Status.LINKED, case.reference)
    body = text(get(client, inspector, f"/flags/{flag.pk}/"))
    assert f'<a class="govuk-link" href="/engage/cases/{case.pk}/">{case.reference}</a>' in body


def test_flag_raised_joins_the_forces_open_case(client, inspector, case):
    flag = FlagFactory(force=case.force)
    raise_page = get(client, inspector, f"/engage/flags/{flag.pk}/raise/")
    assert raise_page.context["open_case"] == case
    post(client, inspector, f"/engage/flags/{flag.pk}/raise/", {"title": "Calls answered late"})
    assert Case.objects.count() == 1
    assert case.causes.get().title == "Calls answered late"


def test_flag_reference_that_names_no_case_stays_text(client, analyst, force_a):
    flag = FlagFactory(force=force_a, status=Flag.Status.LINKED, case_reference="PPOG-2019-7")
    body = text(get(client, analyst, f"/flags/{flag.pk}/"))
    assert "(PPOG-2019-7)" in body and "/engage/cases/" not in body


# --- Closing a cause ----------------------------------------------------------------------------


def test_inspector_closes_a_cause_with_a_reason(client, inspector, case):
    cause = CauseFactory(case=case, title="Grade 1 attendance")
    page = text(get(client, inspector, f"/engage/cases/{case.pk}/"))
    close = f"/engage/cases/{case.pk}/causes/{cause.pk}/close/"
    assert f'href="{close}"' in page
    answer = post(client, inspector, close, {"reason": "Six months without special cause"})
    assert answer.status_code == 302 and answer["Location"] == f"/engage/cases/{case.pk}/"
    cause.refresh_from_db()
    assert cause.status == CauseOfConcern.Status.CLOSED and cause.closed_on == today()
    assert cause.history.first().history_change_reason == "Six months without special cause"
    assert AuditEvent.objects.filter(detail__what="cause of concern closed").exists()
    assert f'href="{close}"' not in text(get(client, inspector, f"/engage/cases/{case.pk}/"))
    assert get(client, inspector, close).status_code == 404  # closed already


def test_closing_a_cause_needs_a_reason(client, inspector, case):
    cause = CauseFactory(case=case)
    answer = post(client, inspector, f"/engage/cases/{case.pk}/causes/{cause.pk}/close/")
    assert answer.status_code == 400
    assert '<a href="#id_reason">Say why the cause is closed</a>' in text(answer)
    cause.refresh_from_db()
    assert cause.status == CauseOfConcern.Status.OPEN


def test_a_cause_of_an_exited_case_can_still_be_closed(client, inspector, force_a):
    exited = CaseFactory(force=force_a, closed=True)
    cause = CauseFactory(case=exited)
    url = f"/engage/cases/{exited.pk}/causes/{cause.pk}/close/"
    assert post(client, inspector, url, {"reason": "Revisit found it fixed"}).status_code == 302
    cause.refresh_from_db()
    assert cause.status == CauseOfConcern.Status.CLOSED


def test_readers_are_offered_no_close(client, analyst, case):
    cause = CauseFactory(case=case)
    page = text(get(client, analyst, f"/engage/cases/{case.pk}/"))
    assert f"/causes/{cause.pk}/close/" not in page


def test_inspector_adds_an_exit_criterion_to_an_open_cause(client, inspector, case):
    cause = CauseFactory(case=case)
    url = f"/engage/cases/{case.pk}/causes/{cause.pk}/criteria/new/"
    assert f'href="{url}"' in text(get(client, inspector, f"/engage/cases/{case.pk}/"))
    data = {
        "kind": "no_special_cause_of_concern",
        "metric": "grade1_within_standard",
        "months": "6",
    }
    assert post(client, inspector, url, data).status_code == 302
    (criterion,) = cause.criteria.all()
    assert (criterion.kind, criterion.metric, criterion.months) == (
        "no_special_cause_of_concern",
        "grade1_within_standard",
        6,
    )
    assert AuditEvent.objects.filter(detail__what="exit criterion set").exists()


def test_an_exit_criterion_needs_its_kind_measure_and_months(client, inspector, case):
    cause = CauseFactory(case=case)
    url = f"/engage/cases/{case.pk}/causes/{cause.pk}/criteria/new/"
    answer = post(client, inspector, url, {"months": "0"})
    assert answer.status_code == 400
    page = text(answer)
    assert "Choose the kind of exit criterion" in page
    assert not cause.criteria.exists()
    closed = CauseFactory(case=case, status=CauseOfConcern.Status.CLOSED)
    assert (
        get(
            client, inspector, f"/engage/cases/{case.pk}/causes/{closed.pk}/criteria/new/"
        ).status_code
        == 404
    )
