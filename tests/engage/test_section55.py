import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from engage.models import Section55Reminder
from engage.section55 import (
    Standing,
    compliance_of,
    reminder_message,
    report_record,
    section_55_reminders_send,
    section_55_respond,
    standing,
)
from engage.tasks import send_section_55_reminders
from tests.engage.factories import RecommendationFactory, ReportFactory, ResponseFactory

PUBLISHED = datetime.date(2024, 3, 1)
DUE = datetime.date(2024, 4, 26)  # 56 days later


def test_report_about_a_force_expects_its_pccs_response_56_days_later(inspector, force_a):
    report = report_record(
        user=inspector, title="PEEL 2023-25", published_on=PUBLISHED, force=force_a
    )
    [response] = report.section_55.all()
    assert (response.force, response.due_on) == (force_a, DUE)


def test_pcc_writes_their_own_response_with_an_answer_per_recommendation(pcc_a, force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a, published_on=PUBLISHED))
    rec = RecommendationFactory(report=response.report)
    section_55_respond(
        user=pcc_a,
        response=response,
        chief_constable_invited_on=datetime.date(2024, 3, 4),
        chief_constable_comments="The force accepts the findings.",
        published_url="https://www.durham-pcc.gov.uk/s55/peel-2024",
        published_on=datetime.date(2024, 4, 20),
        answers={rec.pk: "A new call-handling model from June."},
    )
    assert [a.action for a in response.answers.all()] == ["A new call-handling model from June."]
    assert standing(response, datetime.date(2024, 5, 1)) == Standing.ON_TIME
    assert response.history.first().history_user == pcc_a


def test_published_response_needs_its_url(pcc_a, force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a))
    with pytest.raises(ValidationError, match="address"):
        section_55_respond(user=pcc_a, response=response, published_on=datetime.date(2024, 4, 1))


@pytest.mark.parametrize(
    "who, denial",
    [
        ("pcc_b", Http404),
        ("officer_a", Http404),
        ("inspector", PermissionDenied),
        ("analyst", PermissionDenied),
    ],
)
def test_only_the_forces_pcc_writes_its_response(request, who, denial, force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a))
    with pytest.raises(denial):
        section_55_respond(user=request.getfixturevalue(who), response=response, comments="x")


def test_standing_on_time_late_overdue_and_due(force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a, published_on=PUBLISHED))
    assert standing(response, DUE) == Standing.DUE
    assert standing(response, DUE + datetime.timedelta(days=1)) == Standing.OVERDUE
    response.published_on = DUE
    assert standing(response, DUE + datetime.timedelta(days=30)) == Standing.ON_TIME
    response.published_on = DUE + datetime.timedelta(days=1)
    assert standing(response, DUE + datetime.timedelta(days=30)) == Standing.LATE


def test_compliance_is_the_share_on_time_and_flags_consistently_low(force_a, force_b):
    today = datetime.date(2025, 1, 1)
    responses = []
    for published, late in [
        (PUBLISHED, False),
        (datetime.date(2024, 5, 1), True),
        (datetime.date(2024, 6, 1), True),
    ]:
        r = ResponseFactory(report=ReportFactory(force=force_a, published_on=published))
        r.published_url = "https://example.gov.uk/s55"
        r.published_on = r.due_on + datetime.timedelta(days=10 if late else -1)
        responses.append(r)
    responses.append(ResponseFactory(report=ReportFactory(force=force_b, published_on=PUBLISHED)))
    responses.append(ResponseFactory(report=ReportFactory(force=force_b, published_on=today)))
    rows = {c.force.slug: c for c in compliance_of(responses, [force_a, force_b], today)}
    assert (rows["durham"].due, rows["durham"].on_time) == (3, 1)
    assert rows["durham"].share == pytest.approx(1 / 3) and rows["durham"].consistently_low
    # Cumbria: one overdue, one not yet due (which does not count).
    assert (rows["cumbria"].due, rows["cumbria"].on_time, rows["cumbria"].share) == (1, 0, 0.0)
    assert not rows["cumbria"].consistently_low


def test_reminders_go_14_and_3_days_before_and_never_twice(pcc_a, pcc_b, force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a, published_on=PUBLISHED))
    assert section_55_reminders_send(today=DUE - datetime.timedelta(days=15)) == 0
    assert section_55_reminders_send(today=DUE - datetime.timedelta(days=14)) == 1
    assert section_55_reminders_send(today=DUE - datetime.timedelta(days=13)) == 0
    assert (
        send_section_55_reminders.delay((DUE - datetime.timedelta(days=3)).isoformat()).get() == 1
    )
    assert section_55_reminders_send(today=DUE - datetime.timedelta(days=3)) == 0
    assert section_55_reminders_send(today=DUE) == 0
    assert [m.to for m in mail.outbox] == [[pcc_a.email], [pcc_a.email]]
    assert "due 26 April 2024" in mail.outbox[0].subject
    assert sorted(response.reminders.values_list("days_before", flat=True)) == [3, 14]


def test_a_run_that_missed_the_14_day_mark_catches_up_but_not_within_3_days(pcc_a, force_a):
    ResponseFactory(report=ReportFactory(force=force_a, published_on=PUBLISHED))
    assert section_55_reminders_send(today=DUE - datetime.timedelta(days=10)) == 1
    assert section_55_reminders_send(today=DUE - datetime.timedelta(days=2)) == 1
    assert [r.days_before for r in Section55Reminder.objects.order_by("id")] == [14, 3]


def test_no_reminder_once_published(pcc_a, force_a):
    response = ResponseFactory(
        report=ReportFactory(force=force_a, published_on=PUBLISHED),
        published_on=PUBLISHED,
        published_url="https://example.gov.uk/",
    )
    assert section_55_reminders_send(today=response.due_on - datetime.timedelta(days=3)) == 0


def test_database_keeps_a_reminder_from_going_twice(force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a))
    Section55Reminder.objects.create(response=response, days_before=14)
    with pytest.raises(IntegrityError), transaction.atomic():
        Section55Reminder.objects.create(response=response, days_before=14)


def test_reminder_links_to_the_response_page_not_the_api(client, pcc_a, force_a):
    response = ResponseFactory(report=ReportFactory(force=force_a, published_on=PUBLISHED))
    _, body = reminder_message(response)
    link = body.rsplit(" ", 1)[-1]
    assert link == f"{settings.SITE_URL}/engage/section-55/{response.pk}/"
    client.force_login(pcc_a)
    assert client.get(link.removeprefix(settings.SITE_URL)).status_code == 200
