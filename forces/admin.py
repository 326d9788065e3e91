from django.contrib import admin

from forces.models import Force, ForcePopulation, PolicingBody, Region, SimilarForce


class PopulationInline(admin.TabularInline):
    model = ForcePopulation
    extra = 0


class SimilarForceInline(admin.TabularInline):
    model = SimilarForce
    fk_name = "force"
    extra = 0


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ons_code", "region", "policing_body"]
    list_filter = ["region", "country"]
    search_fields = ["name", "slug", "ons_code"]
    inlines = [PopulationInline, SimilarForceInline]


admin.site.register(Region)
admin.site.register(PolicingBody, list_display=["name", "kind"], list_filter=["kind"])
