from django import forms

from metrics.catalogue import HEADLINES, METRICS_BY_CODE, PRIORITY_AREAS
from oversight.explorer import FREQUENCIES, SORTS
from oversight.overview import MAP_BY


class ExplorerForm(forms.Form):
    """The explorer's choices, sent by GET; every field has a default."""

    frequency = forms.ChoiceField(
        label="Compare by",
        choices=[(f, f.capitalize()) for f in FREQUENCIES],
        required=False,
    )
    period = forms.CharField(label="Period", required=False, max_length=7)
    sort = forms.ChoiceField(
        label="Order forces by",
        choices=[(s, s.capitalize()) for s in SORTS],
        required=False,
    )

    def clean_frequency(self):
        return self.cleaned_data["frequency"] or "month"

    def clean_period(self):
        return self.cleaned_data["period"] or None

    def clean_sort(self):
        return self.cleaned_data["sort"] or "name"


class OverviewMapForm(forms.Form):
    """What colours the overview's map: a priority area's headline metric, and how."""

    map = forms.ChoiceField(
        label="Measure",
        choices=[(HEADLINES[a].code, f"{a}: {HEADLINES[a].name}") for a in PRIORITY_AREAS],
        required=False,
    )
    by = forms.ChoiceField(label="Colour by", choices=list(MAP_BY.items()), required=False)

    def clean_map(self):
        return METRICS_BY_CODE[self.cleaned_data["map"] or HEADLINES[PRIORITY_AREAS[0]].code]

    def clean_by(self):
        return self.cleaned_data["by"] or "variation"
