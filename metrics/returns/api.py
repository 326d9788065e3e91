"""The returns API: send, follow and download returns; completeness; recording changes."""

import django_filters
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import generics, mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from accounts import access
from accounts.access import Decision
from accounts.ratelimits import ReturnsThrottle
from accounts.selectors import forces_visible_to
from kit.api import MonthField, force_filter, named_force
from kit.api_schema import error_response
from metrics.datasets import DATASET_CHOICES, DATASETS
from metrics.ingest.files import FileProblem
from metrics.returns.completeness import completeness_for, months_asked
from metrics.returns.models import RecordingChange, Return
from metrics.returns.recording_changes import (
    recording_change_declare,
    recording_change_review,
)
from metrics.returns.selectors import (
    recording_changes_visible_to,
    return_files_downloadable_by,
    returns_visible_to,
)
from metrics.returns.services import (
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


TOO_LARGE = error_response("The file is larger than the limit for a return.")


class ReturnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:return-detail")
    file_url = serializers.SerializerMethodField()
    force = serializers.CharField(source="force.slug")
    dataset = serializers.CharField()
    kind = serializers.CharField(help_text="records or aggregate")
    period = MonthField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    original_filename = serializers.CharField()
    sha256 = serializers.CharField()
    size_bytes = serializers.IntegerField()
    submitted_by = serializers.CharField(
        source="submitted_by.username", default=None, allow_null=True
    )
    submitted_at = serializers.DateTimeField()
    rows_total = serializers.IntegerField(allow_null=True)
    rows_loaded = serializers.IntegerField(allow_null=True)
    progress = serializers.SerializerMethodField()
    timings = serializers.DictField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_file_url(self, ret) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:return-file", args=[ret.pk]))

    def get_progress(self, ret) -> float:
        return return_progress(ret)


class ReturnDetailSerializer(ReturnSerializer):
    report = serializers.DictField()


class ReturnUploadSerializer(serializers.Serializer):
    dataset = serializers.ChoiceField(
        choices=list(DATASETS),
        error_messages={
            "invalid_choice": f"dataset must be one of {', '.join(DATASETS)}, not {{input!r}}"
        },
    )
    kind = serializers.ChoiceField(
        choices=["records", "aggregate"],
        default="records",
        help_text="records (the dataset's schema) or aggregate (its aggregate twin's schema, "
        "of counts: for history, or before the force can send records)",
    )
    period = serializers.CharField(help_text="YYYY-MM")
    file = serializers.FileField()
    force = serializers.CharField(
        required=False,
        help_text="data.police.uk id; needed only when you may submit for more than one force",
    )


def _problem_as_api_error(problem: FileProblem):
    if problem.code == "too_large":
        return PayloadTooLarge(str(problem))
    field = {"period": "period", "dataset": "dataset", "kind": "kind"}.get(problem.code, "file")
    return ValidationError({field: [str(problem)]}, code=problem.code)


class ReturnFilter(django_filters.FilterSet):
    force = force_filter()

    class Meta:
        model = Return
        fields = ["force", "dataset", "kind", "status"]


class ReturnViewSet(viewsets.ReadOnlyModelViewSet):
    """Data returns: one force's file of one dataset for one month."""

    permission_map = {
        "list": access.lists(Decision.SEE_RETURNS),
        "retrieve": access.sees(Decision.SEE_RETURNS),
        "file": access.sees(Decision.SEE_RETURNS),
        # Who may send is settled before the body is read.
        "create": access.does(Decision.SUBMIT_RETURNS),
        "validate": access.does(Decision.SUBMIT_RETURNS),
    }

    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    filterset_class = ReturnFilter

    def get_queryset(self):
        return returns_visible_to(self.request.user)

    def get_serializer_class(self):
        return ReturnDetailSerializer if self.action == "retrieve" else ReturnSerializer

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action in ("create", "validate"):
            throttles.append(ReturnsThrottle())
        return throttles

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
            dataset = dataset_named(data["dataset"], data["kind"])
            period = parse_period(data["period"])
        except FileProblem as problem:
            raise _problem_as_api_error(problem) from problem
        force = access.force_for(request.user, Decision.SUBMIT_RETURNS, data.get("force"))
        return data, dataset, period, force

    @extend_schema(
        request={"multipart/form-data": ReturnUploadSerializer},
        responses={202: ReturnSerializer, 413: TOO_LARGE},
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
        # A plain str: the development server refuses a header value of a str subclass.
        headers = {"Location": str(body["url"])}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)

    @extend_schema(
        request={"multipart/form-data": ReturnUploadSerializer},
        responses={200: OpenApiTypes.OBJECT, 413: TOO_LARGE},
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
        ret = get_object_or_404(return_files_downloadable_by(request.user), pk=pk)
        return return_file_response(ret=ret, request=request)


class CompletenessQuerySerializer(serializers.Serializer):
    period_from = MonthField(required=False, help_text="by default 11 months before period_to")
    period_to = MonthField(required=False, help_text="by default the month before this one")
    force = serializers.CharField(
        required=False, trim_whitespace=False, help_text="data.police.uk id, e.g. durham"
    )
    dataset = serializers.ChoiceField(choices=list(DATASETS), required=False)

    def validate(self, data):
        try:
            data["periods"] = months_asked(data.get("period_from"), data.get("period_to"))
        except ValueError as problem:
            raise serializers.ValidationError({"period_from": [str(problem)]}) from None
        return data


class CompletenessCellSerializer(serializers.Serializer):
    force = serializers.CharField(source="force.slug")
    dataset = serializers.CharField()
    period = MonthField()
    status = serializers.CharField()
    due_date = serializers.DateField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    return_id = serializers.IntegerField(allow_null=True)


class CompletenessView(generics.GenericAPIView):
    """Completeness and timeliness of returns: one status per force, dataset and month
    (on_time, late, rejected, missing, pending, not_due), for the forces you may see."""

    serializer_class = CompletenessCellSerializer
    filter_backends = []
    permission_map = {"get": access.lists(Decision.SEE_COMPLETENESS)}

    @extend_schema(
        parameters=[CompletenessQuerySerializer],
        responses=CompletenessCellSerializer(many=True),
    )
    def get(self, request):
        query = CompletenessQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        forces = None
        if slug := params.get("force"):
            forces = forces_visible_to(request.user).filter(slug=slug)
            if not forces.exists():
                raise NotFound("No force you may see has that id.")
        cells = completeness_for(
            request.user,
            periods=params["periods"],
            datasets=[params["dataset"]] if params.get("dataset") else None,
            forces=forces,
        )
        page = self.paginate_queryset(cells)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RecordingChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:recording-change-detail")
    force = serializers.CharField(source="force.slug")
    dataset = serializers.CharField()
    effective_from = MonthField()
    description = serializers.CharField()
    declared_by = serializers.CharField(
        source="declared_by.username", default=None, allow_null=True
    )
    declared_at = serializers.DateTimeField()
    status = serializers.CharField(help_text="pending, accepted or refused; only accepted rebases")
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", default=None, allow_null=True
    )
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_reason = serializers.CharField()


class RecordingChangeReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "refuse"])
    reason = serializers.CharField(max_length=2000)


