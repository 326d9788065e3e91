"""Flags: a signal that needs a look, naming the rule that fired on which data."""

from django.conf import settings
from django.db import models


class Flag(models.Model):
    class Rule(models.TextChoices):
        OUTSIDE_LIMITS = "outside_limits", "Point beyond a process limit"
        TREND = "trend", "Run of 7 rising or falling points"
        TWO_OF_THREE = "two_of_three", "Two of three points beyond two sigma"
        RUN = "run", "Run of 7 points on one side of the mean"
        FUNNEL_HIGH = "funnel_high_998", "Above the 99.8% funnel limit"
        FUNNEL_LOW = "funnel_low_998", "Below the 99.8% funnel limit"
        # Its stored and published value predates the name: a metric's target.
        TARGET_MISSED = "standard_breached", "Target not met"
        BARRED_LIST_LATE = "barred_list_late", "Dismissal not notified to the barred list in time"
        MISSING = "missing_return", "Return missing"
        LATE = "late_return", "Return late"
        REJECTED = "rejected_return", "Return rejected"

    # Rules about returns rather than performance: the data flags.
    RETURN_RULES = (Rule.MISSING, Rule.LATE, Rule.REJECTED)
    SPC_RULES = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE, Rule.RUN)

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        LINKED = "linked", "Linked to a case"
        CLOSED = "closed", "Closed"

    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="flags")
    metric = models.CharField(max_length=64, blank=True, help_text="Empty for return flags")
    dataset = models.CharField(max_length=32)
    period = models.DateField(help_text="The month the rule fired on")
    rule = models.CharField(max_length=32, choices=Rule.choices)
    summary = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True, help_text="The data the rule fired on")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    case_reference = models.CharField(max_length=64, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "oversight"
        ordering = ["-period", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "metric", "dataset", "period", "rule"], name="one_flag_per_signal"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.metric or self.dataset} {self.period:%Y-%m} {self.rule}"


class FlagComment(models.Model):
    """A comment on a flag: a PCC's right of reply, or a note by the unit."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    right_of_reply = models.BooleanField(default=False)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "oversight"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment on {self.flag_id} by {self.author_id}"


class NightlyRun(models.Model):
    """One nightly analysis run: the next run refreshes what loaded after this one started."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        app_label = "oversight"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"nightly run {self.started_at:%Y-%m-%d %H:%M}"
