"""Levels of support: the unit's decisions and their history, the performance improvement plan
of a force at level 3 or 4, the evidence since the last decision, and who may record them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.models import AuditEvent
from engage.models import PlanAction, PlanReview, SupportDecision
from engage.pages import force_support, support_rows
from engage.support import (
    plan_action_save,
    plan_review_record,
    plan_save,
    support_decision_record,
    support_evidence,
)
from oversight.flags.models import Flag
from tests.engage.factories import (
    CaseFactory,
    CauseFactory,
    ImprovementPlanFactory,
    PeelGradeFactory,
    PlanActionFactory,
    SupportDecisionFactory,
)
from tests.oversight.factories import AssessmentFactory, FlagFactory, ReturnFlagFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 1)


def test_decision_recorded_with_its_evidence_and_history(analyst, force_a):
    flag = FlagFactory(force=force_a)
    verdict = AssessmentFactory(force=force_a, metric="calls_answered_10s", assurance="fail")
    case = CaseFactory(force=force_a)
    grade = PeelGradeFactory(force=force_a)
    decision = support_decision_record(
        user=analyst,
        force=force_a,
        level=3,
        decided_on=DAY,
        reasons="999 calls answered too slowly",
        flags=[flag],
        assessments=[verdict],
        case=case,
        peel_grades=[grade],
    )
    decision.refresh_from_db()
    assert (decision.level, decision.decided_on, decision.decided_by) == (3, DAY, analyst)
    assert list(decision.flags.all()) == [flag]
    assert list(decision.assessments.all()) == [verdict]
    assert list(decision.peel_grades.all()) == [grade] and decision.case == case
    created = decision.history.earliest()
    assert created.history_type == "+" and created.history_user == analyst
    audit = AuditEvent.objects.get(detail__what="support level recorded")
    assert audit.detail["level"] == 3 and audit.user == analyst


def test_current_level_is_the_latest_decision_and_history_every_one(analyst, force_a, force_b):
    SupportDecisionFactory(force=force_a, level=2, decided_on=datetime.date(2024, 6, 1))
    latest = SupportDecisionFactory(force=force_a, level=4, decided_on=datetime.date(2025, 1, 10))
    SupportDecisionFactory(force=force_a, level=3, decided_on=datetime.date(2024, 11, 1))
    other = SupportDecisionFactory(force=force_b, level=1)
    current = {d.force_id: d for d in SupportDecision.objects.current()}
    assert current == {force_a.pk: latest, force_b.pk: other}
    support = force_support(analyst, force_a)
    assert support.current == latest
    assert [v.decision.level for v in support.decisions] == [4, 3, 2]


def test_every_change_to_a_decision_is_in_its_history(analyst, force_a):
    decision = support_decision_record(user=analyst, force=force_a, level=2, reasons="Watch")
    decision.reasons = "Watch the 999 figures"
    decision._history_user = analyst
    decision.save()
    assert [h.reasons for h in decision.history.order_by("history_id")][-1] == (
        "Watch the 999 figures"
    )
    assert decision.history.filter(history_type="~").exists()


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"level": 5}, "level"),
        ({"level": 0}, "level"),
        ({"reasons": "  "}, "reasons"),
        ({"decided_on": timezone.localdate() + datetime.timedelta(days=1)}, "decided_on"),
    ],
)
def test_decision_refused_when_what_was_sent_is_wrong(analyst, force_a, fields, error):
    sent = {"level": 3, "reasons": "Because", **fields}
    with pytest.raises(ValidationError) as refused:
        support_decision_record(user=analyst, force=force_a, **sent)
    assert error in refused.value.message_dict
    assert not SupportDecision.objects.exists()


def test_decision_refuses_evidence_about_another_force(analyst, force_a, force_b):
    with pytest.raises(ValidationError) as refused:
        support_decision_record(
            user=analyst, force=force_a, level=3, reasons="x", flags=[FlagFactory(force=force_b)]
        )
    assert "flags" in refused.value.message_dict


def test_only_the_unit_records_a_level(inspector, pcc_a, pcc_b, officer_a, administrator, force_a):
    with pytest.raises(PermissionDenied):  # sees the force's record, may not record a level
        support_decision_record(user=inspector, force=force_a, level=3, reasons="x")
    with pytest.raises(PermissionDenied):
        support_decision_record(user=pcc_a, force=force_a, level=1, reasons="x")
    for outsider in (pcc_b, officer_a):  # sees nothing of it
        with pytest.raises(Http404):
            support_decision_record(user=outsider, force=force_a, level=1, reasons="x")
    assert support_decision_record(user=administrator, force=force_a, level=1, reasons="x").pk


def test_plan_with_actions_and_reviews(analyst, force_a):
    plan = plan_save(user=analyst, force=force_a, received_on=DAY, summary="Call handling")
    action = plan_action_save(
        user=analyst,
        plan=plan,
        title="Recruit call handlers",
        owner="Deputy chief constable",
        due_on=datetime.date(2025, 6, 30),
        status=PlanAction.Status.PLANNED,
    )
    plan_action_save(user=analyst, plan=plan, action=action, status=PlanAction.Status.DONE)
    review = plan_review_record(
        user=analyst,
        plan=plan,
        outcome=PlanReview.Outcome.ON_TRACK,
        reviewed_on=datetime.date(2025, 5, 1),
    )
    assert review.by == analyst and list(plan.reviews.all()) == [review]
    assert action.history.count() == 2
    with pytest.raises(ValidationError):  # a force has one open plan
        plan_save(user=analyst, force=force_a, received_on=DAY)
    plan_save(user=analyst, force=force_a, plan=plan, received_on=DAY, closed_on=DAY)
    assert plan_save(user=analyst, force=force_a, received_on=DAY).is_open


def test_plan_actions_share_the_improvement_actions_overdue_logic(force_a):
    today = datetime.date(2025, 10, 1)
    late = PlanActionFactory(due_on=datetime.date(2025, 9, 1))
    PlanActionFactory(plan=late.plan, due_on=datetime.date(2025, 9, 1), status="done")
    PlanActionFactory(plan=late.plan, due_on=datetime.date(2025, 11, 1))
    assert list(PlanAction.objects.overdue(today)) == [late]
    assert late.is_overdue(today)


def test_inspector_may_not_change_a_plan(inspector, force_a):
    plan = ImprovementPlanFactory(force=force_a)
    with pytest.raises(PermissionDenied):
        plan_review_record(
            user=inspector, plan=plan, outcome=PlanReview.Outcome.ACCEPTED, reviewed_on=DAY
        )


def test_a_force_at_level_3_or_4_without_a_plan_is_named(analyst, force_a, force_b):
    SupportDecisionFactory(force=force_a, level=4)
    SupportDecisionFactory(force=force_b, level=3)
    ImprovementPlanFactory(force=force_b)
    rows = support_rows(analyst)
    assert [r.force.slug for r in rows if r.needs_plan] == ["durham"]
    assert [r.force.slug for r in rows[:2]] == ["durham", "cumbria"]  # level 4, then 3
    assert all(r.decision is None for r in rows[2:])


def test_evidence_since_the_last_decision_from_factory_rows(analyst, force_a, force_b):
    since = timezone.localdate() - datetime.timedelta(days=30)
    old = FlagFactory(force=force_a, rule=Flag.Rule.TREND)
    Flag.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=60))
    FlagFactory(force=force_a, rule=Flag.Rule.OUTSIDE_LIMITS)
    FlagFactory(force=force_a, rule=Flag.Rule.OUTSIDE_LIMITS)
    FlagFactory(force=force_a, rule=Flag.Rule.RUN)
    FlagFactory(force=force_a, rule=Flag.Rule.RUN, status=Flag.Status.CLOSED)
    ReturnFlagFactory(force=force_a)
    FlagFactory(force=force_b)
    AssessmentFactory(force=force_a, metric="calls_answered_10s", assurance="fail")
    AssessmentFactory(force=force_a, metric="knife_crime_rate", assurance="pass")
    AssessmentFactory(force=force_b, metric="calls_answered_10s", assurance="fail")
    case = CaseFactory(force=force_a)
    CauseFactory(case=case)
    PeelGradeFactory(force=force_a, year=2022, question="Old question")
    latest = PeelGradeFactory(force=force_a, year=2024)

    evidence = support_evidence(analyst, force_a, since)

    assert [(c.rule, c.count) for c in evidence.flags] == [
        ("outside_limits", 2),
        ("missing_return", 1),
        ("run", 1),
    ]
    assert evidence.open_flags == 4
    assert [a.metric for a in evidence.failing] == ["calls_answered_10s"]
    assert evidence.engage.case == case and len(evidence.engage.open_causes) == 1
    assert evidence.engage.grades == [latest]
    assert [c.count for c in support_evidence(analyst, force_a, None).flags] == [2, 1, 1, 1]


def test_evidence_is_computed_never_acted_on(analyst, force_a):
    SupportDecisionFactory(force=force_a, level=1)
    for _ in range(5):
        FlagFactory(force=force_a)
    AssessmentFactory(force=force_a, metric="calls_answered_10s", assurance="fail")
    support_evidence(analyst, force_a, None)
    force_support(analyst, force_a)
    assert [d.level for d in SupportDecision.objects.all()] == [1]


def test_pcc_sees_the_evidence_of_their_own_force_only(pcc_a, pcc_b, force_a):
    FlagFactory(force=force_a)
    AssessmentFactory(force=force_a, metric="calls_answered_10s", assurance="fail")
    mine = support_evidence(pcc_a, force_a, None)
    assert mine.open_flags == 1 and len(mine.failing) == 1
    theirs = support_evidence(pcc_b, force_a, None)
    assert (theirs.open_flags, theirs.failing, theirs.engage) == (0, [], None)
