from django.db import models


class Assessment(models.Model):
    """The nightly run's verdict on one force's metric at its latest month: the figure, its
    Making Data Count variation and assurance, and its place in the latest month's funnel."""

    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(max_length=64)
    period = models.DateField(help_text="The force's latest month with a figure")
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField()
    points = models.PositiveSmallIntegerField(help_text="Months with a figure")
    variation = models.CharField(max_length=16, blank=True)
    side = models.CharField(max_length=4, blank=True)
    assurance = models.CharField(max_length=16, blank=True)
    funnel_period = models.DateField(null=True, blank=True)
    funnel_category = models.CharField(max_length=16, blank=True)
    # The XmR chart the verdict was drawn from, so that the profile need not draw it again
    # (oversight.assessments.charts); empty where there was none.
    chart = models.JSONField(default=dict, blank=True)
    # The profile's small figure of that chart, as the JSON the page writes: text, not jsonb,
    # so that the database hands it over as it is. Empty where none was drawn.
    figure = models.TextField(blank=True)
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "oversight"
        ordering = ["force", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["force", "metric"], name="one_assessment_per_metric")
        ]
        indexes = [models.Index(fields=["metric"])]

    def __str__(self) -> str:
        return f"{self.force_id} {self.metric} {self.period:%Y-%m} {self.variation}"
