"""What the pages' forms share with the services behind them: the data a form was sent, the
result of handing a valid form to a service (its refusals shown on the form), and the page
that renders a form, with status 400 when what was sent is wrong."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


def add_service_errors(form, problem: ValidationError) -> None:
    """Put a service's errors on the form's fields, or above it when no field matches."""
    for name, errors in problem.update_error_dict({}).items():
        form.add_error(name if name in form.fields else None, errors)


def sent(request):
    """What a form was sent, or None on a GET: a POST of no fields is still a submission."""
    return request.POST if request.method == "POST" else None


def submitted(request, form, save):
    """What `save` (a service call) returns for the form's cleaned data on a valid POST, or
    None: then the form holds what is wrong, the service's refusals included."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as problem:
        add_service_errors(form, problem)
        return None


def form_page(request, template, form, **context):
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)
