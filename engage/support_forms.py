"""The forms of the levels of support: a decision with the evidence it rests on, the plan a
force sends, an action of the plan and the group's review. They parse what was sent; the
services in engage.support decide and do the work."""

from django import forms

from engage.forms import ActionForm
from engage.models import Level, PlanReview
from metrics.catalogue import METRICS_BY_CODE
from oversight.assessments.verdicts import Assurance

DATE_HELP = "For example, 2025-03-31"
DATE_INVALID = "Give the date as year-month-day, for example 2025-03-31"


class EvidenceField(forms.TypedMultipleChoiceField):
    """Some of a list of objects, as checkboxes of their ids (strings, so that the checkboxes
    sent come back checked on a form with errors)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("error_messages", {"invalid_choice": "Choose evidence from the list"})
        super().__init__(*args, **kwargs)

    def offer(self, objects, label) -> dict:
        objects = {obj.pk: obj for obj in objects}
        self.choices = [(str(pk), label(obj)) for pk, obj in objects.items()]
        return objects


class SupportDecisionForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Level of support",
        choices=[(str(value), label) for value, label in Level.choices],
        coerce=int,
        error_messages={
            "required": "Choose the level of support",
            "invalid_choice": "Choose a level from 1 to 4",
        },
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        help_text=DATE_HELP,
        error_messages={"required": "Give the date of the decision", "invalid": DATE_INVALID},
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="Why the force is placed at this level. This is kept in the force's history "
        "with your name and the time",
        error_messages={"required": "Say why the force is placed at this level"},
    )
    flags = EvidenceField(label="Flags considered (optional)")
    assessments = EvidenceField(label="Assurance verdicts considered (optional)")
    case = forms.TypedChoiceField(
        label="Engage case considered (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a case of this force"},
    )
    peel_grades = EvidenceField(label="PEEL grades considered (optional)")

    def __init__(self, *args, flags, assessments, cases, peel_grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence = {
            "flags": self.fields["flags"].offer(flags, lambda f: f"{f.summary} ({f.period:%Y-%m})"),
            "assessments": self.fields["assessments"].offer(assessments, _verdict),
            "peel_grades": self.fields["peel_grades"].offer(
                peel_grades,
                lambda g: f"{g.question} ({g.get_framework_display()}, {g.year}): "
                f"{g.get_grade_display()}",
            ),
        }
        cases = {case.pk: case for case in cases}
        self.evidence["case"] = cases
        self.fields["case"].choices = [("", "None")] + [
            (str(pk), f"{c.reference}: {c.get_state_display()}{'' if c.is_open else ' (closed)'}")
            for pk, c in cases.items()
        ]

    def for_service(self) -> dict:
        """The cleaned data with the evidence as the objects chosen."""
        data = dict(self.cleaned_data)
        for name in ("flags", "assessments", "peel_grades"):
            data[name] = [self.evidence[name][pk] for pk in data[name]]
        data["case"] = self.evidence["case"].get(data["case"])
        return data


def _verdict(assessment) -> str:
    metric = METRICS_BY_CODE.get(assessment.metric)
    name = metric.name if metric else assessment.metric
    label = Assurance.LABELS.get(assessment.assurance) or "No target"
    return f"{name}: {label} ({assessment.period:%Y-%m})"


class PlanForm(forms.Form):
    received_on = forms.DateField(
        label="Date the plan was received",
        help_text=DATE_HELP,
        error_messages={"required": "Give the date the plan was received", "invalid": DATE_INVALID},
    )
    summary = forms.CharField(label="Summary of the plan (optional)", required=False)
    closed_on = forms.DateField(
        label="Date the plan was closed (optional)",
        help_text="Leave empty while the plan is followed",
        required=False,
        error_messages={"invalid": DATE_INVALID},
    )


class PlanActionForm(ActionForm):
    """An action of a performance improvement plan: an Engage improvement action's fields but
    its cause of concern."""

    cause = None

    def __init__(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)


class PlanReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label="Date of the review",
        help_text=DATE_HELP,
        error_messages={"required": "Give the date of the review", "invalid": DATE_INVALID},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=PlanReview.Outcome.choices,
        error_messages={
            "required": "Choose the outcome of the review",
            "invalid_choice": "Choose an outcome from the list",
        },
    )
    notes = forms.CharField(label="Notes (optional)", required=False)
