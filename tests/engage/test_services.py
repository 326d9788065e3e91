import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.models import AuditEvent
from engage.models import Case, CauseOfConcern, ImprovementAction, State
from engage.services import (
    TRANSITIONS,
    action_save,
    case_open,
    case_transition,
    cause_add,
    cause_close,
    flag_raise_as_cause,
)
from oversight.flags.models import Flag
from tests.engage.factories import ActionFactory, CaseFactory, CauseFactory
from tests.oversight.factories import FlagFactory


def test_case_open_starts_in_scan_with_its_first_transition(inspector, force_a):
    case = case_open(user=inspector, force=force_a, reason="Grade 1 attendance deteriorating")
    assert (case.state, case.is_open, case.opened_by) == (State.SCAN, True, inspector)
    [first] = case.transitions.all()
    assert (first.from_state, first.to_state, first.by) == ("", State.SCAN, inspector)
    assert AuditEvent.objects.filter(object_id=str(case.pk), detail__what="case opened").exists()


def test_case_open_refuses_a_second_open_case_for_the_force(inspector, force_a):
    case_open(user=inspector, force=force_a, reason="first")
    with pytest.raises(ValidationError, match="already has an open case"):
        case_open(user=inspector, force=force_a, reason="second")


def test_database_holds_one_open_case_per_force(force_a):
    CaseFactory(force=force_a)
    CaseFactory(force=force_a, closed=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(force=force_a)


def test_case_goes_from_scan_through_ppog_to_exit_with_who_and_why(inspector, force_a):
    case = case_open(user=inspector, force=force_a, reason="concern")
    for to in (State.ENGAGE, State.PPOG, State.INTERVENTION_ADVISED, State.SCAN):
        case_transition(user=inspector, case=case, to=to, reason=f"to {to}")
    case.refresh_from_db()
    assert case.state == State.SCAN and not case.is_open
    moves = [(t.from_state, t.to_state, t.reason, t.by) for t in case.transitions.all()]
    assert moves[1:] == [
        (State.SCAN, State.ENGAGE, "to engage", inspector),
        (State.ENGAGE, State.PPOG, "to ppog", inspector),
        (State.PPOG, State.INTERVENTION_ADVISED, "to intervention_advised", inspector),
        (State.INTERVENTION_ADVISED, State.SCAN, "to scan", inspector),
    ]
    audited = AuditEvent.objects.filter(detail__what="case transition", object_id=str(case.pk))
    assert audited.count() == 4


def test_refused_transition_names_the_allowed_ones(inspector):
    case = CaseFactory(state=State.ENGAGE)
    with pytest.raises(ValidationError) as refused:
        case_transition(user=inspector, case=case, to=State.INTERVENTION_ADVISED, reason="x")
    assert refused.value.message_dict["to"] == [
        "A case in engage cannot move to intervention_advised. Allowed: ppog, scan."
    ]
    case.refresh_from_db()
    assert case.state == State.ENGAGE and case.transitions.count() == 0


def test_scan_cannot_exit_before_engage(inspector):
    case = CaseFactory(state=State.SCAN)
    with pytest.raises(ValidationError, match="Allowed: engage"):
        case_transition(user=inspector, case=case, to=State.SCAN, reason="x")


def test_closed_case_allows_no_transition(inspector):
    case = CaseFactory(closed=True)
    with pytest.raises(ValidationError, match="Allowed: none: the case is closed"):
        case_transition(user=inspector, case=case, to=State.ENGAGE, reason="again")


def test_transition_needs_a_reason(inspector):
    case = CaseFactory(state=State.ENGAGE)
    with pytest.raises(ValidationError, match="Say why"):
        case_transition(user=inspector, case=case, to=State.PPOG, reason="  ")


def test_transitions_table_exits_only_from_engage_ppog_and_intervention():
    exits = {state for state, targets in TRANSITIONS.items() if State.SCAN in targets}
    assert exits == {State.ENGAGE, State.PPOG, State.INTERVENTION_ADVISED}


def test_transition_history_keeps_who_and_the_values_before(inspector):
    case = CaseFactory(state=State.ENGAGE)
    case_transition(user=inspector, case=case, to=State.PPOG, reason="No improvement in 6 months")
    latest, before = case.history.all()[:2]
    assert (latest.state, latest.history_user, latest.history_change_reason) == (
        State.PPOG,
        inspector,
        "No improvement in 6 months",
    )
    assert [c.field for c in latest.diff_against(before).changes] == ["state"]


@pytest.mark.parametrize("who", ["analyst", "pcc_a"])
def test_readers_may_not_move_a_case(request, who):
    case = CaseFactory(state=State.ENGAGE)
    with pytest.raises(PermissionDenied):
        case_transition(user=request.getfixturevalue(who), case=case, to=State.PPOG, reason="x")


@pytest.mark.parametrize("who", ["pcc_b", "officer_a"])
def test_those_who_cannot_see_the_case_get_not_found(request, who, force_a):
    case = CaseFactory(force=force_a, state=State.ENGAGE)
    with pytest.raises(Http404):
        case_transition(user=request.getfixturevalue(who), case=case, to=State.PPOG, reason="x")


def test_flag_raised_as_cause_opens_a_case_and_links_the_flag(inspector, force_a):
    flag = FlagFactory(force=force_a, metric="grade1_attendance_median_min")
    cause = flag_raise_as_cause(user=inspector, flag=flag)
    flag.refresh_from_db()
    assert cause.case.force == force_a and cause.case.is_open
    assert list(cause.flags.all()) == [flag]
    assert cause.metric_codes == ["grade1_attendance_median_min"]
    assert (flag.status, flag.case_reference) == (Flag.Status.LINKED, cause.case.reference)


def test_flag_raised_as_cause_joins_the_open_case(inspector, force_a):
    case = CaseFactory(force=force_a)
    cause = flag_raise_as_cause(user=inspector, flag=FlagFactory(force=force_a))
    assert cause.case == case and Case.objects.count() == 1


def test_cause_refuses_another_forces_flags_and_unknown_metrics(inspector, force_a, force_b):
    case = CaseFactory(force=force_a)
    with pytest.raises(ValidationError, match="only to flags about its case's force"):
        cause_add(user=inspector, case=case, title="x", flags=[FlagFactory(force=force_b)])
    with pytest.raises(ValidationError, match="Unknown metrics: nope"):
        cause_add(user=inspector, case=case, title="x", metric_codes=["nope"])


def test_cause_stays_open_after_the_case_exits(inspector):
    case = CaseFactory(state=State.ENGAGE)
    cause = cause_add(user=inspector, case=case, title="Crime data integrity", accelerated=True)
    case_transition(user=inspector, case=case, to=State.SCAN, reason="HMCI decided exit")
    cause.refresh_from_db()
    assert cause.status == CauseOfConcern.Status.OPEN and cause.accelerated
    cause_close(user=inspector, cause=cause, reason="Data integrity audit passed")
    assert cause.status == CauseOfConcern.Status.CLOSED


def test_action_overdue_when_due_passed_and_not_done(inspector):
    import datetime

    today = datetime.date(2024, 7, 1)
    late = ActionFactory(due_on=datetime.date(2024, 6, 30))
    done = ActionFactory(case=late.case, due_on=datetime.date(2024, 6, 1), status="done")
    ActionFactory(case=late.case, due_on=today)
    assert list(ImprovementAction.objects.overdue(today)) == [late]
    assert late.is_overdue(today) and not done.is_overdue(today)


def test_action_save_records_and_changes_with_history(inspector):
    import datetime

    case = CaseFactory()
    cause = CauseFactory(case=case)
    action = action_save(
        user=inspector,
        case=case,
        title="Review the call-handling rota",
        owner="Superintendent, contact",
        due_on=datetime.date(2024, 9, 1),
        cause=cause,
    )
    action_save(user=inspector, case=case, action=action, status="done", evidence="Rota live")
    assert [h.status for h in action.history.all()] == ["done", "planned"]
    with pytest.raises(ValidationError):
        action_save(user=inspector, case=case, action=action, status="finished")


def test_every_engage_model_keeps_its_history():
    from django.apps import apps

    models = [
        m
        for m in apps.get_app_config("engage").get_models()
        if not m.__name__.startswith("Historical")
    ]
    assert len(models) == 18  # 14, and the four of the levels of support
    assert all(hasattr(m, "history") for m in models), [
        m for m in models if not hasattr(m, "history")
    ]
