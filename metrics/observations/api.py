"""API of metric declarations and observations."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts import access
from accounts.access import Decision
from kit.api import MonthField
from kit.periods import FREQUENCIES, month_label
from metrics.catalogue import METRICS, METRICS_BY_CODE
from metrics.catalogue.targets import target_of, targets_set
from metrics.observations.models import Observation
from metrics.observations.selectors import (
    observation_items,
    observations_by_period,
    observations_visible_to,
)


def metric_as_dict(m, targets=None) -> dict:
    """The metric as the API shows it, with its target as set now (`targets`: those set,
    from targets_set, where many are shown)."""
    target = target_of(m, targets)
    return {
        "code": m.code,
        "name": m.name,
        "priority_area": m.priority_area,
        "definition": m.definition,
        "numerator": m.numerator,
        "denominator": m.denominator,
        "unit": m.unit,
        "improvement": m.improvement,
        "dataset": m.dataset,
        "target": {"value": target.value, "description": target.description} if target else None,
        # Deprecated: "target" under its former name and shape, for one release.
        "standard": {"target": target.value, "description": target.description} if target else None,
        "sensitive": m.sensitive,
        "funnel": m.funnel_kind,
    }


class MetricViewSet(viewsets.ViewSet):
    """The metrics computed from the returns, each with its definition, polarity and target
    (`target`: its `value` and `description`, or null). `standard` is deprecated: the same
    target under its former name and shape (`target`, `description`), kept for one release."""

    lookup_field = "code"
    permission_map = {"list": access.SIGNED_IN, "retrieve": access.SIGNED_IN}

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="v1_metrics_list")
    def list(self, request):
        targets = targets_set()
        results = [metric_as_dict(m, targets) for m in METRICS]
        return Response({"count": len(METRICS), "results": results})

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
    )
    def retrieve(self, request, code=None):
        if code not in METRICS_BY_CODE:
            raise NotFound("No metric has that code.")
        return Response(metric_as_dict(METRICS_BY_CODE[code]))


class ObservationSerializer(serializers.Serializer):
    level = serializers.CharField()
    force = serializers.CharField(allow_null=True)
    metric = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-MM, YYYY-Qn or YYYY")
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    low_confidence = serializers.BooleanField()
    suppressed = serializers.BooleanField()
    population_year = serializers.IntegerField(
        allow_null=True, help_text="For rates per resident: the year of the population used"
    )
    source_kind = serializers.ChoiceField(
        choices=["records", "aggregate", "mixed"],
        help_text="The kind of return the figure came from: record-level, aggregate, or mixed "
        "where a national, group, quarter or year figure pools both",
    )
    estimated = serializers.BooleanField(
        help_text="A percentile estimated from counts in bands (an aggregate return is behind it)"
    )
    interval_low = serializers.FloatField(
        allow_null=True,
        help_text="Lower bound of the value's 95% confidence interval, where it has one (a rate "
        "ratio); null otherwise or where the value is not shown",
    )
    interval_high = serializers.FloatField(
        allow_null=True, help_text="Upper bound of the value's 95% confidence interval"
    )


class ObservationQuerySerializer(serializers.Serializer):
    force = serializers.CharField(
        required=False, trim_whitespace=False, help_text="data.police.uk id"
    )
    metric = serializers.ChoiceField(choices=[m.code for m in METRICS], required=False)
    level = serializers.ChoiceField(choices=Observation.Level.values, required=False)
    period_from = MonthField(required=False)
    period_to = MonthField(required=False)
    frequency = serializers.ChoiceField(choices=list(FREQUENCIES), default="month")


def _filtered(rows, params: dict):
    if "force" in params:
        rows = rows.filter(force__slug=params["force"])
    for name in ("metric", "level"):
        if name in params:
            rows = rows.filter(**{name: params[name]})
    if "period_from" in params:
        rows = rows.filter(period__gte=params["period_from"])
    if "period_to" in params:
        rows = rows.filter(period__lte=params["period_to"])
    # The order of the index on observations, so a page is read without a sort.
    return rows.order_by("metric", "level", "force_id", "period")


class ObservationViewSet(viewsets.GenericViewSet):
    """Figures of each metric by month (or derived quarter and year): a force's, its most
    similar group's, and England and Wales'. Scoped to the user; counts under 5 in sensitive
    areas are suppressed for PCCs."""

    serializer_class = ObservationSerializer
    permission_map = {"list": access.lists(Decision.SEE_FIGURES)}

    def get_queryset(self):
        return observations_visible_to(self.request.user)

    @extend_schema(parameters=[ObservationQuerySerializer])
    def list(self, request):
        query = ObservationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = _filtered(self.get_queryset(), params)
        frequency = params["frequency"]
        if frequency == "month":
            periods = [(month_label(o.period), [o]) for o in self.paginate_queryset(rows)]
        else:
            periods = self.paginate_queryset(observations_by_period(rows, frequency))
        return self.get_paginated_response(
            observation_items(request.user, periods, derived=frequency != "month")
        )
