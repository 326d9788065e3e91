"""Assess every force's metrics from the observations, as the nightly run does."""

from contextlib import nullcontext

import pandas as pd
from django.db import transaction

from forces.sources import FIGURES
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.targets import targets_read_once
from metrics.observations.disclosure import small_counts_hidden
from oversight.assessments.charts import (
    SMALL_COUNTS_HIDDEN,
    chart_stored,
    figure_stored,
    hidden_stored,
)
from oversight.assessments.models import Assessment
from oversight.assessments.verdicts import MIN_FORCES_FOR_FUNNEL, funnel_of, series_verdict


def assessments_compute(
    frame: pd.DataFrame, changes: dict[tuple, list], guard=None
) -> list[Assessment]:
    """frame: force_id, metric, period, numerator, denominator, value (force level, monthly).
    One unsaved Assessment per force and metric with a figure. `guard(metric=code)`, a context
    manager, wraps each metric, so that one that fails (and is recorded by it) leaves the rest."""
    found = []
    frame = frame.dropna(subset=["value"]).sort_values("period")
    with targets_read_once():
        for code, rows in frame.groupby("metric"):
            metric = METRICS_BY_CODE.get(code)
            if metric is None:
                continue
            with (guard or _unguarded)(metric=code):
                found += _metric_assessments(metric, rows, changes)
    return found


def _unguarded(**where):
    return nullcontext()


def _metric_assessments(metric, rows: pd.DataFrame, changes) -> list[Assessment]:
    found = []
    funnel_period, categories = _latest_funnel(metric, rows)
    for force_id, series in rows.groupby("force_id"):
        periods = list(series["period"])
        points = changes.get((force_id, metric.dataset), [])
        trend = series_verdict(metric, periods, list(series["value"]), points)
        last = series.iloc[-1]
        found.append(
            Assessment(
                force_id=int(force_id),
                metric=metric.code,
                period=last["period"],
                numerator=_number(last["numerator"]),
                denominator=_number(last["denominator"]),
                value=float(last["value"]),
                points=len(series),
                variation=trend.variation,
                side=trend.side,
                assurance=trend.assurance,
                funnel_period=funnel_period,
                funnel_category=categories.get(force_id, ""),
                chart=_chart_stored(metric, trend, series, points),
                figure=figure_stored(metric, trend.chart, periods, points)
                if trend.chart is not None
                else "",
            )
        )
    return found


def _chart_stored(metric, trend, series: pd.DataFrame, points) -> dict:
    """The chart as stored; with it, where small counts are hidden from some viewers, the
    chart of the months they see."""
    if trend.chart is None:
        return {}
    stored = chart_stored(metric, trend.chart, trend.periods, points)
    shown = small_counts_hidden(metric, list(series.itertuples()))
    if len(shown) < len(series):
        hidden = series_verdict(metric, [o.period for o in shown], [o.value for o in shown], points)
        if hidden.chart is not None:
            stored[SMALL_COUNTS_HIDDEN] = hidden_stored(metric, hidden, points)
    return stored


def _latest_funnel(metric, rows: pd.DataFrame):
    """(month, {force id: category}) for the latest month that enough forces have figures for;
    (None, {}) when no month has, or the metric has no funnel."""
    if metric.funnel_kind is None:
        return None, {}
    counts = rows.groupby("period")["force_id"].nunique()
    enough = counts[counts >= MIN_FORCES_FOR_FUNNEL]
    if enough.empty:
        return None, {}
    period = enough.index.max()
    month = rows[rows["period"] == period]
    funnel = funnel_of(
        metric, zip(month["force_id"], month["numerator"], month["denominator"], strict=True)
    )
    if funnel is None:
        return period, {}
    return period, dict(funnel.points["category"])


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def assessments_store(frame: pd.DataFrame, changes: dict[tuple, list], guard=None) -> int:
    """Replace every stored assessment with those of the frame."""
    assessments = assessments_compute(frame, changes, guard)
    with transaction.atomic():
        Assessment.objects.all().delete()
        Assessment.objects.bulk_create(assessments, batch_size=2000)
        FIGURES.changed()
    return len(assessments)
