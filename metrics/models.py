from django.conf import settings
from django.db import models

from metrics.datasets import DATASETS
from metrics.records import RECORD_MODELS

# The record models are declared in metrics/records.py from the dataset declarations.
globals().update({model.__name__: model for model in RECORD_MODELS.values()})


class ReturnQuerySet(models.QuerySet):
    def current(self):
        """The version that counts for each force, dataset and month."""
        return self.filter(status=Return.Status.LOADED)

    def awaiting_processing(self):
        return self.filter(status=Return.Status.RECEIVED)


class Return(models.Model):
    """One force's file of one dataset for one month, in one version."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        VALIDATING = "validating", "Validating"
        LOADED = "loaded", "Loaded"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Superseded"

    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="returns")
    dataset = models.CharField(max_length=32, choices=[(c, d.name) for c, d in DATASETS.items()])
    period = models.DateField(help_text="First day of the month the return covers")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)

    file_path = models.CharField(max_length=255, help_text="Relative to RETURNS_DIR")
    original_filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_loaded = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True, help_text="Seconds per stage")
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "dataset", "period", "version"], name="one_return_per_version"
            ),
            models.UniqueConstraint(
                fields=["force", "dataset", "period", "sha256"], name="identical_file_is_one_return"
            ),
            models.UniqueConstraint(
                fields=["force", "dataset", "period"],
                condition=models.Q(status="loaded"),
                name="one_loaded_version_per_month",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["dataset", "period"])]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.dataset} {self.period_label} v{self.version}"

    @property
    def period_label(self) -> str:
        return self.period.strftime("%Y-%m")

    @property
    def declaration(self):
        return DATASETS[self.dataset]

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.LOADED, self.Status.REJECTED, self.Status.SUPERSEDED}


class Observation(models.Model):
    """One figure of one metric for one month: a force's, a similar group's or the nation's."""

    class Level(models.TextChoices):
        FORCE = "force", "Force"
        SIMILAR_GROUP = "similar_group", "Most similar group"
        NATIONAL = "national", "England and Wales"

    level = models.CharField(max_length=16, choices=Level.choices, default=Level.FORCE)
    force = models.ForeignKey(
        "forces.Force",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="observations",
        help_text="The force, or the force whose group it is",
    )
    metric = models.CharField(max_length=64)
    period = models.DateField(help_text="First day of the month")
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    low_confidence = models.BooleanField(default=False)
    source_return = models.ForeignKey(
        Return, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "level", "force", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "force", "metric", "period"],
                nulls_distinct=False,
                name="one_observation_per_figure",
            ),
        ]
        indexes = [
            models.Index(fields=["metric", "level", "force", "period"]),
            models.Index(fields=["metric", "period", "level"]),
            models.Index(fields=["force", "metric", "period"]),
        ]

    def __str__(self) -> str:
        who = self.force.slug if self.force_id else "national"
        return f"{self.metric} {who} {self.period:%Y-%m} ({self.level}) = {self.value}"
