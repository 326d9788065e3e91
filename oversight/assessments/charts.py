"""An XmR chart as plain lists, and the form in which the nightly run stores it with each
assessment, so that a force's profile draws its two dozen charts without computing one.

The pages read a chart point by point and column by column; plain lists serve both at a
fraction of what a DataFrame costs to build and read. A stored chart is used only for the very
series it was drawn from: the same months, values and accepted recording changes, the same
statistics code and the same declaration of the metric. Any other series (a viewer from whom
small counts are hidden, a month loaded since the night, a change accepted since) is charted
afresh. Where small counts are hidden from some viewers (a PCC), the night stores the chart of
the months they see too, with its verdicts (SMALL_COUNTS_HIDDEN), used on the same terms.
Stored, a chart is what the series does not say: a digest of the series, to know it by, and
the limits and verdicts as runs of months.

With the chart the night stores the profile's small figure of it (Assessment.figure), as the
JSON the page writes, drawn by the code of oversight.charts in force then (the chart's
`figure_version`) and only where no recording change is marked on it: it serves a series the
chart serves, of a dataset with no change declared.
"""

import functools
import hashlib
import inspect
import json
import math
from datetime import date
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from metrics.analysis import spc
from metrics.catalogue.targets import target_value_of
from metrics.datasets import DATASETS
from oversight import charts
from oversight.assessments.xmr import COLUMNS, LIMITS, XmrChart

SMALL_COUNTS_HIDDEN = "small_counts_hidden"
# The columns stored; the values, and whether a month is a special cause, follow from the
# series and the rule.
STORED = tuple(name for name in COLUMNS if name not in ("value", "special_cause"))


def chart_stored(metric, chart: XmrChart, periods: list[date], change_points) -> dict[str, object]:
    """The chart as JSON for Assessment.chart: a digest of the series it was drawn from, and
    its columns other than the values, each as runs of one value (the limits and verdicts hold
    for months at a time), so that the profile reads a few hundred bytes, not every month's
    figures again."""
    return {
        "version": chart_version(metric),
        "drawn_from": _drawn_from(periods, chart["value"], change_points),
        "runs": {name: _runs(chart[name]) for name in STORED},
        "figure_version": _figure_version(),
    }


def hidden_stored(metric, trend, change_points) -> dict[str, object]:
    """The chart of the months that a viewer from whom small counts are hidden sees, as JSON
    for Assessment.chart[SMALL_COUNTS_HIDDEN], with its verdicts and its small figure."""
    verdict = {"variation": trend.variation, "side": trend.side, "assurance": trend.assurance}
    return {
        **chart_stored(metric, trend.chart, trend.periods, change_points),
        "verdict": verdict,
        "figure": figure_stored(metric, trend.chart, trend.periods, change_points),
    }


def figure_stored(metric, chart: XmrChart, periods: list[date], change_points) -> str:
    """The small figure as JSON for Assessment.figure: none where a change is marked."""
    if change_points:
        return ""
    return json.dumps(small_figure(metric, chart, periods), cls=DjangoJSONEncoder)


ASK = object()  # a target not given: the one set now is read


def small_figure(metric, chart, periods, marks=(), *, target=ASK) -> dict:
    """The profile's small XmR chart of the metric: `marks` are the declared recording
    changes, (month, status) pairs; `target` its target (None: none), else the one set now."""
    return charts.xmr_figure(
        chart,
        periods,
        title="",
        unit=metric.unit,
        target=target_value_of(metric) if target is ASK else target,
        changes=list(marks),
        compact=True,
        step=DATASETS[metric.dataset].months_per_period,
    )


def figure_of_stored(assessment) -> str | None:
    """The small figure stored with a chart that chart_of_stored found to be the series's, as
    JSON, if there is one and the code that draws figures is the code that drew it."""
    return _figure_if_current(assessment.chart, assessment.figure)


def hidden_figure_of_stored(hidden: dict) -> str | None:
    """The same of the chart of the months a viewer from whom small counts are hidden sees."""
    return _figure_if_current(hidden, hidden.get("figure", ""))


def _figure_if_current(stored: dict, figure: str) -> str | None:
    if not figure or stored.get("figure_version") != _figure_version():
        return None
    return figure


def chart_of_stored(
    stored: dict, metric, periods: list[date], values: list[float], change_points
) -> XmrChart | None:
    """The stored chart, if it was drawn from exactly these months, values and accepted
    changes by the code and declaration of the metric in force now; else None."""
    if stored.get("version") != chart_version(metric) or stored.get("drawn_from") != _drawn_from(
        periods, values, change_points
    ):
        return None
    columns = {"value": list(values)}
    for name in STORED:
        columns[name] = [v for v, count in stored["runs"][name] for _ in range(count)]
    for name in LIMITS:  # JSON has no NaN
        columns[name] = [math.nan if v is None else v for v in columns[name]]
    columns["special_cause"] = [rule != "" for rule in columns["rule"]]
    return XmrChart(columns)


def _drawn_from(periods: list[date], values, change_points) -> str:
    """A digest of a series: its months, its values exactly, and the accepted changes."""
    series = [[p.toordinal() for p in periods], [float(v) for v in values]]
    text = json.dumps([*series, _changes(change_points)])
    return hashlib.sha256(text.encode()).hexdigest()


def _runs(column: list) -> list[list]:
    """[value, months] for each run of one value, NaN as null."""
    runs = []
    for v in column:
        v = None if isinstance(v, float) and math.isnan(v) else v
        if runs and runs[-1][0] == v:
            runs[-1][1] += 1
        else:
            runs.append([v, 1])
    return runs


def _changes(change_points) -> list[str]:
    return sorted({p.isoformat() for p in change_points})


@functools.cache
def _code_version() -> str:
    """A digest of the code that draws a chart and its verdict from a series: the statistics,
    and the verdict's own functions (not the rest of their module, such as its icons)."""
    from oversight.assessments import verdicts

    digest = hashlib.sha256(Path(spc.__file__).read_bytes())
    parts = (verdicts.series_verdict, verdicts._side, verdicts.Variation, verdicts.Assurance)
    for part in parts:
        digest.update(inspect.getsource(part).encode())
    digest.update(str(verdicts.MIN_POINTS_FOR_SPC).encode())
    return digest.hexdigest()[:16]


@functools.cache
def _figure_version() -> str:
    """A digest of the code that draws a figure from a chart."""
    return hashlib.sha256(Path(charts.__file__).read_bytes()).hexdigest()[:16]


def chart_version(metric) -> str:
    """What a chart of the metric rests on besides its series: the code, and what the
    metric declares of its charting (which way is better, the range it can take), and its
    target, as set now."""
    target = target_value_of(metric)
    return f"{_code_version()}:{metric.improvement}:{metric.within}:{target}"