class RecordingChangeDeclareSerializer(serializers.Serializer):
    force = serializers.CharField(
        required=False,
        help_text="data.police.uk id; needed only when you may declare for more than one force",
    )
    dataset = serializers.ChoiceField(choices=list(DATASETS))
    effective_from = MonthField(help_text="the first month it applies to")
    description = serializers.CharField(max_length=2000)


class RecordingChangeFilter(django_filters.FilterSet):
    force = force_filter()
    dataset = django_filters.ChoiceFilter(choices=DATASET_CHOICES)

    class Meta:
        model = RecordingChange
        fields = ["force", "dataset", "status"]


class RecordingChangeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Declared changes in how forces record a dataset. A force data officer declares for
    their own force, an administrator for any; SPC limits are recalculated from a change only
    once an analyst or an administrator accepts it (`review`)."""

    filterset_class = RecordingChangeFilter
    permission_map = {
        "list": access.lists(Decision.SEE_RECORDING_CHANGES),
        "retrieve": access.sees(Decision.SEE_RECORDING_CHANGES),
        # The force the body names first (404 unless seen), then the role: access.force_for.
        "create": access.sees(Decision.SEE_RECORDING_CHANGES),
        "review": access.sees(Decision.SEE_RECORDING_CHANGES),  # the change's force: the service
    }

    def get_queryset(self):
        return recording_changes_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return RecordingChangeDeclareSerializer
        return RecordingChangeSerializer

    @extend_schema(
        request=RecordingChangeDeclareSerializer, responses={201: RecordingChangeSerializer}
    )
    def create(self, request):
        # Who may declare is settled before the body is checked.
        force = access.force_for(
            request.user, Decision.DECLARE_RECORDING_CHANGE, named_force(request.data)
        )
        form = RecordingChangeDeclareSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        change = recording_change_declare(
            user=request.user,
            force=force,
            dataset=data["dataset"],
            effective_from=data["effective_from"],
            description=data["description"],
            request=request,
        )
        body = RecordingChangeSerializer(change, context={"request": request}).data
        headers = {"Location": str(body["url"])}
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    @extend_schema(request=RecordingChangeReviewSerializer, responses=RecordingChangeSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Accept or refuse a declared change, with a reason (analysts and administrators)."""
        change = self.get_object()
        change = recording_change_review(
            user=request.user,
            change=change,
            decision=str(request.data.get("decision", "")),
            reason=str(request.data.get("reason", "")),
            request=request,
        )
        return Response(RecordingChangeSerializer(change, context={"request": request}).data)
