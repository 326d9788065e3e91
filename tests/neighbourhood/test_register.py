"""The ASB register: a force records its own lead and plans, the unit any force's; the lead in
post stands down on the next one's appointment; what cannot be true is refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from neighbourhood import selectors, services
from tests.neighbourhood.factories import AsbActionPlanFactory, AsbLeadFactory

pytestmark = pytest.mark.django_db


def lead(user, force, name="Sam Okafor", appointed_on=date(2025, 6, 2)):
    return services.asb_lead_record(
        user=user, force=force, name=name, role="Superintendent", appointed_on=appointed_on
    )


def test_a_new_lead_stands_the_one_in_post_down(officer_a, force_a):
    first = lead(officer_a, force_a, "Sam Okafor", date(2025, 6, 2))
    second = lead(officer_a, force_a, "Jo Pritchard", date(2026, 1, 5))
    first.refresh_from_db()
    assert first.stood_down_on == date(2026, 1, 5)
    [row] = selectors.register_rows(officer_a)
    assert row.lead == second
    assert first.history.first().history_change_reason == "stood down"
    assert second.history.first().history_user == officer_a


def test_a_lead_appointed_before_the_one_in_post_is_refused(officer_a, force_a):
    lead(officer_a, force_a, "Sam Okafor", date(2025, 6, 2))
    with pytest.raises(ValidationError, match="appointed after the one in post"):
        lead(officer_a, force_a, "Jo Pritchard", date(2025, 5, 1))


def test_dates_that_cannot_be_true_are_refused(officer_a, force_a):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        lead(officer_a, force_a, appointed_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="before publication"):
        services.asb_plan_record(
            user=officer_a,
            force=force_a,
            title="Town centres",
            covers="Durham city centre",
            published_on=date(2025, 7, 1),
            review_due_on=date(2025, 6, 1),
        )


def test_a_force_records_for_itself_only_and_the_unit_for_any(
    officer_a, officer_b, analyst, pcc_a, inspector, force_a
):
    with pytest.raises(Http404):  # another force's register is not found
        lead(officer_b, force_a)
    for reader in (pcc_a, inspector):  # they see the force, but do not keep its register
        with pytest.raises(PermissionDenied):
            lead(reader, force_a)
    assert lead(analyst, force_a).recorded_by == analyst


def test_a_force_is_complete_with_a_lead_in_post_and_a_plan_in_date(analyst, force_a):
    today = timezone.localdate()
    [row] = selectors.register_rows(analyst, [force_a])
    assert (row.lead, row.plans, row.complete) == (None, [], False)
    AsbLeadFactory(force=force_a, appointed_on=today - timedelta(days=100))
    overdue = AsbActionPlanFactory(
        force=force_a, published_on=date(2024, 1, 1), review_due_on=today - timedelta(days=1)
    )
    [row] = selectors.register_rows(analyst, [force_a])
    assert row.lead is not None and row.plans == [overdue] and not row.complete
    AsbActionPlanFactory(force=force_a, published_on=today, review_due_on=None)
    [row] = selectors.register_rows(analyst, [force_a])
    assert row.complete


def test_a_lead_stood_down_is_not_in_post(analyst, force_a):
    AsbLeadFactory(force=force_a, appointed_on=date(2024, 1, 1), stood_down_on=date(2025, 1, 1))
    [row] = selectors.register_rows(analyst, [force_a])
    assert row.lead is None


def test_each_user_lists_the_forces_they_see(analyst, pcc_b, officer_a, force_a):
    AsbLeadFactory(force=force_a)
    assert len(selectors.register_rows(analyst)) == 43
    assert [r.force.slug for r in selectors.register_rows(pcc_b)] == ["cumbria"]
    assert [r.force.slug for r in selectors.register_rows(officer_a)] == ["durham"]


def test_a_plan_replaced_by_a_newer_one_for_its_area_is_not_overdue(analyst, force_a):
    today = timezone.localdate()
    AsbLeadFactory(force=force_a, appointed_on=today - timedelta(days=400))
    old = AsbActionPlanFactory(
        force=force_a,
        covers="The whole force",
        published_on=today - timedelta(days=400),
        review_due_on=today - timedelta(days=35),
    )
    new = AsbActionPlanFactory(
        force=force_a,
        covers="the  whole Force",
        published_on=today - timedelta(days=35),
        review_due_on=today + timedelta(days=330),
    )
    town = AsbActionPlanFactory(
        force=force_a,
        covers="Durham city centre",
        published_on=today - timedelta(days=200),
        review_due_on=today - timedelta(days=80),
    )
    [row] = selectors.register_rows(analyst, [force_a])
    assert set(row.current_plans) == {new, town} and old not in row.overdue_plans
    assert row.overdue_plans == [town] and row.complete
