"""The engage pages' forms. They parse what was sent; the services decide and do the work, and
their ValidationErrors come back onto the form's fields (`kit.forms.add_service_errors`)."""

from django import forms
from django.conf import settings

from engage.models import (
    ExitCriterion,
    Framework,
    Grade,
    ImprovementAction,
    MeetingDocument,
    Recommendation,
    State,
)
from metrics.catalogue import METRICS

METRIC_CHOICES = [(m.code, m.name) for m in METRICS]


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("", "All states"), *State.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a state from the list"},
    )
    status = forms.ChoiceField(
        label="Open or closed",
        choices=[("", "Open and closed"), ("open", "Open"), ("closed", "Closed")],
        required=False,
        error_messages={"invalid_choice": "Choose open, closed or both"},
    )


class CaseOpenForm(forms.Form):
    force = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        empty_label="Choose a force",
        error_messages={
            "required": "Choose the force the case is about",
            "invalid_choice": "Choose a force from the list",
        },
    )
    reason = forms.CharField(
        label="Why is the case opened?",
        help_text="For example, the cause of concern the force is not responding to",
        error_messages={"required": "Say why the case is opened"},
    )
    summary = forms.CharField(label="Summary (optional)", required=False)

    def __init__(self, *args, forces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["force"].queryset = forces


class CaseMoveForm(forms.Form):
    to = forms.ChoiceField(
        label="Move the case to",
        error_messages={
            "required": "Choose where the case moves",
            "invalid_choice": "Choose one of the moves allowed",
        },
    )
    reason = forms.CharField(
        label="Why does the case move?",
        help_text="This is kept in the case's history with your name and the time",
        error_messages={"required": "Say why the case moves"},
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(State.choices)
        self.fields["to"].choices = [
            (to, "Exit to scan (routine monitoring)" if to == State.SCAN else labels[to])
            for to in allowed
        ]


class CriterionForm(forms.Form):
    """An exit criterion of a cause of concern, judged from the force's figures."""

    kind = forms.ChoiceField(
        label="Exit criterion",
        choices=ExitCriterion.Kind.choices,
        error_messages={"required": "Choose the kind of exit criterion"},
    )
    metric = forms.ChoiceField(
        label="Measure the exit criterion is judged on",
        choices=[("", "Choose a measure"), *METRIC_CHOICES],
        required=False,
    )
    months = forms.IntegerField(
        label="Consecutive months",
        min_value=1,
        max_value=60,
        required=False,
        error_messages={"invalid": "Give a whole number of months, 1 or more"},
    )
    target = forms.FloatField(
        label="Target (optional)",
        help_text="For a standard: leave empty to use the measure's own standard",
        required=False,
        error_messages={"invalid": "Give the target as a number"},
    )

    def clean(self):
        data = super().clean()
        if data.get("kind"):
            if not data.get("metric"):
                self.add_error("metric", "Choose the measure the exit criterion is judged on")
            if not data.get("months"):
                self.add_error("months", "Give the number of consecutive months")
        return data


class CauseForm(CriterionForm):
    """A cause of concern, and optionally its first exit criterion."""

    field_order = ["title", "description", "metric_codes", "peel_areas", "accelerated"]
    title = forms.CharField(max_length=200, error_messages={"required": "Give the cause a title"})
    description = forms.CharField(label="Description (optional)", required=False)
    metric_codes = forms.MultipleChoiceField(
        label="Measures", choices=METRIC_CHOICES, required=False
    )
    peel_areas = forms.CharField(
        label="PEEL areas (optional)",
        help_text="One a line, for example Responding to the public",
        required=False,
    )
    accelerated = forms.BooleanField(
        label="Part of an accelerated move (causes whose cumulative impact reaches the threshold)",
        required=False,
    )
    kind = forms.ChoiceField(
        label="Exit criterion (optional)",
        choices=[("", "No exit criterion yet"), *ExitCriterion.Kind.choices],
        required=False,
    )

    def clean_peel_areas(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["peel_areas"].splitlines() if line]


class CauseCloseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the cause closed?",
        help_text="For example, the exit criteria met and the evidence seen. This is kept in the "
        "case's history with your name and the time",
        error_messages={"required": "Say why the cause is closed"},
    )


class ActionForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Say what the action is"})
    owner = forms.CharField(
        max_length=200,
        help_text="Who in the force owns the action",
        error_messages={"required": "Name who owns the action"},
    )
    due_on = forms.DateField(
        label="Due date",
        help_text="For example, 2024-06-30",
        error_messages={
            "required": "Give the date the action is due",
            "invalid": "Give the due date as year-month-day, for example 2024-06-30",
        },
    )
    status = forms.ChoiceField(choices=ImprovementAction.Status.choices)
    evidence = forms.CharField(label="Evidence (optional)", required=False)
    cause = forms.ModelChoiceField(
        label="Cause of concern (optional)",
        queryset=None,
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a cause of concern of this case"},
    )

    def __init__(self, *args, causes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = causes


class Section55Form(forms.Form):
    """A PCC's response: the chief constable's comments, the PCC's, an answer to each
    recommendation (`answer_<id>`), and publication."""

    chief_constable_invited_on = forms.DateField(
        label="Date the chief constable was invited to comment (optional)",
        help_text="For example, 2024-03-10",
        required=False,
        error_messages={"invalid": "Give the date as year-month-day, for example 2024-03-10"},
    )
    chief_constable_comments = forms.CharField(
        label="The chief constable's comments (optional)", required=False
    )
    comments = forms.CharField(label="Your comments on the report (optional)", required=False)
    published_url = forms.URLField(
        label="Address the response is published at (optional)",
        required=False,
        error_messages={"invalid": "Give a web address, for example https://pcc.example/s55"},
    )
    published_on = forms.DateField(
        label="Date published (optional)",
        help_text="Leave empty until the response is published",
        required=False,
        error_messages={"invalid": "Give the date as year-month-day, for example 2024-04-20"},
    )

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendations = list(recommendations)
        for rec in self.recommendations:
            self.fields[f"answer_{rec.pk}"] = forms.CharField(
                label=f"{rec.reference or 'Recommendation'}: {rec.text}",
                help_text="What action has been or will be taken, or why none",
                required=False,
            )

    def answers(self) -> dict[int, str]:
        return {
            rec.pk: self.cleaned_data[f"answer_{rec.pk}"]
            for rec in self.recommendations
            if self.cleaned_data.get(f"answer_{rec.pk}", "").strip()
        }

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.base_fields}

    def answer_fields(self):
        return [self[f"answer_{rec.pk}"] for rec in self.recommendations]


class FlagRaiseForm(forms.Form):
    title = forms.CharField(
        label="Title of the cause of concern (optional)",
        help_text="Leave empty to use the flag's summary",
        max_length=200,
        required=False,
    )
    reason = forms.CharField(
        label="Why is a case opened? (optional)",
        help_text="Only used when the force has no open case",
        required=False,
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label="Date held",
        help_text="For example, 2024-05-14",
        error_messages={
            "required": "Give the date the meeting was held",
            "invalid": "Give the date as year-month-day, for example 2024-05-14",
        },
    )
    attendees = forms.CharField(
        label="Attendees (optional)",
        help_text="One a line, with their role, for example HMI Wendy Williams (chair)",
        required=False,
    )
    forces = forms.ModelMultipleChoiceField(
        label="Forces discussed (optional)",
        help_text="A force also joins when the meeting decides on its case",
        queryset=None,
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Choose forces from the list"},
    )
    minutes = forms.CharField(label="Minutes (optional)", required=False)

    def __init__(self, *args, forces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forces"].queryset = forces

    def clean_attendees(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["attendees"].splitlines() if line]


class DecisionForm(forms.Form):
    """A decision of a PPOG meeting on one case."""

    case = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a case",
        error_messages={
            "required": "Choose the case the decision is about",
            "invalid_choice": "Choose a case from the list",
        },
    )
    text = forms.CharField(
        label="What was decided",
        help_text="This is kept in the case's timeline",
        error_messages={"required": "Record what was decided"},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.reference}, {case.force.name}{'' if case.is_open else ' (closed)'}"
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=MeetingDocument.Kind.choices,
        initial=MeetingDocument.Kind.OTHER,
        error_messages={"invalid_choice": "Choose a kind of document from the list"},
    )
    file = forms.FileField(
        label="Document",
        error_messages={
            "required": "Choose the document to attach",
            "empty": "The file is empty",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.ENGAGE_DOCUMENT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = f"A PDF, DOCX or ODT document, up to {limit} MB"


class PeelGradeForm(forms.Form):
    framework = forms.ChoiceField(
        label="PEEL framework",
        choices=Framework.choices,
        error_messages={
            "required": "Choose the framework of the grade",
            "invalid_choice": "Choose a framework from the list",
        },
    )
    question = forms.CharField(
        label="Question or area graded",
        help_text="As the framework names it, for example Responding to the public",
        max_length=200,
        error_messages={"required": "Name the question or area graded"},
    )
    year = forms.IntegerField(
        label="Year",
        help_text="The year the inspection was published, for example 2024",
        min_value=2014,  # the first PEEL inspections
        max_value=2100,
        error_messages={
            "required": "Give the year the inspection was published",
            "invalid": "Give the year as four digits, for example 2024",
            "min_value": "Give a year from 2014, when PEEL began",
            "max_value": "Give the year as four digits, for example 2024",
        },
    )
    grade = forms.ChoiceField(
        choices=Grade.choices,
        error_messages={
            "required": "Choose the grade",
            "invalid_choice": "Choose one of the five grades",
        },
    )


class RecommendationForm(forms.Form):
    status = forms.ChoiceField(
        choices=Recommendation.Status.choices,
        error_messages={
            "required": "Choose the status",
            "invalid_choice": "Choose a status from the list",
        },
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        help_text="What shows the progress, for example the force's report to the PCC",
        required=False,
    )
