import datetime
import io

from django.core.management import call_command

from accounts.models import AuditEvent
from accounts.roles import Role
from demo.engage import engage_record, load_engage_demo
from engage.models import (
    Case,
    CauseOfConcern,
    ImprovementPlan,
    PeelGrade,
    PPOGMeeting,
    Section55Response,
    State,
    SupportDecision,
)
from engage.section55 import Standing, standing
from engage.selectors import section_55_compliance

TODAY = datetime.date(2026, 12, 2)
FORCES = ["devon-and-cornwall", "nottinghamshire", "lincolnshire", "durham"]


def test_engage_record_reads_dates_as_precise_as_given(reference_data):
    record = {e.force: e for e in engage_record()}
    assert record["cleveland"].entered == datetime.date(2019, 7, 1)
    assert "year only" in record["cleveland"].entered_text
    assert record["devon-and-cornwall"].entered == datetime.date(2022, 10, 14)
    assert record["nottinghamshire"].left is None


def test_demo_cases_follow_the_public_record(reference_data, analyst):
    loaded = load_engage_demo(TODAY, forces=FORCES)
    assert loaded["cases"] == 3
    cases = {c.force.slug: c for c in Case.objects.select_related("force")}
    devon = cases["devon-and-cornwall"]
    assert not devon.is_open and devon.closed_at.date() == datetime.date(2025, 7, 1)
    assert devon.causes.filter(status=CauseOfConcern.Status.OPEN).count() == 2
    assert [t.to_state for t in devon.transitions.all()] == [State.SCAN, State.ENGAGE, State.SCAN]
    assert "wired-gov.net" in devon.transitions.last().reason
    assert cases["lincolnshire"].state == State.ENGAGE
    assert cases["lincolnshire"].causes.filter(accelerated=True).count() == 5
    assert cases["nottinghamshire"].state == State.PPOG
    assert cases["nottinghamshire"].history.count() >= 3
    assert AuditEvent.objects.filter(detail__what="case transition").count() == 5
    meeting = PPOGMeeting.objects.get()
    assert {d.case.force.slug for d in meeting.decisions.all()} == {
        "lincolnshire",
        "nottinghamshire",
    }


def test_demo_section_55_responses_on_time_late_and_due(reference_data, analyst):
    load_engage_demo(TODAY, forces=FORCES)
    standings = {standing(r, TODAY) for r in Section55Response.objects.all()}
    assert standings == {Standing.ON_TIME, Standing.LATE, Standing.DUE}
    low = {c.force.slug for c in section_55_compliance(analyst, TODAY) if c.consistently_low}
    assert low == {"lincolnshire"}
    assert PeelGrade.objects.values("force").distinct().count() == 4


def test_demo_loads_once(reference_data):
    load_engage_demo(TODAY, forces=["nottinghamshire"])
    assert load_engage_demo(TODAY, forces=["nottinghamshire"]) == {"cases": 0}
    assert Case.objects.count() == 1


def test_demo_setup_loads_the_engage_record_and_prints_a_login_per_role(reference_data):
    out = io.StringIO()
    call_command("demo_setup", "--no-returns", "--today", TODAY.isoformat(), stdout=out)
    record = {e.force for e in engage_record()}
    assert {c.force.slug for c in Case.objects.select_related("force")} == record
    printed = out.getvalue()
    assert f"engage: {{'cases': {len(record)}" in printed
    assert printed.count("demo login: ") == len(Role)


def test_demo_levels_of_support_follow_the_engage_history(reference_data):
    loaded = load_engage_demo(TODAY, forces=FORCES)
    assert loaded["support_levels"] == 5
    current = {d.force.slug: d for d in SupportDecision.objects.current().select_related("force")}
    assert {slug: d.level for slug, d in current.items()} == {
        "devon-and-cornwall": 2,
        "nottinghamshire": 4,
        "lincolnshire": 3,
    }
    notts = current["nottinghamshire"]
    assert notts.case.state == State.PPOG and notts.decided_by.username == "support-unit"
    history = SupportDecision.objects.filter(force__slug="nottinghamshire").latest_first()
    assert [d.level for d in history] == [4, 3]
    assert history.last().decided_on == datetime.date(2024, 3, 1)
    assert current["devon-and-cornwall"].decided_on == datetime.date(2025, 7, 1)
    open_plans = ImprovementPlan.objects.filter(closed_on=None)
    assert {p.force.slug for p in open_plans} == {"nottinghamshire", "lincolnshire"}
    assert all(p.actions.count() == 3 and p.reviews.exists() for p in open_plans)
    devon = ImprovementPlan.objects.get(force__slug="devon-and-cornwall")
    assert devon.closed_on == datetime.date(2025, 7, 1)
    assert not devon.actions.exclude(status="done").exists()
    assert notts.peel_grades.exists()
