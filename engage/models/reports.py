"""HMICFRS reports, their recommendations and areas for improvement, and each PCC's
section 55 response (Police Act 1996 s.55: published within 56 days of the report)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

SECTION_55_DAYS = 56


class Report(models.Model):
    title = models.CharField(max_length=300)
    published_on = models.DateField()
    url = models.URLField(blank=True)
    force = models.ForeignKey(
        "forces.Force",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hmicfrs_reports",
        help_text="The force the report is about; empty for a national (thematic) report",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def section_55_due_on(self) -> date:
        return self.published_on + timedelta(days=SECTION_55_DAYS)


class Recommendation(models.Model):
    """A recommendation or an area for improvement, addressed to a force, a PCC or another
    body."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "Recommendation"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"

    class Addressee(models.TextChoices):
        FORCE = "force", "The force (chief constable)"
        PCC = "pcc", "The PCC"
        OTHER = "other", "Another body"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        SUPERSEDED = "superseded", "Superseded"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="recommendations")
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.RECOMMENDATION)
    reference = models.CharField(max_length=32, blank=True, help_text="e.g. R1 or AFI3")
    text = models.TextField()
    addressee = models.CharField(max_length=8, choices=Addressee.choices)
    force = models.ForeignKey(
        "forces.Force",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text="The force, or the force whose PCC, it is addressed to",
    )
    addressee_name = models.CharField(
        max_length=200, blank=True, help_text="Another body, e.g. the College of Policing"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "kind", "reference", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(addressee="other", addressee_name__gt="")
                | Q(~Q(addressee="other"), force__isnull=False),
                name="recommendation_has_addressee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.reference or self.pk}"


class Section55Response(models.Model):
    """A PCC's response to a report about their force, due 56 days after publication."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="section_55")
    force = models.ForeignKey(
        "forces.Force", on_delete=models.PROTECT, related_name="section_55_responses"
    )
    due_on = models.DateField()
    chief_constable_invited_on = models.DateField(null=True, blank=True)
    chief_constable_comments = models.TextField(blank=True)
    comments = models.TextField(blank=True, help_text="The PCC's comments on the report")
    published_url = models.URLField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "force"], name="one_response_per_report"),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | ~Q(published_url=""),
                name="published_response_has_url",
            ),
        ]

    def __str__(self) -> str:
        return f"s.55 {self.force}: {self.report}"


class RecommendationResponse(models.Model):
    """What action has been or will be taken on one recommendation (or why none)."""

    response = models.ForeignKey(
        Section55Response, on_delete=models.CASCADE, related_name="answers"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    action = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "recommendation"], name="one_answer_per_recommendation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.recommendation}"


class Section55Reminder(models.Model):
    """A reminder sent to a PCC about a response coming due; the unique constraint keeps one
    from going twice."""

    response = models.ForeignKey(
        Section55Response, on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "days_before"], name="one_section_55_reminder_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.days_before} days before"
