from django.contrib import admin, messages

from metrics.returns.models import CollectionStart, RecordingChange, Return, ReturnReminder
from metrics.returns.services import return_queue


@admin.register(Return)
class ReturnAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "force",
        "dataset",
        "period",
        "version",
        "status",
        "rows_loaded",
        "submitted_at",
    ]
    list_filter = ["status", "dataset", "force"]
    search_fields = ["force__slug", "sha256", "original_filename"]
    readonly_fields = [f.name for f in Return._meta.fields]
    actions = ["process_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Process the selected returns now")
    def process_now(self, request, queryset):
        waiting = queryset.filter(status=Return.Status.RECEIVED)
        for ret in waiting:
            return_queue(ret=ret)
        self.message_user(
            request, f"Queued {waiting.count()} return(s) to be processed now.", messages.SUCCESS
        )


@admin.register(RecordingChange)
class RecordingChangeAdmin(admin.ModelAdmin):
    list_display = ["force", "dataset", "effective_from", "declared_by", "declared_at"]
    list_filter = ["dataset", "force"]
    search_fields = ["force__name", "force__slug", "description"]
    date_hierarchy = "effective_from"
    readonly_fields = ["declared_by", "declared_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.declared_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReturnReminder)
class ReturnReminderAdmin(admin.ModelAdmin):
    list_display = ["force", "dataset", "period", "kind", "status", "sent_at"]
    list_filter = ["kind", "dataset", "force"]
    readonly_fields = [f.name for f in ReturnReminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CollectionStart)
class CollectionStartAdmin(admin.ModelAdmin):
    list_display = ["force", "dataset", "first_period"]
    list_filter = ["dataset", "force"]
