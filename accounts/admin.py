from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from knox.admin import AuthTokenAdmin
from knox.models import AuthToken

from accounts import access
from accounts.models import AuditEvent
from accounts.roles import Role
from accounts.services import audit_record, user_assign_role
from forces.models import Force


class RoleFormMixin(forms.ModelForm):
    role = forms.ChoiceField(choices=[("", "No role")] + Role.choices, required=False)
    force = forms.ModelChoiceField(
        Force.objects.all(),
        required=False,
        to_field_name="slug",
        help_text="Required for a PCC or force data officer; empty for the other roles.",
    )

    def clean(self):
        data = super().clean()
        role, force = data.get("role"), data.get("force")
        if access.is_tied_to_a_force(role) and force is None:
            self.add_error("force", "Choose the force this user is tied to.")
        if role and not access.is_tied_to_a_force(role) and force is not None:
            self.add_error("force", "This role sees every force: leave the force empty.")
        return data


class RoleUserChangeForm(RoleFormMixin, UserAdmin.form):
    pass


class RoleUserCreationForm(RoleFormMixin, UserAdmin.add_form):
    pass


admin.site.unregister(User)


@admin.register(User)
class RoleUserAdmin(UserAdmin):
    form = RoleUserChangeForm
    add_form = RoleUserCreationForm
    list_display = ["username", "email", "role", "is_active", "last_login"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email"]}),
        ("Role", {"fields": ["role", "force", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        ("Role", {"fields": ["email", "role", "force"]}),
    ]

    @admin.display(description="role")
    def role(self, obj):
        role = access.role_of(obj)
        return role.label if role else "—"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form.base_fields["role"].initial = access.role_of(obj) or ""
            force = access.acting_force(obj)
            form.base_fields["force"].initial = force.slug if force else None
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("role"):
            user_assign_role(
                user=form.instance,
                role=form.cleaned_data["role"],
                force=form.cleaned_data.get("force"),
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "force", "object_type", "object_id", "ip_address"]
    list_filter = ["action"]
    search_fields = ["username", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Tokens made or deleted in Django admin are audited as those made on the tokens page are.
admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuditedAuthTokenAdmin(AuthTokenAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            audit_record(
                action=AuditEvent.Action.TOKEN_CREATED,
                user=obj.user,
                request=request,
                token_key=obj.token_key,
                expiry=obj.expiry.isoformat() if obj.expiry else "",
                by=request.user.get_username(),
            )

    def delete_model(self, request, obj):
        _token_revoked(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            _token_revoked(request, token)
        super().delete_queryset(request, queryset)


def _token_revoked(request, token) -> None:
    audit_record(
        action=AuditEvent.Action.TOKEN_REVOKED,
        user=token.user,
        request=request,
        token_key=token.token_key,
        by=request.user.get_username(),
    )
