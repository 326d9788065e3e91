"""What the pages' forms share with the services behind them."""

from django.core.exceptions import ValidationError


def add_service_errors(form, problem: ValidationError) -> None:
    """Put a service's errors on the form's fields, or above it when no field matches."""
    for name, errors in problem.update_error_dict({}).items():
        form.add_error(name if name in form.fields else None, errors)
