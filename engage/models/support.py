"""Levels of support: the unit's decisions placing a force at one of four levels (level 4 the
most intensive), each with its date, reasons and the evidence it rests on, and the performance
improvement plan a force at level 3 or 4 sends, with its actions and the group's reviews.

A force's current level is its latest decision; its history is every decision. The service
records decisions and never makes one."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from engage.models.cases import TrackedAction


class Level(models.IntegerChoices):
    ONE = 1, "Level 1"
    TWO = 2, "Level 2"
    THREE = 3, "Level 3"
    FOUR = 4, "Level 4 (most intensive)"


# The levels at which a force sends a performance improvement plan.
PLAN_LEVELS = (Level.THREE, Level.FOUR)


class SupportDecisionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-decided_on", "-id")

    def current(self):
        """Each force's latest decision: its current level."""
        return self.order_by("force_id", "-decided_on", "-id").distinct("force_id")


class SupportDecision(models.Model):
    """The unit's decision placing a force at a level of support, with the evidence seen."""

    force = models.ForeignKey(
        "forces.Force", on_delete=models.PROTECT, related_name="support_decisions"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    decided_on = models.DateField(default=date.today)
    reasons = models.TextField()
    flags = models.ManyToManyField("oversight.Flag", blank=True, related_name="support_decisions")
    assessments = models.ManyToManyField(
        "oversight.Assessment",
        blank=True,
        related_name="support_decisions",
        help_text="The assurance verdicts seen",
    )
    case = models.ForeignKey(
        "engage.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_decisions",
        help_text="The force's Engage case the decision considered",
    )
    peel_grades = models.ManyToManyField(
        "engage.PeelGrade", blank=True, related_name="support_decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[flags, assessments, peel_grades])

    objects = SupportDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="support_level_1_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} level {self.level} from {self.decided_on}"

    @property
    def needs_plan(self) -> bool:
        return self.level in PLAN_LEVELS


class ImprovementPlan(models.Model):
    """A force's performance improvement plan, sent once it is placed at level 3 or 4; open
    until the unit closes it (a force has at most one open plan)."""

    force = models.ForeignKey(
        "forces.Force", on_delete=models.PROTECT, related_name="improvement_plans"
    )
    received_on = models.DateField(default=date.today)
    summary = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force"],
                condition=Q(closed_on__isnull=True),
                name="one_open_plan_per_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} performance improvement plan of {self.received_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class PlanAction(TrackedAction):
    """One action of a performance improvement plan: an owner, a due date and a status, as an
    Engage case's improvement action."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    history = HistoricalRecords()

    class Meta(TrackedAction.Meta):
        pass


class PlanReview(models.Model):
    """The group's review of a plan: when, and what it found."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Plan accepted"
        CHANGES = "changes", "Changes asked for"
        ON_TRACK = "on_track", "Progress on track"
        OFF_TRACK = "off_track", "Progress off track"

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=date.today)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_outcome_display()} on {self.reviewed_on}"
