from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import AuditEvent
from accounts.services import audit_record
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


class AuditedAdmin(SimpleHistoryAdmin):
    """Every Engage change is audited: those made in Django admin too, not only those made
    through the service's pages and API (engage.services)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _audit(request, obj, "changed" if change else "added", fields=form.changed_data)

    def delete_model(self, request, obj):
        _audit(request, obj, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _audit(request, obj, "deleted")
        super().delete_queryset(request, queryset)


def _audit(request, obj, done: str, **detail) -> None:
    audit_record(
        action=AuditEvent.Action.CHANGE,
        request=request,
        obj=obj,
        what=f"{obj._meta.verbose_name} {done} in administration",
        **detail,
    )


@admin.register(Case)
class CaseAdmin(AuditedAdmin):
    list_display = ["reference", "force", "state", "opened_at", "closed_at"]
    list_filter = ["state"]
    # States change only through the transitions, which record who and why.
    readonly_fields = ["state", "closed_at"]


@admin.register(CauseOfConcern)
class CauseAdmin(AuditedAdmin):
    list_display = ["title", "case", "status", "accelerated"]


@admin.register(ImprovementAction)
class ActionAdmin(AuditedAdmin):
    list_display = ["title", "case", "owner", "due_on", "status"]


@admin.register(PPOGMeeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["held_on"]


@admin.register(PeelGrade)
class PeelGradeAdmin(AuditedAdmin):
    list_display = ["force", "framework", "question", "year", "grade"]
    list_filter = ["framework", "grade"]


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    list_display = ["title", "force", "published_on"]


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = ["report", "reference", "kind", "addressee", "status"]


@admin.register(Section55Response)
class Section55Admin(AuditedAdmin):
    list_display = ["report", "force", "due_on", "published_on"]
