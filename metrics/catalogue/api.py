"""The datasets forces return, published as versioned schemas with a data dictionary."""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiTypes,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts import access
from metrics.catalogue import metrics_of_dataset
from metrics.datasets import DATASETS


def _dataset_schema(dataset) -> dict:
    """A dataset's schema, its latest version, with every version a return may follow (the
    file's header says which) and its aggregate twin's, versioned alike (sent with
    kind=aggregate)."""
    schema = _schema(dataset)
    schema["versions"] = [_version(v) for v in dataset.versions]
    if dataset.aggregate is not None:
        schema["aggregate"] = _dataset_schema(dataset.aggregate)
    return schema


def _version(dataset) -> dict:
    return {
        "version": dataset.version,
        "schema_id": dataset.schema_id,
        "headers": dataset.headers,
        "row_rules": [r.code for r in dataset.row_rules],
    }


def _schema(dataset) -> dict:
    return {
        "code": dataset.return_dataset,
        "kind": dataset.kind,
        "name": dataset.name,
        "version": dataset.version,
        "schema_id": dataset.schema_id,
        "description": dataset.description,
        "grain": dataset.grain,
        "due_day": dataset.due_day,
        # "monthly", or "quarterly": a return a quarter, named by its first month.
        "cadence": dataset.cadence,
        "period": {
            "column": dataset.column(dataset.period_field).header,
            "rule": dataset.period_rule,
        },
        "unique_key": [dataset.column(f).header for f in dataset.unique_key],
        "row_rules": [
            {
                "code": r.code,
                "message": r.message,
                "severity": "warning" if getattr(r, "warning", False) else "error",
            }
            for r in dataset.row_rules
        ],
        "feeds": [m.code for m in metrics_of_dataset(dataset.return_dataset)],
        "weight": dataset.column(dataset.weight).header if dataset.weight else None,
        "columns": [
            {
                "header": c.header,
                "since_version": next(v.version for v in dataset.versions if c in v.columns),
                "type": c.type,
                "required": c.required,
                "description": c.description,
                "allowed_values": list(c.choices) or None,
                "max_length": c.max_length if c.type == "text" else None,
                "minimum": c.minimum,
                "maximum": c.maximum,
            }
            for c in dataset.columns
        ],
    }


# One object holding every dataset, never paged: without many=False the schema would call the
# list action's answer an array.
@extend_schema_serializer(many=False)
class DatasetListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = serializers.ListField(child=serializers.DictField())


class DatasetViewSet(viewsets.ViewSet):
    """The datasets forces return, as versioned schemas with a data dictionary."""

    lookup_field = "code"
    permission_map = {"list": access.SIGNED_IN, "retrieve": access.SIGNED_IN}

    @extend_schema(responses=DatasetListSerializer)
    def list(self, request):
        results = [_dataset_schema(d) for d in DATASETS.values()]
        return Response({"count": len(results), "results": results})

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
    )
    def retrieve(self, request, code=None):
        if code not in DATASETS:
            raise NotFound("No dataset has that code.")
        return Response(_dataset_schema(DATASETS[code]))
