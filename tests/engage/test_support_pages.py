"""The levels of support pages, API and profile part, for each role, from the denied side too:
a PCC sees their own force's level and history and 404 for another's, a data officer sees
none, and only the unit records a level, a plan, its actions and reviews."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from engage.models import PlanAction, PlanReview, SupportDecision
from tests.engage.factories import (
    CaseFactory,
    ImprovementPlanFactory,
    PlanActionFactory,
    PlanReviewFactory,
    SupportDecisionFactory,
)
from tests.oversight.factories import AssessmentFactory, FlagFactory

pytestmark = pytest.mark.django_db

LIST, DURHAM, CUMBRIA = "/engage/support/", "/engage/support/durham/", "/engage/support/cumbria/"


@pytest.fixture
def levels(force_a, force_b):
    """Durham placed at 2, then at 4 without a plan; Cumbria at 3 with its plan."""
    SupportDecisionFactory(force=force_a, level=2, decided_on=datetime.date(2024, 6, 1))
    current = SupportDecisionFactory(
        force=force_a, level=4, decided_on=datetime.date(2025, 2, 1), reasons="Calls unanswered"
    )
    SupportDecisionFactory(force=force_b, level=3, reasons="Cumbria reasons")
    plan = ImprovementPlanFactory(force=force_b, summary="Cumbria plan")
    PlanActionFactory(plan=plan, title="Cumbria action")
    return current


def page(client, user, url, data=None):
    client.force_login(user)
    return client.get(url, data)


def test_analyst_sees_every_force_levels_4_and_3_first_and_those_without_a_plan(
    client, analyst, levels
):
    response = page(client, analyst, LIST)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.force.slug, r.decision.level) for r in rows[:2]] == [("durham", 4), ("cumbria", 3)]
    assert len(rows) == 43 and all(r.decision is None for r in rows[2:])
    assert [r.force.slug for r in response.context["without_plan"]] == ["durham"]
    assert "at level 3 or 4 without a performance improvement plan" in response.text


def test_list_downloads_as_csv(client, analyst, levels):
    response = page(client, analyst, LIST, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Force", "Level", "Decided", "Plan", "Plan required but not received"]
    assert rows[1][:2] == ["Durham Constabulary", "4"] and rows[1][4] == "Yes"
    assert rows[2][:2] == ["Cumbria Constabulary", "3"]


def test_pcc_sees_only_their_own_force_level_and_history(client, pcc_a, levels):
    listed = page(client, pcc_a, LIST)
    assert [r.force.slug for r in listed.context["rows"]] == ["durham"]
    assert "Cumbria" not in listed.text
    mine = page(client, pcc_a, DURHAM)
    assert mine.status_code == 200
    assert [v.decision.level for v in mine.context["support"].decisions] == [4, 2]
    assert "Calls unanswered" in mine.text and not mine.context["may_record"]
    assert "Record a level of support" not in mine.text
    assert page(client, pcc_a, CUMBRIA).status_code == 404


def test_data_officer_sees_no_level(client, officer_a, levels):
    for url in (LIST, DURHAM, f"{DURHAM}decisions/new/", f"{DURHAM}plan/"):
        assert page(client, officer_a, url).status_code == 404, url


def test_inspector_reads_but_may_not_record(client, inspector, levels):
    assert page(client, inspector, DURHAM).status_code == 200
    for url in (f"{DURHAM}decisions/new/", f"{DURHAM}plan/", f"{CUMBRIA}plan/reviews/new/"):
        assert page(client, inspector, url).status_code == 403, url
    response = client.post(f"{DURHAM}decisions/new/", {"level": "1", "reasons": "x"})
    assert response.status_code == 403
    assert SupportDecision.objects.count() == 3


def test_force_page_shows_the_evidence_since_the_last_decision(client, analyst, levels, force_a):
    FlagFactory(force=force_a)
    AssessmentFactory(force=force_a, metric="calls_answered_10s", assurance="fail")
    CaseFactory(force=force_a, reference="durham-20240301")
    response = page(client, analyst, DURHAM)
    evidence = response.context["support"].evidence
    assert evidence.since == datetime.date(2025, 2, 1) and evidence.open_flags == 1
    assert "Point beyond a process limit" in response.text
    assert "durham-20240301" in response.text and "calls_answered_10s" in response.text
    assert "it sends a performance improvement plan, and none is recorded" in response.text


def test_analyst_records_a_level_with_its_evidence(client, analyst, force_a):
    flag = FlagFactory(force=force_a)
    client.force_login(analyst)
    form = client.get(f"{DURHAM}decisions/new/")
    assert form.status_code == 200 and flag.summary in form.text
    refused = client.post(f"{DURHAM}decisions/new/", {"level": "5"})
    assert refused.status_code == 400 and "Say why the force is placed" in refused.text
    response = client.post(
        f"{DURHAM}decisions/new/",
        {
            "level": "3",
            "decided_on": timezone.localdate().isoformat(),
            "reasons": "Calls answered too slowly",
            "flags": [str(flag.pk)],
        },
    )
    assert response.status_code == 302 and response.url == DURHAM
    decision = SupportDecision.objects.get()
    assert (decision.level, decision.decided_by) == (3, analyst)
    assert list(decision.flags.all()) == [flag]


def test_analyst_keeps_the_plan_its_actions_and_reviews(client, analyst, force_a):
    client.force_login(analyst)
    assert client.get(f"{DURHAM}plan/actions/new/").status_code == 404  # no plan yet
    day = "2025-04-01"
    assert client.post(f"{DURHAM}plan/", {"received_on": day}).status_code == 302
    sent = {"title": "Recruit", "owner": "DCC", "due_on": "2025-09-30", "status": "planned"}
    assert client.post(f"{DURHAM}plan/actions/new/", sent).status_code == 302
    action = PlanAction.objects.get()
    edit = f"{DURHAM}plan/actions/{action.pk}/"
    assert client.post(edit, {**sent, "status": "done"}).status_code == 302
    review = {"reviewed_on": "2025-05-01", "outcome": "accepted", "notes": "Agreed"}
    assert client.post(f"{DURHAM}plan/reviews/new/", review).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and PlanReview.objects.get().by == analyst
    shown = client.get(DURHAM)
    assert "Recruit" in shown.text and "Plan accepted" in shown.text
    download = client.get(DURHAM, {"format": "csv", "table": "reviews"})
    assert b"Plan accepted" in download.content
    assert client.get(DURHAM, {"format": "csv", "table": "nothing"}).status_code == 404


def test_force_page_downloads_its_history(client, analyst, levels):
    response = page(client, analyst, DURHAM, {"format": "csv"})
    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [r[1] for r in rows[1:]] == ["4", "2"]


def test_cumbria_plan_review_is_not_durhams(client, analyst, levels, force_b):
    PlanReviewFactory(plan=force_b.improvement_plans.get())
    response = page(client, analyst, CUMBRIA)
    assert "Cumbria action" in response.text and "Plan accepted" in response.text


# --- The API ------------------------------------------------------------------------------------

API = "/api/v1/engage/support-levels/"


def test_api_lists_the_decisions_scoped(api_as, analyst, pcc_a, pcc_b, officer_a, levels):
    everything = api_as(analyst).get(API).json()
    assert everything["count"] == 3
    first = everything["results"][0]
    assert set(first) == {
        "id",
        "force",
        "level",
        "decided_on",
        "reasons",
        "evidence",
        "decided_by",
    }
    # Newest first: Cumbria's of 1 March 2025, then Durham's.
    assert (first["force"], first["level"], first["decided_on"]) == ("cumbria", 3, "2025-03-01")
    durham = api_as(analyst).get(API, {"force": "durham"}).json()["results"]
    assert [r["level"] for r in durham] == [4, 2]
    assert api_as(analyst).get(API, {"level": "4"}).json()["count"] == 1
    assert api_as(analyst).get(API, {"level": "5"}).status_code == 400
    mine = api_as(pcc_a).get(API).json()["results"]
    assert {r["force"] for r in mine} == {"durham"}
    assert api_as(pcc_a).get(API, {"force": "cumbria"}).json()["count"] == 0
    assert {r["force"] for r in api_as(pcc_b).get(API).json()["results"]} == {"cumbria"}
    assert api_as(officer_a).get(API).json()["count"] == 0
    assert api_as(pcc_b).get(f"{API}{levels.pk}/").status_code == 404


def test_api_shows_the_evidence_links(api_as, analyst, force_a):
    flag = FlagFactory(force=force_a)
    decision = SupportDecisionFactory(force=force_a, case=CaseFactory(force=force_a))
    decision.flags.set([flag])
    body = api_as(analyst).get(f"{API}{decision.pk}/").json()
    assert body["evidence"]["flags"] == [flag.pk]
    assert body["evidence"]["case"] == decision.case.reference


def test_api_is_documented(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/engage/support-levels/" in schema["paths"]


# --- The profile -----------------------------------------------------------------------------


def test_profile_shows_the_level_and_its_history_to_those_who_read_engage(
    client, analyst, pcc_a, officer_a, levels
):
    shown = page(client, analyst, "/forces/durham/")
    assert 'id="level-of-support"' in shown.text and "since 1 February 2025" in shown.text
    assert "Plan required, not received" in shown.text
    assert 'id="level-of-support"' in page(client, pcc_a, "/forces/durham/").text
    officer = page(client, officer_a, "/forces/durham/")
    assert 'id="level-of-support"' not in officer.text
