from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import AuditEvent
from forces.models import Force


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }


class TokenCreateForm(forms.Form):
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        max_value=365,
        initial=90,
        error_messages={
            "min_value": "Enter a number of days from 1 to 365",
            "max_value": "Enter a number of days from 1 to 365",
            "required": "Enter how many days the token lasts",
            "invalid": "Enter a number of days from 1 to 365",
        },
    )


class AuditFilterForm(forms.Form):
    """The audit log's filters, sent by GET; every one may be left empty."""

    who = forms.CharField(
        label="Who", required=False, max_length=150, help_text="A username, or part of one"
    )
    action = forms.ChoiceField(
        label="What",
        choices=[("", "Every kind of event"), *AuditEvent.Action.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a kind of event from the list"},
    )
    force = forms.ModelChoiceField(
        queryset=Force.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All forces",
        error_messages={"invalid_choice": "Choose a force from the list"},
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        error_messages={"invalid": "Enter the first day as a date, for example 2026-11-01"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        error_messages={"invalid": "Enter the last day as a date, for example 2026-11-30"},
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", "The last day must be the same as or after the first day")
        return data
