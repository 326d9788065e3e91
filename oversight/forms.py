from django import forms

from oversight.explorer import FREQUENCIES, SORTS


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
