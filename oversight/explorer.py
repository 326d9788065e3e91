"""The metric explorer: one metric across the forces for a month, quarter or year, as a funnel
plot with its 95% and 99.8% limits (overdispersion-adjusted) and a table in name or region
order, never ranked. The limits and categories come from every force's figures; each viewer
sees the points of the forces whose figures the policy lets them see, with disclosure applied,
and the limits only where they may see the national figure the limits are drawn around."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Count
from django.db.models.functions import Trunc

from accounts import access
from accounts.access import Decision
from kit.periods import Month
from metrics.catalogue.computations import Figures, Percentile, over_time
from metrics.datasets import DATASETS
from metrics.observations.disclosure import Candidate, disclosed
from metrics.observations.models import Observation
from metrics.observations.selectors import (
    observation_items,
    observations_by_period,
    observations_visible_to,
)
from oversight.assessments.verdicts import FUNNEL_LABELS, Funnel, funnel_of
from oversight.charts import funnel_figure

Level = Observation.Level
FREQUENCIES = {"month": 1, "quarter": 3, "year": 12}
SORTS = ("name", "region")


@dataclass
class ForceFigure:
    force: object
    numerator: float | None
    denominator: float | None
    value: float | None
    suppressed: bool
    category: str  # the funnel category, "" outside a funnel

    @property
    def category_label(self) -> str:
        return FUNNEL_LABELS[self.category] if self.category else ""


@dataclass
class Explorer:
    metric: object
    frequency: str
    label: str | None  # the period shown; None when the metric has no figures yet
    labels: list[str]  # every complete period of the frequency, newest first
    rows: list[ForceFigure]
    national: dict | None  # the national figure as disclosed
    funnel: Funnel | None  # None: no funnel for this metric or period, or not for this viewer
    no_funnel_reason: str

    def figure(self) -> dict | None:
        return self._figure

    @cached_property
    def _figure(self) -> dict | None:
        """Drawn once: the page asks for it in two places."""
        if self.funnel is None:
            return None
        shown = [r for r in self.rows if r.value is not None and r.denominator]
        return funnel_figure(
            self.funnel.curve(),
            [(r.force.name, r.denominator, r.value, r.category) for r in shown],
            title=f"{self.metric.name}, {self.label}",
            unit=self.metric.unit,
            target=self.funnel.target,
            per=self.metric.computation.per,
            denominator=self.metric.denominator,
            from_zero=self.metric.funnel_kind == "rate",
        )

    def compared(self) -> str:
        """For a viewer who sees one force (a PCC their own): in words, how far its figure is
        from England and Wales, and whether that can be judged yet."""
        shown = [r for r in self.rows if r.value is not None]
        if len(self.rows) != 1 or not shown:
            return ""
        row, unit = shown[0], self.metric.unit
        national = self.national
        if national is None or national["suppressed"] or not national["value"]:
            return (
                f"{row.force.name}: {row.value:.2f} {unit}. The England and Wales figure for "
                f"{self.label} is not yet final, so how far this is from it cannot be judged yet."
            )
        gap = (row.value - national["value"]) / national["value"] * 100
        side = "above" if gap >= 0 else "below"
        judged = {
            "within": "within the limits: no more than chance would explain for its size",
            "high_95": "beyond the 95% limit above, not the 99.8% one",
            "low_95": "beyond the 95% limit below, not the 99.8% one",
            "high_998": "beyond the 99.8% limit above: more than chance would explain",
            "low_998": "beyond the 99.8% limit below: more than chance would explain",
        }.get(row.category, "")
        return (
            f"{row.force.name}: {row.value:.2f} {unit}, {abs(gap):.0f}% {side} England and "
            f"Wales ({national['value']:.2f})" + (f"; {judged}." if judged else ".")
        )


def frequencies_of(metric) -> list[str]:
    """A percentile's quarter or year is pooled from its records, which the API derives; the
    explorer compares months of it."""
    return ["month"] if isinstance(metric.computation, Percentile) else list(FREQUENCIES)


def metric_explorer(user, metric, *, frequency="month", label=None, sort="name") -> Explorer:
    """The metric for the period `label` of `frequency` (default: the latest complete one).
    ValueError names a period or frequency the metric does not have. A fixed number of
    queries whatever the number of forces and months."""
    if frequency not in frequencies_of(metric):
        raise ValueError(f"{metric.name} is compared by {', '.join(frequencies_of(metric))}.")
    labels = _complete_labels(metric, frequency)
    if label is None:
        label = labels[0] if labels else None
    elif (within := period_in(label, frequency)) != label:
        # Another frequency's period: the latest complete one holding or before it.
        label = next((lab for lab in labels if lab <= within), within)
    if label is not None and label not in labels:
        raise ValueError(f"There are no complete figures of {metric.name} for {label}.")
    # Every force's figures, unscoped: the limits and categories rest on all of them.
    complete = _complete_figures(metric, frequency, label) if label is not None else {}
    figures = {
        f: months[0] if frequency == "month" else over_time(metric.computation, months)
        for f, months in complete.items()
    }
    visible = access.forces_where(user, Decision.SEE_FIGURES).select_related("region")
    visible = sorted(visible, key=lambda f: (f.region.name, f.name) if sort == "region" else f.name)
    national = _national(user, metric, frequency, label)
    funnel = funnel_of(metric, [(f, x.numerator, x.denominator) for f, x in figures.items()])
    reason = _no_funnel_reason(metric, funnel, national)
    if reason:
        funnel = None
    rows = [
        _row(user, metric, force, figures.get(force.pk), complete.get(force.pk), funnel)
        for force in visible
    ]
    return Explorer(metric, frequency, label, labels, rows, national, funnel, reason)


def _force_figures(metric):
    return Observation.objects.filter(level=Level.FORCE, metric=metric.code).exclude(value=None)


def _complete_labels(metric, frequency: str) -> list[str]:
    """Every period of the frequency that some force has a figure for in each of its months,
    newest first: counted by the database, not read month by month."""
    starts = (
        _force_figures(metric)
        .order_by()
        .annotate(start=Trunc("period", frequency))
        .values("start", "force_id")
        .annotate(months=Count("pk"))
        .filter(months=_figures_in(metric, frequency))
        .values_list("start", flat=True)
        .distinct()
    )
    return sorted({Month.of(start).label(frequency) for start in starts}, reverse=True)


def _months_of(label: str, frequency: str) -> list[date]:
    last = Month.parse(period_in(label, "month"))
    return [m.first_day for m in Month.between(last - (FREQUENCIES[frequency] - 1), last)]


def _complete_figures(metric, frequency: str, label: str) -> dict[int, list[Figures]]:
    """{force id: its figure of each month of the period, oldest first} for every force with
    a figure in each month, in the order of the forces' names."""
    months = defaultdict(list)
    for force_id, n, d, v, group, reference in (
        _force_figures(metric)
        .filter(period__in=_months_of(label, frequency))
        .values_list(
            "force_id",
            "numerator",
            "denominator",
            "value",
            "group_population",  # a rate ratio's: its quarters and years pool them
            "reference_population",
        )
    ):
        populations = (group, reference) if group is not None else None
        months[force_id].append(Figures(n, d, v, populations=populations))
    return {f: found for f, found in months.items() if len(found) == _figures_in(metric, frequency)}


