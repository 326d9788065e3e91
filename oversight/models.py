from django.conf import settings
from django.db import models

from metrics.datasets import DATASETS

DATASET_CHOICES = [(code, dataset.name) for code, dataset in DATASETS.items()]


class RecordingChange(models.Model):
    """A force's declared change in how it records a dataset (e.g. a new command-and-control
    system), from the first day of a month. SPC limits are recalculated from it."""

    force = models.ForeignKey(
        "forces.Force", on_delete=models.PROTECT, related_name="recording_changes"
    )
    dataset = models.CharField(max_length=32, choices=DATASET_CHOICES)
    effective_from = models.DateField(help_text="First day of the month the change takes effect")
    description = models.TextField()
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-declared_at", "-id"]
        indexes = [models.Index(fields=["force", "dataset", "effective_from"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_from__day=1),
                name="recording_change_from_first_of_month",
                violation_error_message="A recording change takes effect from the first day "
                "of a month.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.dataset} from {self.effective_from:%Y-%m}"

    @property
    def period_label(self) -> str:
        return self.effective_from.strftime("%Y-%m")


class ReturnReminder(models.Model):
    """One reminder email about one force's return of one dataset for one month; the unique
    constraint is what keeps a reminder from going twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Before the due date"
        AFTER = "after", "After the due date"

    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="+")
    dataset = models.CharField(max_length=32, choices=DATASET_CHOICES)
    period = models.DateField(help_text="First day of the month the return covers")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=16, help_text="The return's status when reminded")
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "dataset", "period", "kind"], name="one_reminder_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.dataset} {self.period:%Y-%m} {self.kind}"


# Flags are declared in their own module.
from oversight.flag_models import Flag, FlagComment, NightlyRun  # noqa: E402, F401
