"""A force's metric over the months, as one viewer may see it: the months shown (small counts
hidden where the policy says so), the XmR verdict on them (the same function the nightly run
judges with), and the similar-group and national figures to compare with."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kit.periods import month_label
from metrics import analysis
from metrics.catalogue.targets import target_of, target_value_of, targets_read_once
from metrics.datasets import DATASETS
from metrics.observations.disclosure import months_shown
from metrics.observations.models import Observation
from metrics.observations.selectors import (
    observation_items,
    observations_by_period,
    observations_visible_to,
)
from metrics.returns.recording_changes import change_marks
from oversight.assessments.charts import (
    SMALL_COUNTS_HIDDEN,
    chart_of_stored,
    figure_of_stored,
    hidden_figure_of_stored,
    small_figure,
)
from oversight.assessments.verdicts import Trend, Variation, series_verdict
from oversight.charts import xmr_figure

Level = Observation.Level
COMPARED = (Level.SIMILAR_GROUP, Level.NATIONAL)
COMPARED_NAMES = {Level.SIMILAR_GROUP: "similar forces", Level.NATIONAL: "England and Wales"}


@dataclass
class ForceSeries:
    force: object
    metric: object
    rows: list[Observation]  # the months shown, oldest first
    suppressed: bool  # whether some months are hidden from this viewer
    trend: Trend
    marks: list = field(default_factory=list)  # recording changes of the metric's dataset
    stored_figure: str | None = None  # the night's small figure of these months, as JSON
    target: float | None = None  # the metric's target, as set when the series was judged

    @property
    def latest(self) -> Observation | None:
        return self.rows[-1] if self.rows else None

    @cached_property
    def points(self) -> list[tuple]:
        """(observation, chart row) per month, for the chart's table."""
        if self.trend.chart is None:
            return []
        return list(zip(self.rows, self.trend.chart.itertuples(), strict=True))

    def table_rows_html(self) -> str:
        """The chart's table rows (month, value, mean, signal), as HTML: a profile has two
        dozen of them, too many cells to render one template node at a time. The cells carry
        no classes: the table's `app-data-table` styles them as GOV.UK's (static/css), at a
        third of the bytes."""
        chart = self.trend.chart
        if chart is None:
            return ""
        rows = zip(self.rows, chart["mean"], chart["rule"], chart["variation"], strict=True)
        # A mean and a signal hold for months at a time: each is written once.
        means, signals = {}, {}
        return mark_safe(  # noqa: S308 - every part is escaped or a number formatted here
            "\n".join(
                f"<tr><td>{o.period.year}-{o.period.month:02d}</td><td>{_with_interval(o)}</td>"
                f"<td>{means.get(mean) or means.setdefault(mean, _decimal(mean))}</td>"
                f"<td>{signals.get((rule, variation)) or _signal(signals, rule, variation)}</td>"
                "</tr>"
                for o, mean, rule, variation in rows
            )
        )

    def figure(self, *, comparisons=()) -> dict | None:
        if self.trend.chart is None:
            return None
        return xmr_figure(
            self.trend.chart,
            self.trend.periods,
            title=f"{self.metric.name}, {self.force.name}",
            unit=self.metric.unit,
            target=self.target,
            changes=self._marked(),
            comparisons=comparisons,
            step=DATASETS[self.metric.dataset].months_per_period,
        )

    def small_figure(self) -> dict | str | None:
        """The profile's small chart: the one the night stored, as JSON, where it drew these
        very months and no recording change is marked; else drawn now."""
        if self.trend.chart is None:
            return None
        if self.stored_figure is not None:
            return self.stored_figure
        return small_figure(
            self.metric, self.trend.chart, self.trend.periods, self._marked(), target=self.target
        )

    def _marked(self) -> list[tuple]:
        return [(m.effective_from, m.get_status_display().lower()) for m in self.marks]


def force_series(
    user, force, metric, rows: list[Observation], marks=(), assessment=None
) -> ForceSeries:
    """The force's months of the metric (its FORCE-level observations with a value, oldest
    first) as this viewer may see them, judged with limits rebased at accepted changes: the
    chart and verdict the nightly `assessment` stored, where drawn from these very months."""
    shown = months_shown(user, metric, rows)
    accepted = [m.effective_from for m in marks if m.status == m.Status.ACCEPTED]
    periods, values = [o.period for o in shown], [o.value for o in shown]
    trend, stored_figure = _stored_trend(assessment, metric, periods, values, accepted)
    if trend is None:
        trend = series_verdict(metric, periods, values, accepted)
    return ForceSeries(
        force,
        metric,
        shown,
        len(shown) < len(rows),
        trend,
        list(marks),
        None if marks else stored_figure,
        target_value_of(metric),
    )


