"""A force as the API shows it: its reference facts and populations."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forces.models import Force


class ForceSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:force-detail", lookup_field="slug")
    region = serializers.CharField(source="region.name")
    policing_body = serializers.SerializerMethodField()
    populations = serializers.SerializerMethodField()

    class Meta:
        model = Force
        fields = [
            "url",
            "slug",
            "name",
            "ons_code",
            "area_name",
            "country",
            "region",
            "policing_body",
            "populations",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "kind": {"type": "string"},
                "kind_label": {"type": "string"},
            },
        }
    )
    def get_policing_body(self, force) -> dict:
        body = force.policing_body
        return {"name": body.name, "kind": body.kind, "kind_label": body.get_kind_display()}

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "year": {"type": "integer"},
                    "population": {"type": "integer"},
                    "source": {"type": "string"},
                },
            },
        }
    )
    def get_populations(self, force) -> list[dict]:
        return [
            {"year": p.year, "population": p.population, "source": p.source}
            for p in force.populations.all()
        ]
