import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from forces.selectors import forces_visible_to
from metrics.datasets import DATASETS
from oversight.completeness import completeness_for, months_asked, parse_month
from oversight.models import DATASET_CHOICES, RecordingChange
from oversight.recording_changes import (
    force_to_declare_for,
    forces_user_may_declare_for,
    recording_change_declare,
    recording_changes_visible_to,
)


def _month_or_error(value: str):
    try:
        return parse_month(value)
    except ValueError as problem:
        raise serializers.ValidationError(str(problem)) from None


class CompletenessQuerySerializer(serializers.Serializer):
    period_from = serializers.CharField(
        required=False, help_text="YYYY-MM; by default 11 months before period_to"
    )
    period_to = serializers.CharField(
        required=False, help_text="YYYY-MM; by default the month before this one"
    )
    force = serializers.CharField(required=False, help_text="data.police.uk id, e.g. durham")
    dataset = serializers.ChoiceField(choices=list(DATASETS), required=False)

    def validate_period_from(self, value):
        return _month_or_error(value)

    def validate_period_to(self, value):
        return _month_or_error(value)

    def validate(self, data):
        try:
            data["periods"] = months_asked(data.get("period_from"), data.get("period_to"))
        except ValueError as problem:
            raise serializers.ValidationError({"period_from": [str(problem)]}) from None
        return data


class CompletenessCellSerializer(serializers.Serializer):
    force = serializers.CharField(source="force.slug")
    dataset = serializers.CharField()
    period = serializers.DateField(format="%Y-%m")
    status = serializers.CharField()
    due_date = serializers.DateField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    return_id = serializers.IntegerField(allow_null=True)


class CompletenessView(generics.GenericAPIView):
    """Completeness and timeliness of returns: one status per force, dataset and month
    (on_time, late, rejected, missing, pending, not_due), for the forces you may see."""

    serializer_class = CompletenessCellSerializer
    filter_backends = []

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
    effective_from = serializers.CharField(source="period_label")
    description = serializers.CharField()
    declared_by = serializers.CharField(source="declared_by.username", default=None)
    declared_at = serializers.DateTimeField()


class RecordingChangeDeclareSerializer(serializers.Serializer):
    force = serializers.CharField(
        required=False,
        help_text="data.police.uk id; needed only when you may declare for more than one force",
    )
    dataset = serializers.ChoiceField(choices=list(DATASETS))
    effective_from = serializers.CharField(help_text="YYYY-MM: the first month it applies to")
    description = serializers.CharField(max_length=2000)

    def validate_effective_from(self, value):
        return _month_or_error(value)


class RecordingChangeFilter(django_filters.FilterSet):
    force = django_filters.CharFilter(field_name="force__slug", help_text="data.police.uk id")
    dataset = django_filters.ChoiceFilter(choices=DATASET_CHOICES)

    class Meta:
        model = RecordingChange
        fields = ["force", "dataset"]


class RecordingChangeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Declared changes in how forces record a dataset; SPC limits are recalculated from
    them. A force data officer declares for their own force, an administrator for any."""

    filterset_class = RecordingChangeFilter

    def get_queryset(self):
        return recording_changes_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return RecordingChangeDeclareSerializer
        return RecordingChangeSerializer

    def _force_for(self, user, data):
        # Who may declare is settled before the body is checked, so a denial never depends
        # on how well-formed the request was.
        slug = data.get("force") if hasattr(data, "get") else None
        if slug:
            return force_to_declare_for(user, str(slug))
        forces = list(forces_user_may_declare_for(user)[:2])
        if len(forces) == 1:
            return forces[0]
        if not forces:
            raise PermissionDenied("You may not declare recording changes for any force.")
        raise ValidationError({"force": ["Give the force: you may declare for more than one."]})

    @extend_schema(
        request=RecordingChangeDeclareSerializer, responses={201: RecordingChangeSerializer}
    )
    def create(self, request):
        force = self._force_for(request.user, request.data)
        form = RecordingChangeDeclareSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            change = recording_change_declare(
                user=request.user,
                force=force,
                dataset=data["dataset"],
                effective_from=data["effective_from"],
                description=data["description"],
                request=request,
            )
        except DjangoValidationError as problem:
            raise ValidationError(_as_field_errors(problem)) from None
        body = RecordingChangeSerializer(change, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


def _as_field_errors(problem: DjangoValidationError) -> dict:
    if hasattr(problem, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in problem.message_dict.items()
        }
    return {"non_field_errors": problem.messages}
