from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from neighbourhood.models import AsbActionPlan, AsbLead


@admin.register(AsbLead)
class AsbLeadAdmin(SimpleHistoryAdmin):
    list_display = ("force", "name", "role", "appointed_on", "stood_down_on")
    list_filter = ("force",)


@admin.register(AsbActionPlan)
class AsbActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ("force", "title", "covers", "published_on", "review_due_on")
    list_filter = ("force",)