def _figures_in(metric, frequency: str) -> int:
    """How many figures a complete period of the frequency holds: one a month, or of a
    quarterly dataset one a quarter."""
    per = DATASETS[metric.dataset].months_per_period
    return max(1, FREQUENCIES[frequency] // per)


def period_in(label: str, frequency: str) -> str:
    """The period of `frequency` holding the month, quarter or year `label` (a year's or
    quarter's last month), so that changing the frequency keeps the place in time. Labels of
    one frequency sort in time order as text."""
    year, _, rest = label.partition("-")
    if not year.isdigit() or len(year) != 4:
        raise ValueError(f"{label!r} is not a month (2024-06), quarter (2024-Q2) or year (2024).")
    if not rest:
        month = 12
    elif rest[:1] == "Q" and rest[1:] in ("1", "2", "3", "4"):
        month = int(rest[1:]) * 3
    elif rest.isdigit() and 1 <= int(rest) <= 12:
        month = int(rest)
    else:
        raise ValueError(f"{label!r} is not a month (2024-06), quarter (2024-Q2) or year (2024).")
    return Month(int(year), month).label(frequency)


def _national(user, metric, frequency, label) -> dict | None:
    if label is None:
        return None
    rows = list(
        observations_visible_to(user)
        .filter(level=Level.NATIONAL, metric=metric.code, period__in=_months_of(label, frequency))
        .order_by("period")
    )
    if len(rows) != _figures_in(metric, frequency):
        return None
    items = observation_items(user, observations_by_period(rows, frequency), derived=len(rows) > 1)
    return items[0] if items else None


def _no_funnel_reason(metric, funnel, national) -> str:
    if metric.funnel_kind is None:
        return f"This measure is not compared in a funnel plot: {metric.computation.no_funnel}."
    if funnel is None:
        return "Too few forces have figures for this period to draw a funnel plot."
    if national is None or national["suppressed"]:
        # The limits are drawn around the national figure: not shown until it may be.
        return "The national figure for this period is not yet final, so neither are the limits."
    return ""


def _row(user, metric, force, figures, months, funnel) -> ForceFigure:
    if figures is None:
        return ForceFigure(force, None, None, None, False, "")
    shown = disclosed(
        user,
        Candidate(
            metric,
            Level.FORCE,
            figures.numerator,
            figures.denominator,
            figures.value,
            months=[(m.numerator, m.denominator) for m in months],
        ),
    )
    category = ""
    if funnel is not None and not shown.suppressed and force.pk in funnel.points.index:
        category = str(funnel.points.at[force.pk, "category"])
    return ForceFigure(
        force, shown.numerator, shown.denominator, shown.value, shown.suppressed, category
    )
