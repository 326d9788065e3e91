from django.db import models

from metrics.catalogue.computations import Figures
from metrics.returns.models import Return


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
    population_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For rates per resident: the year of the population estimate used",
    )
    source_return = models.ForeignKey(
        Return, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_kind = models.CharField(
        max_length=16,
        choices=[*Return.Kind.choices, ("mixed", "Record-level and aggregate")],
        default=Return.Kind.RECORDS,
        db_default=Return.Kind.RECORDS,
        help_text="The kind of return the figure came from; an aggregate of forces may pool both",
    )
    estimated = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A percentile estimated from counts in bands, not from records",
    )
    # A rate ratio's outside denominators (numerator and denominator are its two counts), kept
    # so that forces and months pool their counts and populations, and its 95% interval.
    group_population = models.FloatField(
        null=True, blank=True, help_text="For a rate ratio: the population of its group"
    )
    reference_population = models.FloatField(
        null=True, blank=True, help_text="For a rate ratio: the population of its reference group"
    )
    interval_low = models.FloatField(
        null=True, blank=True, help_text="Lower bound of the figure's 95% confidence interval"
    )
    interval_high = models.FloatField(
        null=True, blank=True, help_text="Upper bound of the figure's 95% confidence interval"
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

    @property
    def figures(self) -> Figures:
        """The stored figure as the computations take it, to pool or derive."""
        populations = None
        if self.group_population is not None and self.reference_population is not None:
            populations = (self.group_population, self.reference_population)
        return Figures(
            self.numerator,
            self.denominator,
            self.value,
            self.estimated,
            populations,
            self.interval_low,
            self.interval_high,
        )
