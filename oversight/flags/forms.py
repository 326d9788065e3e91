from django import forms
from django.utils.text import slugify

from kit.periods import Month
from metrics.catalogue import PRIORITY_AREAS
from oversight.flags.models import Flag
from oversight.flags.selectors import KIND_RULES, KINDS

AREAS = {slugify(area): area for area in PRIORITY_AREAS}
# What the page shows when it is opened without a query.
DEFAULT_FILTERS = {"status": Flag.Status.NEW}
FILTER_NAMES = ("kind", "force", "area", "rule", "period", "status")


class FlagFilterForm(forms.Form):
    """The triage page's filters, sent by GET. The kinds and forces offered are those the user
    sees; the rules offered are those of the kind chosen."""

    kind = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Choose a kind of flag you can see"}
    )
    force = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="All forces",
        error_messages={"invalid_choice": "Choose a force from the list"},
    )
    area = forms.ChoiceField(
        label="Priority area",
        choices=[("", "All priority areas"), *AREAS.items()],
        required=False,
        error_messages={"invalid_choice": "Choose a priority area from the list"},
    )
    rule = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Choose a rule from the list"}
    )
    period = forms.CharField(label="Month", required=False, help_text="For example, 2024-03")
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *Flag.Status.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def __init__(self, data, *, kinds: list[str], forces, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [(kind, KINDS[kind]) for kind in kinds]
        self.fields["force"].queryset = forces
        self.default_kind = kinds[0] if kinds else None
        kind = self.data.get("kind") or self.default_kind
        rules = KIND_RULES.get(kind if kind in kinds else self.default_kind, [])
        self.fields["rule"].choices = [("", "All rules")] + [(r.value, r.label) for r in rules]

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.default_kind

    def clean_area(self):
        return AREAS.get(self.cleaned_data["area"], "")

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return Month.parse(text).first_day
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None


def filter_data(query) -> dict[str, str]:
    """The filters asked for in a query string, or the defaults when none is."""
    asked = {name: query[name] for name in FILTER_NAMES if name in query}
    return asked or dict(DEFAULT_FILTERS)
