"""The API of the Neighbourhood Policing Guarantee: each force's ASB register (its lead in post
and action plans) for those who see the force, and each force's neighbourhood workforce against
its 31 March 2025 baseline for those who see its figures; scoped like the pages (a force out of
scope is not in the list)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from accounts import access
from accounts.access import Decision
from neighbourhood import guarantee, selectors


class LeadSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    appointed_on = serializers.DateField()


class PlanSerializer(serializers.Serializer):
    title = serializers.CharField()
    covers = serializers.CharField()
    published_on = serializers.DateField()
    review_due_on = serializers.DateField(allow_null=True)
    url = serializers.CharField(allow_blank=True)
    review_overdue = serializers.BooleanField(
        help_text="Its review date has passed and no newer plan for its area replaced it"
    )


class RegisterSerializer(serializers.Serializer):
    force = serializers.CharField(help_text="data.police.uk id")
    name = serializers.CharField()
    lead = LeadSerializer(allow_null=True, help_text="The ASB lead in post today, or null")
    plans = PlanSerializer(many=True, help_text="Every action plan, newest first")
    complete = serializers.BooleanField(help_text="A lead in post and a plan not overdue")


class UpliftSerializer(serializers.Serializer):
    force = serializers.CharField(help_text="data.police.uk id")
    name = serializers.CharField()
    baseline_fte = serializers.FloatField(
        allow_null=True, help_text="FTE in neighbourhood roles in the March 2025 return"
    )
    latest_period = serializers.CharField(allow_null=True, help_text="YYYY-MM")
    latest_fte = serializers.FloatField(allow_null=True)
    uplift_fte = serializers.FloatField(allow_null=True)
    uplift_percent = serializers.FloatField(allow_null=True)


def _register(row) -> dict:
    return {
        "force": row.force.slug,
        "name": row.force.name,
        "lead": row.lead,
        "plans": [
            {
                "title": p.title,
                "covers": p.covers,
                "published_on": p.published_on,
                "review_due_on": p.review_due_on,
                "url": p.url,
                "review_overdue": p in row.overdue_plans,
            }
            for p in row.plans
        ],
        "complete": row.complete,
    }


class AsbRegisterViewSet(viewsets.ViewSet):
    """Each force's anti-social behaviour lead and action plans, as its register page shows."""

    permission_map = {"list": access.lists(Decision.SEE_FORCE)}

    @extend_schema(responses={200: RegisterSerializer(many=True)})
    def list(self, request):
        rows = selectors.register_rows(request.user)
        return Response(RegisterSerializer([_register(r) for r in rows], many=True).data)


class UpliftViewSet(viewsets.ViewSet):
    """Each force's FTE in neighbourhood roles in its latest workforce return against its
    return for March 2025 (the guarantee's baseline)."""

    permission_map = {"list": access.lists(Decision.SEE_FIGURES)}

    @extend_schema(responses={200: UpliftSerializer(many=True)})
    def list(self, request):
        rows = [
            {
                "force": u.force.slug,
                "name": u.force.name,
                "baseline_fte": u.baseline,
                "latest_period": f"{u.latest_period:%Y-%m}" if u.latest_period else None,
                "latest_fte": u.latest,
                "uplift_fte": u.uplift,
                "uplift_percent": u.uplift_pct,
            }
            for u in guarantee.force_uplifts(request.user)
        ]
        return Response(UpliftSerializer(rows, many=True).data)
