from django import forms

from kit.periods import Month
from metrics.datasets import DATASET_CHOICES
from metrics.ingest.files import FileProblem
from metrics.returns.completeness import latest_due_months, months_asked
from metrics.returns.services import dataset_named, parse_period


class ReturnUploadForm(forms.Form):
    dataset = forms.ChoiceField(
        choices=[("", "Choose a dataset")] + DATASET_CHOICES,
        error_messages={"required": "Choose the dataset"},
    )
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[
            ("records", "Records: one row per crime, call, incident, case or decision"),
            ("aggregate", "Aggregate: the month's counts, in the dataset's aggregate schema"),
        ],
        initial="records",
        required=False,
    )
    period = forms.CharField(
        label="Month",
        help_text="For example, 2024-03",
        error_messages={"required": "Enter the month the return covers"},
    )
    force = forms.ModelChoiceField(queryset=None, to_field_name="slug", required=False)
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose the CSV file to send", "empty": "The file is empty."},
    )

    def __init__(self, *args, forces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["force"].queryset = forces
        self.single_force = forces.count() == 1
        if self.single_force:
            del self.fields["force"]

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"].strip())
        except FileProblem as problem:
            raise forms.ValidationError(f"Enter the month as YYYY-MM: {problem}") from None

    def clean(self):
        data = super().clean()
        if not self.single_force and "force" in self.fields and not data.get("force"):
            self.add_error("force", "Choose the force")
        if data.get("dataset"):
            try:
                data["dataset"] = dataset_named(data["dataset"], data.get("kind") or "records")
            except FileProblem as problem:
                self.add_error("kind", str(problem))
        return data


def _month_field(label: str, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text="For example, 2024-03", **kwargs
    )


def _clean_month(value: str):
    if not value:
        return None
    try:
        return Month.parse(value).first_day
    except ValueError as problem:
        raise forms.ValidationError(str(problem)) from None


class CompletenessForm(forms.Form):
    """The heatmap's choices, sent by GET; every field has a default."""

    dataset = forms.ChoiceField(choices=DATASET_CHOICES, required=False)
    period_from = _month_field("From month")
    period_to = _month_field("To month")

    def clean_dataset(self):
        return self.cleaned_data["dataset"] or DATASET_CHOICES[0][0]

    def clean_period_from(self):
        return _clean_month(self.cleaned_data["period_from"])

    def clean_period_to(self):
        return _clean_month(self.cleaned_data["period_to"])

    def clean(self):
        data = super().clean()
        if data.get("period_from") is None and data.get("period_to") is None:
            # The page opens on the latest twelve months that are already due.
            data["periods"] = latest_due_months(data.get("dataset") or DATASET_CHOICES[0][0])
        elif "period_from" in data and "period_to" in data:
            try:
                data["periods"] = months_asked(data["period_from"], data["period_to"])
            except ValueError as problem:
                self.add_error("period_from", str(problem))
        return data


class RecordingChangeForm(forms.Form):
    force = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", error_messages={"required": "Choose the force"}
    )
    dataset = forms.ChoiceField(
        choices=[("", "Choose a dataset")] + DATASET_CHOICES,
        help_text="The dataset whose recording changed",
        error_messages={"required": "Choose the dataset"},
    )
    effective_from = _month_field(
        "Month the change takes effect",
        required=True,
        error_messages={"required": "Enter the month the change takes effect"},
    )
    description = forms.CharField(
        label="What changed",
        max_length=2000,
        help_text="For example, a new command-and-control system went live",
        error_messages={"required": "Describe what changed"},
    )

    def __init__(self, *args, forces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["force"].queryset = forces
        self.single_force = forces[:2].count() == 1
        if self.single_force:
            del self.fields["force"]

    def clean_effective_from(self):
        return _clean_month(self.cleaned_data["effective_from"])


class RecordingChangeReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", "Accept: recalculate limits from this month"),
            ("refuse", "Refuse: keep the limits as they are"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or refuse the change"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        help_text="Recorded with the decision and shown to the force",
        error_messages={"required": "Give the reason for the decision"},
    )
