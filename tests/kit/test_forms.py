from django import forms
from django.core.exceptions import ValidationError

from kit.forms import add_service_errors


class ChangeForm(forms.Form):
    effective_from = forms.DateField()
    reason = forms.CharField()


def test_add_service_errors_puts_each_on_its_field_and_the_rest_above_the_form():
    form = ChangeForm({"effective_from": "2024-03-01", "reason": "New system"})
    assert form.is_valid()
    problem = ValidationError(
        {
            "effective_from": "A change cannot start before the force's first return",
            "force": "Durham has a change pending from that month",
        }
    )

    add_service_errors(form, problem)

    assert form.errors == {
        "effective_from": ["A change cannot start before the force's first return"],
        "__all__": ["Durham has a change pending from that month"],
    }
    assert "effective_from" not in form.cleaned_data


def test_add_service_errors_puts_an_error_of_no_field_above_the_form():
    form = ChangeForm({"effective_from": "2024-03-01", "reason": "New system"})
    assert form.is_valid()

    add_service_errors(form, ValidationError(["Only analysts may accept a change", "Not today"]))

    assert form.non_field_errors() == ["Only analysts may accept a change", "Not today"]
    assert list(form.errors) == ["__all__"]
