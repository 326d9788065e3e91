"""The API of a force's professional standards: its latest month of each standards metric, its
open misconduct cases by months open and its outcomes by month, scoped and suppressed as the
force's standards page is (standards.selectors)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from accounts import access
from metrics.observations.api import ObservationSerializer
from standards import selectors
from standards.policy import StandardsDecision


class CountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="null where suppressed")
    suppressed = serializers.BooleanField()


class AgeingSerializer(serializers.Serializer):
    period = serializers.CharField(allow_null=True, help_text="YYYY-MM of the latest return")
    source_kind = serializers.CharField(
        allow_null=True, help_text="The kind of the latest return: records or aggregate"
    )
    available = serializers.BooleanField(
        help_text="false where the latest return gives no ages (an aggregate return of version 1)"
    )
    reason = serializers.CharField(allow_blank=True)
    bands = CountSerializer(many=True)
    total = serializers.IntegerField(allow_null=True, help_text="null where any band is hidden")


class OutcomeMonthSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-MM")
    outcomes = CountSerializer(many=True, help_text="key: the metric whose numerator it is")


class StandardsSerializer(serializers.Serializer):
    force = serializers.CharField(help_text="data.police.uk id")
    name = serializers.CharField()
    figures = ObservationSerializer(many=True)
    ageing = AgeingSerializer()
    outcomes = OutcomeMonthSerializer(many=True)


def _counts(counts) -> list[dict]:
    return [
        {"key": c.key, "label": c.label, "count": c.count, "suppressed": c.suppressed}
        for c in counts.cells
    ]


def standards_as_dict(user, force) -> dict:
    page = selectors.force_standards(user, force)
    ageing, counts = page.ageing.ageing, page.ageing.counts
    return {
        "force": force.slug,
        "name": force.name,
        "figures": selectors.force_figures(user, force),
        "ageing": {
            "period": ageing.ret.period_label if ageing.ret else None,
            "source_kind": ageing.ret.kind if ageing.ret else None,
            "available": counts is not None,
            "reason": ageing.reason,
            "bands": _counts(counts) if counts else [],
            "total": counts.total if counts else None,
        },
        "outcomes": [
            {"period": label, "outcomes": _counts(month)} for label, month in page.outcomes.months
        ],
    }


class StandardsForceViewSet(viewsets.ViewSet):
    """A force's professional standards, for those who may read its standards pages (a PCC
    their own force, with counts under 5 suppressed, and any count or total that would give
    one away); any other force is not found."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9]+"
    permission_map = {"retrieve": access.sees(StandardsDecision.READ_STANDARDS)}

    @extend_schema(responses={200: StandardsSerializer})
    def retrieve(self, request, slug=None):
        force = selectors.standards_force(request.user, slug)
        return Response(StandardsSerializer(standards_as_dict(request.user, force)).data)
