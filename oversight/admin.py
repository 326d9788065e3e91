from django.contrib import admin

from oversight.models import RecordingChange, ReturnReminder


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
