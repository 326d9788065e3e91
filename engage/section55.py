"""HMICFRS reports, recommendations and section 55 responses: record them, answer them,
remind PCCs of responses coming due (14 and 3 days before, each once), and each PCC's
compliance (the share of responses published on time)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import access
from engage.models import (
    Recommendation,
    RecommendationResponse,
    Report,
    Section55Reminder,
    Section55Response,
)
from engage.policy import EngageDecision
from engage.services import _audit
from kit.history import tracked_save

REMINDER_DAYS = (14, 3)
# Compliance is "consistently low" when under this share of at least this many responses due.
LOW_COMPLIANCE_SHARE = 0.5
LOW_COMPLIANCE_MIN_RESPONSES = 3


@transaction.atomic
def report_record(*, user, title: str, published_on: date, url: str = "", force=None) -> Report:
    """A report; one about a force expects its PCC's section 55 response."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, force)
    report = Report(title=title, published_on=published_on, url=url, force=force)
    report.full_clean()
    tracked_save(report, user=user, reason="report recorded")
    if force is not None:
        section_55_expect(user=user, report=report, force=force)
    _audit(user, report, "report recorded", force=force.slug if force else "")
    return report


def section_55_expect(*, user, report: Report, force) -> Section55Response:
    """The PCC of `force` owes a response to the report (a thematic report may ask several)."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, force)
    response, created = Section55Response.objects.get_or_create(
        report=report, force=force, defaults={"due_on": report.section_55_due_on}
    )
    if created:
        _audit(user, response, "section 55 response expected", force=force.slug)
    return response


@transaction.atomic
def recommendation_save(*, user, recommendation: Recommendation) -> Recommendation:
    """Record or change a recommendation or area for improvement (status, evidence)."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, recommendation.force_id)
    if recommendation.addressee != Recommendation.Addressee.OTHER and not recommendation.force_id:
        raise ValidationError({"force": "Name the force, or the force whose PCC, addressed."})
    other = recommendation.addressee == Recommendation.Addressee.OTHER
    if other and not recommendation.addressee_name.strip():
        raise ValidationError({"addressee_name": "Name the body addressed."})
    recommendation.full_clean(exclude=["report", "force"])
    tracked_save(recommendation, user=user, reason=f"recommendation {recommendation.status}")
    _audit(user, recommendation, "recommendation saved", status=recommendation.status)
    return recommendation


RESPONSE_FIELDS = (
    "chief_constable_invited_on",
    "chief_constable_comments",
    "comments",
    "published_url",
    "published_on",
)


@transaction.atomic
def section_55_respond(*, user, response: Section55Response, answers=None, **fields):
    """The PCC writes their own response: the invitation to the chief constable and their
    comments, an answer per recommendation ({recommendation id: action}), and publication."""
    access.require(user, EngageDecision.RESPOND_SECTION_55, response.force_id)
    unknown = set(fields) - set(RESPONSE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(response, name, value)
    if response.published_on and not response.published_url:
        raise ValidationError({"published_url": "Give the address the response is published at."})
    response.updated_by = user
    response.full_clean(exclude=["report", "force", "updated_by"])
    tracked_save(response, user=user, reason="section 55 response")
    for rec_id, action in (answers or {}).items():
        _answer(user, response, rec_id, action)
    _audit(user, response, "section 55 response saved", published=bool(response.published_on))
    return response


def _answer(user, response, rec_id, action: str) -> None:
    rec = response.report.recommendations.filter(pk=rec_id, kind="recommendation").first()
    if rec is None:
        raise ValidationError({"answers": f"The report has no recommendation {rec_id}."})
    if not (action or "").strip():
        name = rec.reference or rec.pk
        raise ValidationError({"answers": f"Say what action is taken on {name}."})
    answer = RecommendationResponse.objects.filter(response=response, recommendation=rec).first()
    answer = answer or RecommendationResponse(response=response, recommendation=rec)
    answer.action = action.strip()
    tracked_save(answer, user=user, reason="answer to a recommendation")


# --- Due, late and on time -------------------------------------------------------------------


class Standing:
    DUE = "due"  # not yet published, due date not passed
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"


def standing(response: Section55Response, today: date) -> str:
    if response.published_on is not None:
        return Standing.ON_TIME if response.published_on <= response.due_on else Standing.LATE
    return Standing.OVERDUE if response.due_on < today else Standing.DUE


@dataclass
class Compliance:
    force: object
    due: int  # responses whose due date has passed or that are published
    on_time: int

    @property
    def share(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def consistently_low(self) -> bool:
        return (
            self.due >= LOW_COMPLIANCE_MIN_RESPONSES
            and self.share is not None
            and self.share < LOW_COMPLIANCE_SHARE
        )


def compliance_of(responses, forces, today: date) -> list[Compliance]:
    """Per force (its PCC), the share of responses owed so far that were published on time."""
    counts = {f.pk: Compliance(f, 0, 0) for f in forces}
    for response in responses:
        row = counts.get(response.force_id)
        state = standing(response, today)
        if row is None or state == Standing.DUE:
            continue
        row.due += 1
        row.on_time += state == Standing.ON_TIME
    return list(counts.values())


# --- Reminders ---------------------------------------------------------------------------------


def reminder_owed(response: Section55Response, today: date) -> int | None:
    """Which reminder (days before) the response is owed today: the 14-day one from 14 days
    before until the 3-day one is owed, the 3-day one until the due day; none once published."""
    if response.published_on is not None:
        return None
    days_to_due = (response.due_on - today).days
    if 0 <= days_to_due <= REMINDER_DAYS[1]:
        return REMINDER_DAYS[1]
    if REMINDER_DAYS[1] < days_to_due <= REMINDER_DAYS[0]:
        return REMINDER_DAYS[0]
    return None


def section_55_reminders_send(*, today: date | None = None) -> int:
    """Email each PCC about their responses coming due, each reminder once only. Safe to run
    twice, even at once. Returns how many were sent."""
    today = today or timezone.localdate()
    pending = Section55Response.objects.filter(published_on__isnull=True, due_on__gte=today)
    sent = 0
    for response in pending.select_related("report", "force"):
        days = reminder_owed(response, today)
        if days is not None:
            sent += _send_once(response, days)
    return sent


def _send_once(response: Section55Response, days: int) -> int:
    recipients = access.emails_of(
        access.users_who(EngageDecision.RESPOND_SECTION_55, response.force)
    )
    if not recipients:
        return 0
    # The row claims the reminder; if the email fails, the claim rolls back with it.
    with transaction.atomic():
        _, created = Section55Reminder.objects.get_or_create(
            response=response, days_before=days, defaults={"recipients": recipients}
        )
        if not created:
            return 0
        subject, body = reminder_message(response)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
    return 1


def reminder_message(response: Section55Response) -> tuple[str, str]:
    due = f"{response.due_on:%-d %B %Y}"
    report = response.report
    subject = f"Section 55 response due {due}: {report.title}"
    body = "\n".join(
        [
            f'Your response to HMICFRS\'s report "{report.title}", published '
            f"{report.published_on:%-d %B %Y}, is due by {due} (56 days after publication).",
            "It should include the chief constable's comments and, for each recommendation,",
            "what action has been or will be taken.",
            "",
            f"Record it at {settings.SITE_URL}{reverse('engage-section-55', args=[response.pk])}",
        ]
    )
    return subject, body
