from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts import access
from accounts.access import Decision
from metrics.catalogue import METRICS
from metrics.catalogue.models import MetricTarget


class MetricTargetForm(forms.ModelForm):
    metric = forms.ChoiceField(
        choices=[(m.code, f"{m.name} ({m.code}, {m.unit})") for m in METRICS],
        help_text="A target set here replaces the metric's declared default, if it has one.",
    )

    class Meta:
        model = MetricTarget
        fields = ["metric", "value", "description"]


@admin.register(MetricTarget)
class MetricTargetAdmin(SimpleHistoryAdmin):
    """Targets are set by administrators alone, whatever Django permissions a user holds."""

    form = MetricTargetForm
    list_display = ["metric", "value", "description", "set_by", "set_at"]
    readonly_fields = ["set_by", "set_at"]

    def _administers(self, request) -> bool:
        return access.allows(request.user, Decision.ADMINISTER)

    def has_module_permission(self, request):
        return self._administers(request)

    def has_view_permission(self, request, obj=None):
        return self._administers(request)

    def has_add_permission(self, request):
        return self._administers(request)

    def has_change_permission(self, request, obj=None):
        return self._administers(request)

    def has_delete_permission(self, request, obj=None):
        return self._administers(request)

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
