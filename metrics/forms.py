from django import forms

from metrics.datasets import DATASETS
from metrics.ingest.files import FileProblem
from metrics.services import dataset_named, parse_period


class ReturnUploadForm(forms.Form):
    dataset = forms.ChoiceField(
        choices=[("", "Choose a dataset")] + [(c, d.name) for c, d in DATASETS.items()],
        error_messages={"required": "Choose the dataset"},
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

    def clean_dataset(self):
        return dataset_named(self.cleaned_data["dataset"])

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"].strip())
        except FileProblem as problem:
            raise forms.ValidationError(f"Enter the month as YYYY-MM: {problem}") from None

    def clean(self):
        data = super().clean()
        if not self.single_force and "force" in self.fields and not data.get("force"):
            self.add_error("force", "Choose the force")
        return data