def _stored_trend(assessment, metric, periods, values, accepted) -> tuple[Trend | None, str | None]:
    """The night's chart of these months with its verdicts, and its small figure, as JSON;
    (None, None) where it charted other months. Stored for the months of every figure, and
    for the months that a viewer from whom small counts are hidden sees."""
    if assessment is None:
        return None, None
    chart = chart_of_stored(assessment.chart, metric, periods, values, accepted)
    if chart is not None:
        trend = Trend(chart, periods, assessment.variation, assessment.side, assessment.assurance)
        return trend, figure_of_stored(assessment)
    hidden = assessment.chart.get(SMALL_COUNTS_HIDDEN)
    chart = chart_of_stored(hidden, metric, periods, values, accepted) if hidden else None
    if chart is None:
        return None, None
    verdict = hidden["verdict"]
    trend = Trend(chart, periods, verdict["variation"], verdict["side"], verdict["assurance"])
    return trend, hidden_figure_of_stored(hidden)


def compared_figures(user, force, codes, periods=None) -> dict[tuple, dict]:
    """The similar-group and national figures of the metrics, as this viewer may see them:
    {(metric code, level, month label): item} with the item's value None where it is
    suppressed. `periods` ({metric code: month}) narrows each metric to one month. A fixed
    number of queries."""
    # The levels, and the months, again as plain lists: with them the database finds the rows
    # by its (metric, period, level) index rather than reading every figure of the force.
    rows = observations_visible_to(user).filter(
        Q(level=Level.NATIONAL) | Q(level=Level.SIMILAR_GROUP, force=force),
        level__in=COMPARED,
        metric__in=codes,
    )
    if periods is not None:
        # The months as a plain list, each metric's own month picked here: a condition per
        # month costs more to build than the few rows of other months it would leave out.
        rows = rows.filter(period__in=sorted(set(periods.values())))
    rows = [
        o
        for o in rows.order_by("metric", "level", "period")
        if periods is None or periods[o.metric] == o.period
    ]
    items = observation_items(user, observations_by_period(rows, "month"), derived=False)
    return {(item["metric"], item["level"], item["period"]): item for item in items}


def comparison_lines(compared: dict[tuple, dict], code: str) -> list[tuple[str, dict]]:
    """(name, {month label: value}) of the similar group and national, for a chart."""
    lines = []
    for level in COMPARED:
        values = {
            p: item["value"] for (c, lv, p), item in compared.items() if (c, lv) == (code, level)
        }
        if any(v is not None for v in values.values()):
            lines.append((COMPARED_NAMES[level], values))
    return lines


def _signal(signals: dict, rule, variation) -> str:
    if (rule, variation) not in signals:
        signals[rule, variation] = escape(f"{variation}: {rule}" if rule else "common cause")
    return signals[rule, variation]


def _with_interval(o) -> str:
    """The value, and its 95% confidence interval where it has one (a rate ratio)."""
    if o.interval_low is None or o.value is None:
        return _decimal(o.value)
    return f"{_decimal(o.value)} ({_decimal(o.interval_low)} to {_decimal(o.interval_high)})"


def _decimal(value) -> str:
    """Two decimal places, as the pages' floatformat:2 writes them."""
    return "" if value is None or value != value else f"{value:.2f}"


def force_metric_figures(user, force, metric) -> dict:
    """What the force's metric page shows of the figures, as this viewer may see them: the
    targets set are read once for the page's verdicts, chart and summary."""
    with targets_read_once():
        return _force_metric_figures(user, force, metric)


def _force_metric_figures(user, force, metric) -> dict:
    code = metric.code
    rows = list(
        observations_visible_to(user)
        .filter(force=force, metric=code, level=Observation.Level.FORCE)
        .exclude(value=None)
        .order_by("period")
    )
    series = force_series(user, force, metric, rows, change_marks(force, metric.dataset))
    context = {
        "force": force,
        "metric": metric,
        "target": target_of(metric),  # as an administrator set it, else the declared default
        "series": series,
        "rows": series.rows,
        "changes": series.marks,
        "suppressed": series.suppressed,
        "per_resident": getattr(metric.computation, "needs", None) == "population",
        # A rate ratio's 95% confidence interval, beside each month's value.
        "with_interval": metric.computation.has_interval,
        "population_years": sorted({o.population_year for o in rows if o.population_year}),
    }
    if (chart := series.trend.chart) is not None:
        compared = compared_figures(user, force, [code])
        target = target_value_of(metric)
        # Against the target as it is set now; none on too few points to set limits by.
        judged = target is not None and series.trend.variation != Variation.TOO_FEW
        context.update(
            chart_json=series.figure(comparisons=comparison_lines(compared, code)),
            points=[
                (o, p, *(_value(compared, code, lv, o.period) for lv in COMPARED))
                for o, p in series.points
            ],
            assurance=analysis.limits_assurance(
                chart["lpl"][-1], chart["upl"][-1], target=target, improvement=metric.improvement
            )
            if judged
            else None,
        )
    return context


def _value(compared, code, level, period):
    item = compared.get((code, level, month_label(period)))
    return item["value"] if item else None
