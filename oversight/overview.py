"""The national overview: every force the user sees figures for, against each priority area's
headline metric, as the nightly run assessed it. Forces in name order, never ranked."""

from dataclasses import dataclass

from accounts import access
from accounts.access import Decision
from metrics.catalogue import HEADLINES, PRIORITY_AREAS
from metrics.observations.disclosure import Candidate, disclosed
from metrics.observations.models import Observation
from oversight.assessments.models import Assessment
from oversight.assessments.verdicts import FUNNEL_LABELS, Assurance, Variation


@dataclass
class OverviewCell:
    metric: object
    assessment: Assessment | None
    value: float | None
    suppressed: bool

    @property
    def variation_label(self) -> str:
        return Variation.LABELS.get(self.assessment.variation, "") if self.assessment else ""

    @property
    def assurance_label(self) -> str:
        return Assurance.LABELS.get(self.assessment.assurance, "") if self.assessment else ""

    @property
    def funnel_label(self) -> str:
        return FUNNEL_LABELS.get(self.assessment.funnel_category, "") if self.assessment else ""


def overview_rows(user) -> list[tuple]:
    """(force, [cell per priority area]) for each force whose figures the user sees. Two
    queries whatever the number of forces and months."""
    forces = list(
        access.forces_where(user, Decision.SEE_FIGURES).select_related("region").order_by("name")
    )
    headlines = [HEADLINES[area] for area in PRIORITY_AREAS]
    assessments = {
        (a.force_id, a.metric): a
        for a in Assessment.objects.filter(
            force__in=[f.pk for f in forces], metric__in=[m.code for m in headlines]
        )
    }
    rows = []
    for force in forces:
        cells = []
        for metric in headlines:
            a = assessments.get((force.pk, metric.code))
            shown = (
                disclosed(
                    user,
                    Candidate(metric, Observation.Level.FORCE, a.numerator, a.denominator, a.value),
                )
                if a
                else None
            )
            cells.append(
                OverviewCell(
                    metric,
                    a if shown and not shown.suppressed else None,
                    shown.value if shown else None,
                    bool(shown and shown.suppressed),
                )
            )
        rows.append((force, cells))
    return rows
