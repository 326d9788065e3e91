from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, inline_serializer
from rest_framework import parsers, serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from forces.selectors import forces_user_may_submit_for
from metrics.catalogue import metrics_of_dataset
from metrics.datasets import DATASETS
from metrics.ingest.files import FileProblem
from metrics.selectors import returns_visible_to
from metrics.services import (
    dataset_named,
    parse_period,
    return_file_response,
    return_progress,
    return_submit,
    return_validate_dry_run,
)


class PayloadTooLarge(APIException):
    status_code = 413
    default_code = "too_large"


class ReturnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:return-detail")
    file_url = serializers.SerializerMethodField()
    force = serializers.CharField(source="force.slug")
    dataset = serializers.CharField()
    period = serializers.CharField(source="period_label")
    version = serializers.IntegerField()
    status = serializers.CharField()
    original_filename = serializers.CharField()
    sha256 = serializers.CharField()
    size_bytes = serializers.IntegerField()
    submitted_by = serializers.CharField(source="submitted_by.username", default=None)
    submitted_at = serializers.DateTimeField()
    rows_total = serializers.IntegerField(allow_null=True)
    rows_loaded = serializers.IntegerField(allow_null=True)
    progress = serializers.SerializerMethodField()
    timings = serializers.DictField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_file_url(self, ret) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/returns/{ret.pk}/file")

    def get_progress(self, ret) -> float:
        return return_progress(ret)


class ReturnDetailSerializer(ReturnSerializer):
    report = serializers.DictField()


class ReturnUploadSerializer(serializers.Serializer):
    dataset = serializers.CharField(help_text="One of: " + ", ".join(DATASETS))
    period = serializers.CharField(help_text="YYYY-MM")
    file = serializers.FileField()
    force = serializers.CharField(
        required=False,
        help_text="data.police.uk id; needed only when you may submit for more than one force",
    )


def _problem_as_api_error(problem: FileProblem):
    if problem.code == "too_large":
        return PayloadTooLarge(str(problem))
    field = {"period": "period", "dataset": "dataset"}.get(problem.code, "file")
    return ValidationError({field: [str(problem)]}, code=problem.code)


class ReturnViewSet(viewsets.ReadOnlyModelViewSet):
    """Data returns: one force's file of one dataset for one month."""

    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    filterset_fields = ["dataset", "status"]

    def get_queryset(self):
        queryset = returns_visible_to(self.request.user)
        if force := self.request.query_params.get("force"):
            queryset = queryset.filter(force__slug=force)
        return queryset

    def get_serializer_class(self):
        return ReturnDetailSerializer if self.action == "retrieve" else ReturnSerializer

    def _parsed_upload(self, request):
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.RETURN_MAX_BYTES + 64 * 1024:
            raise PayloadTooLarge(
                f"The request is {length} bytes; the limit for a return is "
                f"{settings.RETURN_MAX_BYTES} bytes."
            )
        form = ReturnUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            dataset, period = dataset_named(data["dataset"]), parse_period(data["period"])
        except FileProblem as problem:
            raise _problem_as_api_error(problem) from problem
        return data, dataset, period, self._force_for(request.user, data.get("force"))

    def _force_for(self, user, slug):
        allowed = forces_user_may_submit_for(user)
        if slug:
            force = allowed.filter(slug=slug).first()
            if force is None:
                raise NotFound("No force you may submit returns for has that id.")
            return force
        forces = list(allowed[:2])
        if len(forces) == 1:
            return forces[0]
        if not forces:
            raise NotFound("You may not submit returns for any force.")
        raise ValidationError({"force": ["Give the force: you may submit for more than one."]})

    @extend_schema(
        request={"multipart/form-data": ReturnUploadSerializer}, responses={202: ReturnSerializer}
    )
    def create(self, request):
        data, dataset, period, force = self._parsed_upload(request)
        try:
            ret, created = return_submit(
                user=request.user,
                force=force,
                dataset=dataset,
                period=period,
                upload=data["file"],
                request=request,
            )
        except FileProblem as problem:
            raise _problem_as_api_error(problem) from problem
        body = ReturnSerializer(ret, context={"request": request}).data
        body["created"] = created
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(
        request={"multipart/form-data": ReturnUploadSerializer},
        responses={200: OpenApiTypes.OBJECT},
    )
    def validate(self, request):
        """Dry run: validate a file exactly as the overnight run would, storing nothing."""
        data, dataset, period, force = self._parsed_upload(request)
        report = return_validate_dry_run(
            dataset=dataset, force=force, period=period, upload=data["file"]
        )
        return Response(report)

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def file(self, request, pk=None):
        """The raw file as it was received."""
        ret = get_object_or_404(self.get_queryset(), pk=pk)
        return return_file_response(ret=ret, request=request)


def _dataset_schema(dataset) -> dict:
    return {
        "code": dataset.code,
        "name": dataset.name,
        "version": dataset.version,
        "schema_id": f"{dataset.code}/v{dataset.version}",
        "description": dataset.description,
        "grain": dataset.grain,
        "due_day": dataset.due_day,
        "period": {
            "column": dataset.column(dataset.period_field).header,
            "rule": dataset.period_rule,
        },
        "unique_key": [dataset.column(f).header for f in dataset.unique_key],
        "row_rules": [{"code": r.code, "message": r.message} for r in dataset.row_rules],
        "feeds": [m.code for m in metrics_of_dataset(dataset.code)],
        "columns": [
            {
                "header": c.header,
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


class DatasetViewSet(viewsets.ViewSet):
    """The datasets forces return, as versioned schemas with a data dictionary."""

    lookup_field = "code"

    @extend_schema(
        responses=inline_serializer(
            "DatasetList", {"count": serializers.IntegerField(), "results": serializers.ListField()}
        )
    )
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
