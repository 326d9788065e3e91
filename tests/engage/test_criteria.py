import datetime

import pytest

from engage.criteria import MonthVerdict, criterion_evaluate
from engage.models import ExitCriterion
from tests.engage.factories import CaseFactory, CauseFactory, CriterionFactory
from tests.metrics.factories import ObservationFactory, RecordingChangeFactory

STABLE = [70, 72, 71, 69, 70, 71, 72, 70, 69, 71, 70, 72, 71, 70, 69, 71, 70, 72]


def months(count, start=datetime.date(2023, 1, 1)):
    return [
        datetime.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def series(force, values, metric="calls_answered_10s", skip=()):
    for period, value in zip(months(len(values)), values, strict=True):
        if period not in skip:
            ObservationFactory(
                force=force,
                metric=metric,
                period=period,
                numerator=value,
                denominator=100,
                value=value,
            )


@pytest.fixture
def criterion(force_a):
    cause = CauseFactory(case=CaseFactory(force=force_a))
    return CriterionFactory(cause=cause, metric="calls_answered_10s", months=6)


def test_no_special_cause_met_on_a_stable_series(criterion, force_a):
    series(force_a, STABLE)
    evaluation = criterion_evaluate(criterion)
    assert evaluation.met
    assert evaluation.periods == months(18)[-6:]
    assert {m.verdict for m in evaluation.months} == {MonthVerdict.OK}


def test_special_cause_of_concern_in_the_window_is_not_met(criterion, force_a):
    series(force_a, STABLE[:-1] + [40])  # a fall in calls answered is a concern
    evaluation = criterion_evaluate(criterion)
    assert not evaluation.met
    assert evaluation.months[-1].verdict == MonthVerdict.CONCERN
    assert "2024-06 (concern)" in evaluation.summary


def test_short_series_never_counts_as_met(criterion, force_a):
    series(force_a, STABLE[:8])
    evaluation = criterion_evaluate(criterion)
    assert not evaluation.met
    assert {m.verdict for m in evaluation.months} == {MonthVerdict.TRIAL}


def test_missing_month_never_counts_as_met(criterion, force_a, force_b):
    series(force_b, STABLE)  # another force's figures set the latest month
    series(force_a, STABLE, skip=[datetime.date(2024, 4, 1)])
    evaluation = criterion_evaluate(criterion)
    assert not evaluation.met
    assert [m.period for m in evaluation.months if m.verdict == MonthVerdict.MISSING] == [
        datetime.date(2024, 4, 1)
    ]


def test_latest_months_missing_for_the_force_are_missing(criterion, force_a, force_b):
    series(force_b, STABLE)
    series(force_a, STABLE[:-2])
    evaluation = criterion_evaluate(criterion)
    assert not evaluation.met
    assert [m.verdict for m in evaluation.months][-2:] == [MonthVerdict.MISSING] * 2


def test_accepted_recording_change_rebases_limits(criterion, force_a):
    # A step down from a new recording system: a concern until the change is accepted, then
    # trial limits from the change, which are not met either.
    series(force_a, STABLE[:12] + [50, 51, 50, 52, 51, 50])
    before = criterion_evaluate(criterion)
    assert not before.met
    assert {m.verdict for m in before.months} == {MonthVerdict.CONCERN}
    RecordingChangeFactory(
        force=force_a, dataset="emergency_calls", effective_from=datetime.date(2024, 1, 1)
    )
    evaluation = criterion_evaluate(criterion)
    assert not evaluation.met
    assert {m.verdict for m in evaluation.months} == {MonthVerdict.TRIAL}


def test_meets_standard_for_n_months(force_a):
    cause = CauseFactory(case=CaseFactory(force=force_a))
    criterion = CriterionFactory(
        cause=cause, kind=ExitCriterion.Kind.MEETS_TARGET, metric="calls_answered_10s", months=3
    )
    series(force_a, [80, 85, 91, 92, 90])
    evaluation = criterion_evaluate(criterion)
    assert evaluation.met and evaluation.periods == months(5)[-3:]
    series_short = CriterionFactory(
        cause=cause, kind=ExitCriterion.Kind.MEETS_TARGET, metric="calls_answered_10s", months=4
    )
    evaluation = criterion_evaluate(series_short)
    assert not evaluation.met
    assert evaluation.months[0].verdict == MonthVerdict.MISSES_TARGET


def test_meets_standard_with_fewer_months_than_asked_is_not_met(force_a):
    cause = CauseFactory(case=CaseFactory(force=force_a))
    criterion = CriterionFactory(
        cause=cause, kind=ExitCriterion.Kind.MEETS_TARGET, metric="calls_answered_10s", months=6
    )
    series(force_a, [95, 96, 97])
    evaluation = criterion_evaluate(criterion)
    assert not evaluation.met
    assert [m.verdict for m in evaluation.months][:3] == [MonthVerdict.MISSING] * 3


def test_no_figures_at_all_is_not_met(criterion):
    assert not criterion_evaluate(criterion).met


def test_small_counts_are_left_out_of_a_pccs_evidence(force_a, pcc_a):
    cause = CauseFactory(case=CaseFactory(force=force_a))
    criterion = CriterionFactory(cause=cause, metric="csa_rate", months=2)
    for period in months(2):
        ObservationFactory(force=force_a, metric="csa_rate", period=period, numerator=3)
    shown = criterion_evaluate(criterion, user=pcc_a)
    assert [(m.value, m.suppressed) for m in shown.months] == [(None, True)] * 2
