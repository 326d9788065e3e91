"""The national overview: every force the user sees figures for, against each priority area's
headline metric, as the nightly run assessed it. Forces in name order, never ranked."""

from dataclasses import dataclass, field
from datetime import date

from django.templatetags.static import static
from django.urls import reverse

from accounts import access
from accounts.access import Decision
from kit.decimals import floatformat
from metrics.catalogue import HEADLINES, PRIORITY_AREAS
from metrics.observations.disclosure import Candidate, disclosed
from metrics.observations.models import Observation
from metrics.returns.completeness import latest_due_months
from oversight.assessments.models import Assessment
from oversight.assessments.verdicts import (
    FUNNEL_LABELS,
    Assurance,
    Variation,
    VerdictIcons,
    verdict_icons,
)
from oversight.charts import COLOURS, FUNNEL_COLOURS, choropleth_figure

# Each URL is reversed once with this in the force's place, not once per cell.
SLUG = "force-slug"
MAP_BY = {"variation": "variation on its XmR chart", "funnel": "place in the funnel plot"}
HIDDEN = ("hidden", "Not shown (small counts)", "#ffffff")
NO_FIGURES = ("none", "No figures yet", "#f3f2f1")
MAP_CATEGORIES = {
    "variation": [
        (Variation.CONCERN, Variation.LABELS[Variation.CONCERN], COLOURS["concern"]),
        (Variation.NEUTRAL, Variation.LABELS[Variation.NEUTRAL], COLOURS["neutral"]),
        (Variation.COMMON_CAUSE, Variation.LABELS[Variation.COMMON_CAUSE], "#b1b4b6"),
        (Variation.IMPROVEMENT, Variation.LABELS[Variation.IMPROVEMENT], COLOURS["improvement"]),
        ("too_few", Variation.LABELS[Variation.TOO_FEW], "#dbdad9"),
        NO_FIGURES,
        HIDDEN,
    ],
    "funnel": [
        *[(key, FUNNEL_LABELS[key], colour) for key, colour in FUNNEL_COLOURS.items()],
        ("none", "Not in a funnel, or no figures", "#f3f2f1"),
        HIDDEN,
    ],
}


@dataclass
class OverviewCell:
    metric: object
    assessment: Assessment | None
    value: float | None
    suppressed: bool
    due: date  # the latest month of the metric's dataset already due
    url: str  # the force's full chart of the metric
    # What the grid writes, from the above.
    complete: bool = field(init=False)
    due_label: str = field(init=False)
    month_label: str = field(init=False)
    value_label: str = field(init=False)
    icons: VerdictIcons | None = field(init=False)
    variation_label: str = field(init=False)
    assurance_label: str = field(init=False)
    funnel_label: str = field(init=False)

    def __post_init__(self):
        # Written once here: the grid's 344 cells are too many to look each part up in the
        # template (its lookups, filters and URL tags were most of the page's time).
        a = self.assessment
        self.complete = a is not None and a.period >= self.due
        self.due_label = f"{self.due:%Y-%m}"
        self.month_label = f"{a.period:%Y-%m}" if a else ""
        self.value_label = floatformat(self.value, 1) if a else ""
        self.icons = (
            verdict_icons(a.variation, a.side, a.assurance, a.funnel_category) if a else None
        )
        self.variation_label = Variation.LABELS.get(a.variation, "") if a else ""
        self.assurance_label = Assurance.LABELS.get(a.assurance, "") if a else ""
        self.funnel_label = FUNNEL_LABELS.get(a.funnel_category, "") if a else ""

    @property
    def map_category(self) -> dict:
        """The cell's category on the map, for each way of colouring it."""
        if self.suppressed:
            return {"variation": "hidden", "funnel": "hidden"}
        if self.assessment is None:
            return {"variation": "none", "funnel": "none"}
        return {
            "variation": self.assessment.variation or "too_few",
            "funnel": self.assessment.funnel_category or "none",
        }


def overview_rows(user, *, today=None) -> list[tuple]:
    """(force, [cell per priority area]) for each force whose figures the user sees. Three
    queries whatever the number of forces and months."""
    forces = list(
        access.forces_where(user, Decision.SEE_FIGURES).select_related("region").order_by("name")
    )
    return assessment_grid(user, forces, [HEADLINES[area] for area in PRIORITY_AREAS], today=today)


def assessment_grid(user, forces, metrics, *, today=None) -> list[tuple]:
    """(force, [cell per metric]) from the nightly run's assessments, each figure as the user
    may see it: the overview's grid, and any other grid of forces by measures."""
    due = {m.dataset: latest_due_months(m.dataset, 1, today=today)[0] for m in metrics}
    assessments = {
        (a.force_id, a.metric): a
        for a in Assessment.objects.filter(
            force__in=[f.pk for f in forces], metric__in=[m.code for m in metrics]
        ).defer("chart", "figure")  # the profile's, not the grid's
    }
    chart_url = {m.code: reverse("force-metric", args=[SLUG, m.code]) for m in metrics}
    rows = []
    for force in forces:
        cells = []
        for metric in metrics:
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
                    due[metric.dataset],
                    chart_url[metric.code].replace(SLUG, force.slug),
                )
            )
        rows.append((force, cells))
    return rows


def overview_map(rows, metric, by: str) -> dict:
    """The map of the forces coloured by the headline metric's variation or funnel category,
    from the overview's own cells (so it shows what the grid shows)."""
    areas = []
    for force, cells in rows:
        cell = next(c for c in cells if c.metric == metric)
        key = cell.map_category[by]
        label = {k: lab for k, lab, _ in MAP_CATEGORIES[by]}[key]
        areas.append((force.ons_code, force.name, key, label))
    return choropleth_figure(
        areas,
        title=f"{metric.name}: each force's {MAP_BY[by]}",
        geojson_url=static("geo/police_force_areas.geojson"),
        categories=MAP_CATEGORIES[by],
    )
