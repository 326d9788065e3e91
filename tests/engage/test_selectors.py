import datetime

from celery import current_app
from django.conf import settings

from engage.selectors import (
    overdue_actions_for,
    reports_visible_to,
    section_55_coming_due,
)
from tests.engage.factories import ActionFactory, CaseFactory, ReportFactory, ResponseFactory

TODAY = datetime.date(2024, 7, 1)


def test_overdue_actions_on_the_inspectors_list_and_a_pccs_own(
    inspector, pcc_a, officer_a, force_a, force_b
):
    own = ActionFactory(case=CaseFactory(force=force_a), due_on=datetime.date(2024, 6, 1))
    other = ActionFactory(case=CaseFactory(force=force_b), due_on=datetime.date(2024, 6, 1))
    assert set(overdue_actions_for(inspector, TODAY)) == {own, other}
    assert list(overdue_actions_for(pcc_a, TODAY)) == [own]
    assert not overdue_actions_for(officer_a, TODAY).exists()


def test_coming_due_and_overdue_responses_soonest_first(analyst, pcc_b, force_a):
    overdue = ResponseFactory(
        report=ReportFactory(force=force_a, published_on=datetime.date(2024, 4, 1))
    )
    soon = ResponseFactory(
        report=ReportFactory(force=force_a, published_on=datetime.date(2024, 6, 1))
    )
    assert section_55_coming_due(analyst, TODAY) == [(overdue, "overdue"), (soon, "due")]
    assert section_55_coming_due(pcc_b, TODAY) == []


def test_national_reports_only_for_those_who_see_every_force(analyst, pcc_a):
    thematic = ReportFactory(force=None, title="An inspection of vetting")
    assert thematic in reports_visible_to(analyst)
    assert thematic not in reports_visible_to(pcc_a)


def test_section_55_reminders_run_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["section-55-reminders"]
    assert entry["task"] == "engage.tasks.send_section_55_reminders"
    assert entry["task"] in current_app.tasks
