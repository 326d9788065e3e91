from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engage.models import (
    Case,
    CauseOfConcern,
    ImprovementAction,
    PeelGrade,
    PPOGMeeting,
    Recommendation,
    Report,
    Section55Response,
)


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "force", "state", "opened_at", "closed_at"]
    list_filter = ["state"]
    # States change only through the transitions, which record who and why.
    readonly_fields = ["state", "closed_at"]


@admin.register(CauseOfConcern)
class CauseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "case", "status", "accelerated"]


@admin.register(ImprovementAction)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "case", "owner", "due_on", "status"]


@admin.register(PPOGMeeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_on"]


@admin.register(PeelGrade)
class PeelGradeAdmin(SimpleHistoryAdmin):
    list_display = ["force", "framework", "question", "year", "grade"]
    list_filter = ["framework", "grade"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "force", "published_on"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["report", "reference", "kind", "addressee", "status"]


@admin.register(Section55Response)
class Section55Admin(SimpleHistoryAdmin):
    list_display = ["report", "force", "due_on", "published_on"]
