import django_filters
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import access
from accounts.access import Decision
from kit.api import MonthField, force_filter
from oversight.flags.models import Flag
from oversight.flags.selectors import flag_detail_for, flags_visible_to
from oversight.flags.services import flag_comment_add, flag_set_status


class FlagCommentSerializer(serializers.Serializer):
    author = serializers.CharField(source="author.username", default=None, allow_null=True)
    right_of_reply = serializers.BooleanField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class FlagSerializer(serializers.ModelSerializer):
    force = serializers.CharField(source="force.slug")
    period = MonthField()
    comments = FlagCommentSerializer(many=True, read_only=True)
    chart_url = serializers.SerializerMethodField()
    detail = serializers.SerializerMethodField()

    class Meta:
        model = Flag
        fields = [
            "id",
            "force",
            "metric",
            "dataset",
            "period",
            "rule",
            "summary",
            "detail",
            "status",
            "case_reference",
            "created_at",
            "updated_at",
            "comments",
            "chart_url",
        ]

    def get_detail(self, flag) -> dict:
        return flag_detail_for(self.context["request"].user, flag)

    def get_chart_url(self, flag) -> str | None:
        if not flag.metric:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("force-metric", args=[flag.force.slug, flag.metric])
        )


class FlagFilter(django_filters.FilterSet):
    force = force_filter()

    class Meta:
        model = Flag
        fields = ["force", "status", "rule", "metric", "dataset"]


class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    """Flags raised by the nightly run, each naming the rule that fired on which data."""

    serializer_class = FlagSerializer
    filterset_class = FlagFilter
    # A flag's status and comments: who may change which flag is the service's to ask.
    permission_map = {
        "list": access.lists(Decision.SEE_RETURN_FLAGS),
        "retrieve": access.sees(Decision.SEE_RETURN_FLAGS),
        "status": access.sees(Decision.SEE_RETURN_FLAGS),
        "comments": access.sees(Decision.SEE_RETURN_FLAGS),
    }

    def get_queryset(self):
        return flags_visible_to(self.request.user).prefetch_related("comments__author")

    @extend_schema(
        request=inline_serializer(
            "FlagStatus",
            {
                "status": serializers.ChoiceField(Flag.Status.choices),
                "case_reference": serializers.CharField(required=False),
            },
        )
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        flag = self.get_object()
        flag_set_status(
            user=request.user,
            flag=flag,
            status=request.data.get("status", ""),
            case_reference=request.data.get("case_reference", ""),
        )
        return Response(self.get_serializer(flag).data)

    @extend_schema(
        request=inline_serializer("FlagCommentIn", {"text": serializers.CharField()}),
        responses={201: FlagCommentSerializer},
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        flag = self.get_object()
        comment = flag_comment_add(user=request.user, flag=flag, text=request.data.get("text", ""))
        return Response(FlagCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
