from django.contrib import admin, messages

from metrics.models import Return
from metrics.services import return_queue


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
