"""The targets administrators set on metrics, in place of the catalogue's declared defaults."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class MetricTarget(models.Model):
    """The level a metric should reach, set by an administrator: the white paper's minimum
    thresholds (999 answering, victim satisfaction, public confidence) are set here, not in
    code. Where none is set, the catalogue's declared default stands (metrics.catalogue.
    targets.target_of); deleting a target restores it."""

    metric = models.CharField(max_length=64, unique=True, help_text="The metric's code")
    value = models.FloatField(help_text="The level to reach, in the metric's unit")
    description = models.CharField(
        max_length=300, help_text="The target in words, e.g. '90% of 999 calls answered in 10s'"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["metric"]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value:g}"

    def clean(self):
        from metrics.catalogue import METRICS_BY_CODE

        metric = METRICS_BY_CODE.get(self.metric)
        if metric is None:
            raise ValidationError({"metric": f"There is no metric {self.metric!r}."})
        low, high = metric.within
        if self.value is not None and (
            self.value < low or (high is not None and self.value > high)
        ):
            top = f" to {high:g}" if high is not None else " or more"
            raise ValidationError({"value": f"{metric.name} takes {low:g}{top}."})
