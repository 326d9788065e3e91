"""The Engage API: cases (transitions as actions), PPOG meetings, recommendations, PEEL grades,
section 55 responses and levels of support, each found through engage.selectors and changed
through the services, which ask the access policy."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from accounts import access
from engage import selectors
from engage.criteria import criterion_evaluate
from engage.models import (
    Case,
    Level,
    PeelGrade,
    PPOGMeeting,
    Recommendation,
    Section55Response,
    SupportDecision,
)
from engage.peel import grade_record
from engage.policy import EngageDecision
from engage.section55 import recommendation_save, section_55_respond, standing
from engage.services import allowed_transitions, case_open, case_transition
from kit.api import force_filter, named_force

FORCE = serializers.SlugRelatedField(slug_field="slug", read_only=True)


class TransitionSerializer(serializers.Serializer):
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()
    by = serializers.CharField(source="by.username", default=None, allow_null=True)
    at = serializers.DateTimeField()


class CaseSerializer(serializers.ModelSerializer):
    force = FORCE
    allowed_transitions = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="api:engage-case-detail")

    class Meta:
        model = Case
        fields = [
            "id",
            "url",
            "reference",
            "force",
            "state",
            "summary",
            "opened_at",
            "closed_at",
            "allowed_transitions",
        ]

    def get_allowed_transitions(self, case) -> list[str]:
        user = self.context["request"].user
        return list(allowed_transitions(case)) if selectors.may_change(user, case.force_id) else []


class CaseDetailSerializer(CaseSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)
    causes = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "transitions", "causes", "actions", "history"]

    def get_causes(self, case) -> list[dict]:
        user = self.context["request"].user
        return [
            {
                "id": cause.pk,
                "title": cause.title,
                "status": cause.status,
                "accelerated": cause.accelerated,
                "metrics": cause.metric_codes,
                "peel_areas": cause.peel_areas,
                "flags": [f.pk for f in cause.flags.all()],
                "exit_criteria": [_criterion(c, user) for c in cause.criteria.all()],
            }
            for cause in case.causes.all()
        ]

    def get_actions(self, case) -> list[dict]:
        today = timezone.localdate()
        return [
            {
                "id": a.pk,
                "title": a.title,
                "owner": a.owner,
                "due_on": a.due_on,
                "status": a.status,
                "evidence": a.evidence,
                "overdue": a.is_overdue(today),
            }
            for a in case.actions.all()
        ]

    def get_history(self, case) -> list[dict]:
        return [
            {
                "at": h.history_date,
                "by": h.history_user.username if h.history_user else None,
                "type": h.get_history_type_display(),
                "state": h.state,
                "reason": h.history_change_reason,
            }
            for h in case.history.select_related("history_user")
        ]


def _criterion(criterion, user) -> dict:
    evaluation = criterion_evaluate(criterion, user=user)
    return {
        "id": criterion.pk,
        "description": str(criterion),
        "kind": criterion.kind,
        "metric": criterion.metric,
        "months": criterion.months,
        "met": evaluation.met,
        "summary": evaluation.summary,
        "evidence": [
            {
                "period": f"{m.period:%Y-%m}",
                "verdict": m.verdict,
                "value": m.value,
                "suppressed": m.suppressed,
            }
            for m in evaluation.months
        ],
        "chart_url": reverse(
            "force-metric", args=[criterion.cause.case.force.slug, criterion.metric]
        ),
    }


class CaseFilter(django_filters.FilterSet):
    force = force_filter()
    # true or false exactly; a boolean filter would ignore any other value instead of refusing it.
    open = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_open",
        help_text="true for open cases, false for closed ones",
    )

    class Meta:
        model = Case
        fields = ["force", "state", "open"]

    def filter_open(self, cases, name, value):
        return cases.filter(closed_at__isnull=value == "true")


class CaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Engage cases. POST opens one (`force`, `reason`, `summary`); POST
    `{id}/transition/` (`to`, `reason`) moves it."""

    filterset_class = CaseFilter
    permission_map = {
        "list": access.lists(EngageDecision.READ_ENGAGE),
        "retrieve": access.sees(EngageDecision.READ_ENGAGE),
        # The force the body names first (404 unless seen), then the role: access.force_for.
        "create": access.sees(EngageDecision.READ_ENGAGE),
        "transition": access.sees(EngageDecision.READ_ENGAGE),  # the case's force: the service
    }

    def get_queryset(self):
        return selectors.cases_visible_to(self.request.user)

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action != "list" else CaseSerializer

    @extend_schema(
        request=inline_serializer(
            "CaseOpen",
            {
                "force": serializers.CharField(),
                "reason": serializers.CharField(),
                "summary": serializers.CharField(required=False),
            },
        ),
        responses={201: CaseDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        # Who may open a case for the force is settled before the body is checked.
        force = access.force_for(
            request.user, EngageDecision.CHANGE_ENGAGE, named_force(request.data)
        )
        case = case_open(
            user=request.user,
            force=force,
            reason=request.data.get("reason", ""),
            summary=request.data.get("summary", ""),
        )
        data = CaseDetailSerializer(case, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=inline_serializer(
            "CaseTransitionIn", {"to": serializers.CharField(), "reason": serializers.CharField()}
        ),
        responses={200: CaseDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case = self.get_object()
        case_transition(
            user=request.user,
            case=case,
            to=request.data.get("to", ""),
            reason=request.data.get("reason", ""),
        )
        case.refresh_from_db()
        return Response(self.get_serializer(case).data)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    file_type = serializers.CharField()
    original_name = serializers.CharField()
    size_bytes = serializers.IntegerField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("engage-document", args=[document.pk])
        )


class MeetingSerializer(serializers.ModelSerializer):
    forces = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    decisions = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = PPOGMeeting
        fields = ["id", "held_on", "attendees", "forces", "minutes", "decisions", "documents"]

    def get_decisions(self, meeting) -> list[dict]:
        return [{"case": d.case.reference, "text": d.text} for d in meeting.decisions.all()]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """PPOG meetings, for those who read every force's cases."""

    serializer_class = MeetingSerializer
    permission_map = {
        "list": access.lists(EngageDecision.READ_PPOG_MEETINGS),
        "retrieve": access.sees(EngageDecision.READ_PPOG_MEETINGS),
    }

    def get_queryset(self):
        return selectors.meetings_visible_to(self.request.user).prefetch_related(
            "forces", "documents", "decisions__case"
        )


class RecommendationSerializer(serializers.ModelSerializer):
    force = FORCE
    report = serializers.CharField(source="report.title", read_only=True)
    report_published_on = serializers.DateField(source="report.published_on", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "report",
            "report_published_on",
            "kind",
            "reference",
            "text",
            "addressee",
            "force",
            "addressee_name",
            "status",
            "evidence",
        ]
        read_only_fields = ["kind", "reference", "text", "addressee", "addressee_name"]


class RecommendationFilter(django_filters.FilterSet):
    force = force_filter()

    class Meta:
        model = Recommendation
        fields = ["force", "kind", "status", "addressee"]


class PermissionBeforeBody:
    """An update asks the access policy before the body is read: one who may not change the
    object gets 403 whatever they send, never a 400 for a body they could not have sent."""

    change_decision: str

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in SAFE_METHODS:
            access.require(self.request.user, self.change_decision, obj.force_id)
        return obj


class RecommendationViewSet(
    PermissionBeforeBody, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Recommendations and areas for improvement; inspectors PATCH `status` and `evidence`."""

    change_decision = EngageDecision.CHANGE_ENGAGE
    serializer_class = RecommendationSerializer
    permission_map = {
        "list": access.lists(EngageDecision.READ_ENGAGE),
        "retrieve": access.sees(EngageDecision.READ_ENGAGE),
        "partial_update": access.sees(EngageDecision.READ_ENGAGE),  # then change_decision
    }
    filterset_class = RecommendationFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.recommendations_visible_to(self.request.user)

    def perform_update(self, serializer):
        rec = serializer.instance
        for name in ("status", "evidence"):
            if name in serializer.validated_data:
                setattr(rec, name, serializer.validated_data[name])
        recommendation_save(user=self.request.user, recommendation=rec)


class PeelGradeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    force = serializers.CharField(source="force.slug")
    framework = serializers.CharField()
    question = serializers.CharField()
    year = serializers.IntegerField()
    grade = serializers.CharField()


class WholeNumberFilter(django_filters.NumberFilter):
    # django-filter's filter for an integer column reads a decimal: year=0.5 would be taken.
    field_class = forms.IntegerField


class PeelGradeFilter(django_filters.FilterSet):
    force = force_filter()
    year = WholeNumberFilter()

    class Meta:
        model = PeelGrade
        fields = ["force", "framework", "year", "grade"]


class PeelGradeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """PEEL grades; inspectors POST one (`force`, `framework`, `question`, `year`, `grade`)."""

    serializer_class = PeelGradeSerializer
    filterset_class = PeelGradeFilter
    permission_map = {
        "list": access.lists(EngageDecision.READ_ENGAGE),
        "retrieve": access.sees(EngageDecision.READ_ENGAGE),
        "create": access.sees(EngageDecision.READ_ENGAGE),  # then access.force_for
    }

    def get_queryset(self):
        return selectors.peel_grades_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may grade the force is settled before the body is checked.
        access.force_for(request.user, EngageDecision.CHANGE_ENGAGE, named_force(request.data))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        force = access.force_for(
            self.request.user, EngageDecision.CHANGE_ENGAGE, data["force"]["slug"]
        )
        serializer.instance = grade_record(
            user=self.request.user,
            force=force,
            framework=data["framework"],
            question=data["question"],
            year=data["year"],
            grade=data["grade"],
        )


class Section55Serializer(serializers.ModelSerializer):
    force = FORCE
    report = serializers.CharField(source="report.title", read_only=True)
    standing = serializers.SerializerMethodField()
    answers = serializers.DictField(child=serializers.CharField(), write_only=True, required=False)

    class Meta:
        model = Section55Response
        fields = [
            "id",
            "report",
            "force",
            "due_on",
            "standing",
            "chief_constable_invited_on",
            "chief_constable_comments",
            "comments",
            "published_url",
            "published_on",
            "answers",
        ]
        read_only_fields = ["due_on"]

    def get_standing(self, response) -> str:
        return standing(response, timezone.localdate())


class Section55ComplianceSerializer(serializers.Serializer):
    force = serializers.CharField(source="force.slug", help_text="data.police.uk id")
    due = serializers.IntegerField(help_text="responses due or published")
    on_time = serializers.IntegerField(help_text="of those, published on time")
    share = serializers.FloatField(allow_null=True, help_text="on_time / due; null if none due")
    consistently_low = serializers.BooleanField()


class Section55ViewSet(
    PermissionBeforeBody, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Section 55 responses; a PCC PATCHes their own (`answers`: {recommendation id: action})."""

    change_decision = EngageDecision.RESPOND_SECTION_55
    serializer_class = Section55Serializer
    permission_map = {
        "list": access.lists(EngageDecision.READ_ENGAGE),
        "compliance": access.lists(EngageDecision.READ_ENGAGE),
        "retrieve": access.sees(EngageDecision.READ_ENGAGE),
        "partial_update": access.sees(EngageDecision.READ_ENGAGE),  # then change_decision
    }
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.section_55_responses_visible_to(self.request.user)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        answers = {int(k): v for k, v in data.pop("answers", {}).items() if str(k).isdigit()}
        section_55_respond(
            user=self.request.user,
            response=serializer.instance,
            answers=answers,
            **data,
        )

    # One row a force the user reads, never paged or filtered.
    @extend_schema(responses=Section55ComplianceSerializer(many=True))
    @action(detail=False, pagination_class=None, filter_backends=[])
    def compliance(self, request):
        """Each PCC's share of responses published on time."""
        rows = selectors.section_55_compliance(request.user, timezone.localdate())
        return Response(Section55ComplianceSerializer(rows, many=True).data)


class SupportEvidenceSerializer(serializers.Serializer):
    flags = serializers.ListField(child=serializers.IntegerField(), help_text="Flag ids")
    assessments = serializers.ListField(
        child=serializers.CharField(), help_text="Metrics whose assurance verdict was considered"
    )
    case = serializers.CharField(allow_null=True, help_text="The Engage case's reference")
    peel_grades = serializers.ListField(
        child=serializers.IntegerField(), help_text="PEEL grade ids"
    )


class SupportLevelSerializer(serializers.ModelSerializer):
    force = FORCE
    decided_by = serializers.CharField(source="decided_by.username", default=None, allow_null=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = SupportDecision
        fields = ["id", "force", "level", "decided_on", "reasons", "evidence", "decided_by"]

    @extend_schema_field(SupportEvidenceSerializer)
    def get_evidence(self, decision) -> dict:
        return {
            "flags": [f.pk for f in decision.flags.all()],
            "assessments": [a.metric for a in decision.assessments.all()],
            "case": decision.case.reference if decision.case else None,
            "peel_grades": [g.pk for g in decision.peel_grades.all()],
        }


class SupportLevelFilter(django_filters.FilterSet):
    force = force_filter()
    level = django_filters.ChoiceFilter(choices=Level.choices)

    class Meta:
        model = SupportDecision
        fields = ["force", "level"]


class SupportLevelViewSet(viewsets.ReadOnlyModelViewSet):
    """Each force's levels of support (1 to 4, level 4 the most intensive), the unit's
    decisions with their date, reasons and the evidence they link to, newest first; a force's
    current level is its latest. Recorded in the browser; the service never sets one."""

    serializer_class = SupportLevelSerializer
    filterset_class = SupportLevelFilter
    permission_map = {
        "list": access.lists(EngageDecision.READ_ENGAGE),
        "retrieve": access.sees(EngageDecision.READ_ENGAGE),
    }

    def get_queryset(self):
        return (
            selectors.support_decisions_visible_to(self.request.user)
            .prefetch_related("flags", "assessments", "peel_grades")
            .latest_first()
        )
