"""Returns: one force's file of one dataset for one month, and what is kept about them:
declared recording changes and the reminders sent."""

from django.conf import settings
from django.db import models

from metrics.datasets import DATASET_CHOICES, declaration_of


class ReturnQuerySet(models.QuerySet):
    def current(self):
        """The version that counts for each force, dataset and month."""
        return self.filter(status=Return.Status.LOADED)

    def awaiting_processing(self):
        return self.filter(status=Return.Status.RECEIVED)

    # Returns move through their statuses by update(), which sends no signal: each is a write
    # to what the completeness pages keep (kit.pagecache), as a save is.
    def update(self, **kwargs):
        updated = super().update(**kwargs)
        if updated:
            _returns_changed(self.db)
        return updated

    def bulk_update(self, objs, fields, **kwargs):
        updated = super().bulk_update(objs, fields, **kwargs)
        if updated:
            _returns_changed(self.db)
        return updated


def _returns_changed(using: str) -> None:
    from metrics.sources import RETURNS

    RETURNS.changed(using)


class Return(models.Model):
    """One force's file of one dataset for one month, in one version."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        VALIDATING = "validating", "Validating"
        LOADED = "loaded", "Loaded"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Superseded"

    class Kind(models.TextChoices):
        RECORDS = "records", "Record-level"
        AGGREGATE = "aggregate", "Aggregate"

    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="returns")
    dataset = models.CharField(max_length=32, choices=DATASET_CHOICES)
    kind = models.CharField(
        max_length=16,
        choices=Kind.choices,
        default=Kind.RECORDS,
        db_default=Kind.RECORDS,  # rows written by COPY (benchmarks) are record-level too
        help_text="Record-level, or an aggregate return of counts (history, or a force that "
        "cannot yet send records); either can be a version of the month",
    )
    period = models.DateField(help_text="First day of the month the return covers")
    version = models.PositiveIntegerField()
    schema_version = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The version of the dataset's schema the loaded file followed (its header "
        "decides); blank until it loads, or for rows written without the engine: the latest",
    )
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
        """The latest version of the schema of the return's dataset and kind."""
        return declaration_of(self.dataset, self.kind)

    @property
    def schema(self):
        """The version of the schema the return's file followed: what its rows hold."""
        declared = self.declaration
        if self.schema_version is None or self.schema_version > declared.version:
            return declared
        return declared.versions[self.schema_version - 1]

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.LOADED, self.Status.REJECTED, self.Status.SUPERSEDED}


class RecordingChangeQuerySet(models.QuerySet):
    def accepted(self):
        """The changes that rebase SPC limits: a declaration alone changes nothing."""
        return self.filter(status=RecordingChange.Status.ACCEPTED)


class RecordingChange(models.Model):
    """A force's declared change in how it records a dataset (e.g. a new command-and-control
    system), from the first day of a month. It is a request: SPC limits are recalculated
    from it only once an analyst or an administrator has accepted it, with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"

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
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)

    objects = RecordingChangeQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had in the oversight app.
        db_table = "oversight_recordingchange"
        ordering = ["-effective_from", "-declared_at", "-id"]
        indexes = [
            models.Index(
                fields=["force", "dataset", "effective_from"], name="oversight_r_force_i_7a72e8_idx"
            )
        ]
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
        db_table = "oversight_returnreminder"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "dataset", "period", "kind"], name="one_reminder_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.dataset} {self.period:%Y-%m} {self.kind}"


class CollectionStart(models.Model):
    """The first month for which a force's return of a dataset is expected. Months before it
    are not expected: they are never missing and raise no flags or reminders. Without a row,
    the dataset is expected from any month asked about."""

    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="+")
    dataset = models.CharField(max_length=32, choices=DATASET_CHOICES)
    first_period = models.DateField(help_text="First day of the first month expected")

    class Meta:
        ordering = ["force", "dataset"]
        constraints = [
            models.UniqueConstraint(fields=["force", "dataset"], name="one_start_per_collection"),
            models.CheckConstraint(
                condition=models.Q(first_period__day=1), name="collection_starts_on_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.dataset} from {self.first_period:%Y-%m}"
