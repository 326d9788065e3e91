"""The register's forms: a new ASB lead and an action plan. They parse what was sent; the
services in neighbourhood.services decide and do the work."""

from django import forms

DATE_HELP = "For example, 2025-06-30"
DATE_INVALID = "Give the date as year-month-day, for example 2025-06-30"


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=DATE_HELP,
        input_formats=["%Y-%m-%d"],
        error_messages={"required": f"Enter the {label.lower()}", "invalid": DATE_INVALID},
    )


class AsbLeadForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the lead's name"}
    )
    role = forms.CharField(
        label="Rank and post",
        max_length=200,
        help_text="For example, Chief Superintendent, Head of Neighbourhood Policing",
        error_messages={"required": "Enter the lead's rank and post"},
    )
    appointed_on = _date("Date appointed")


class AsbPlanForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the plan's title"}
    )
    covers = forms.CharField(
        label="Area it covers",
        max_length=200,
        help_text="The whole force, or a named town, district or neighbourhood",
        error_messages={"required": "Say what area the plan covers"},
    )
    published_on = _date("Date published")
    review_due_on = _date("Review due", required=False)
    url = forms.URLField(
        label="Web address (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address, for example https://example.police.uk/asb"
        },
    )
