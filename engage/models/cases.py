"""Engage cases: one force's episode of enhanced monitoring, its transitions, causes of
concern with their exit criteria, and the improvement plan."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class State(models.TextChoices):
    SCAN = "scan", "Scan (routine monitoring)"
    ENGAGE = "engage", "Engage"
    PPOG = "ppog", "PPOG oversight"
    INTERVENTION_ADVISED = "intervention_advised", "Intervention advised (s.40)"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def closed(self):
        return self.filter(closed_at__isnull=False)


class Case(models.Model):
    """One force's episode, from a concern raised in scan to exit back to scan."""

    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="engage_cases")
    reference = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=24, choices=State.choices, default=State.SCAN)
    summary = models.TextField(blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force"],
                condition=Q(closed_at__isnull=True),
                name="one_open_case_per_force",
            ),
            # A closed case has exited to scan.
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(state=State.SCAN),
                name="closed_case_is_in_scan",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CaseTransition(models.Model):
    """One move of a case between states: who, when, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=State.choices)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.from_state or 'opened'} -> {self.to_state}"


class CauseOfConcern(models.Model):
    """A cause of concern, tied to the evidence: flags, metrics and PEEL areas. It can stay
    open after its case exits."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="causes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    flags = models.ManyToManyField("oversight.Flag", blank=True, related_name="causes_of_concern")
    metric_codes = models.JSONField(default=list, blank=True)
    peel_areas = models.JSONField(default=list, blank=True)
    accelerated = models.BooleanField(
        default=False, help_text="Part of an accelerated move: causes whose cumulative impact"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(default=date.today)
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[flags])

    class Meta:
        ordering = ["opened_on", "id"]
        verbose_name_plural = "causes of concern"

    def __str__(self) -> str:
        return self.title


class ExitCriterion(models.Model):
    """A measurable condition for closing a cause, evaluated from the observations."""

    class Kind(models.TextChoices):
        NO_SPECIAL_CAUSE_OF_CONCERN = (
            "no_special_cause_of_concern",
            "No special cause of concern for N consecutive months",
        )
        # The value predates the name: the metric's target, or the criterion's own.
        MEETS_TARGET = "meets_standard", "Value meets the target for N consecutive months"

    cause = models.ForeignKey(CauseOfConcern, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    metric = models.CharField(max_length=64)
    months = models.PositiveSmallIntegerField()
    target = models.FloatField(
        null=True, blank=True, help_text="For meets_standard: empty uses the metric's target"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "exit criteria"
        constraints = [models.CheckConstraint(condition=Q(months__gte=1), name="criterion_months")]

    def __str__(self) -> str:
        return f"{self.get_kind_display().replace('N ', f'{self.months} ')}: {self.metric}"


class ActionQuerySet(models.QuerySet):
    def overdue(self, today: date):
        return self.filter(due_on__lt=today).exclude(status=ActionStatus.DONE)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class TrackedAction(models.Model):
    """An action of a plan, with its owner, due date and status: an Engage case's improvement
    action, and an action of a force's performance improvement plan (engage.models.support)."""

    Status = ActionStatus

    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=200, help_text="Who in the force owns the action")
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    evidence = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today and self.status != self.Status.DONE


class ImprovementAction(TrackedAction):
    """One action of a case's improvement plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    cause = models.ForeignKey(
        CauseOfConcern, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    history = HistoricalRecords()

    class Meta(TrackedAction.Meta):
        pass
