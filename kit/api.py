"""API conventions shared by every endpoint: pagination, months and one error format
(declared in the schema by kit.api_schema).

Every error answers {"error": {"status": <int>, "code": <str>, "message": <str>,
"fields": {<field>: [<message>, ...]}}}; "fields" is present only for validation errors.
"""

import re
from datetime import date

import django_filters
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from kit.errors import NamedNotFound
from kit.periods import Month

# The months Month.parse accepts (from FIRST_YEAR, 1900), written exactly so: the schema
# promises no more.
MONTH_PATTERN = r"^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])$"


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2026-10"})
class MonthField(serializers.Field):
    """A calendar month written YYYY-MM; a date (its first day) or a Month inside."""

    def to_representation(self, value) -> str:
        return (value if isinstance(value, Month) else Month.of(value)).label()

    def to_internal_value(self, data) -> date:
        # No trimming or other leniency: what the schema's pattern refuses is refused.
        if not isinstance(data, str) or not re.fullmatch(MONTH_PATTERN, data):
            raise serializers.ValidationError(
                f"Enter a month as YYYY-MM, for example 2024-03, not {data!r}."
            )
        return Month.parse(data).first_day


def force_filter() -> django_filters.CharFilter:
    """A list's `force` query parameter: the force's data.police.uk id."""
    return django_filters.CharFilter(field_name="force__slug", help_text="data.police.uk id")


def named_force(data) -> str | None:
    """The force a request's body names ("force": a data.police.uk id), read before the rest of
    the body is checked, so that who may send it is settled first."""
    slug = data.get("force") if hasattr(data, "get") else None
    return str(slug) if slug else None


def single_valued(query) -> None:
    """Every query parameter of the API takes one value: one given twice is refused rather
    than quietly read as its last."""
    repeated = sorted(name for name, values in query.lists() if len(values) > 1)
    if repeated:
        raise exceptions.ValidationError({name: ["Give this parameter once."] for name in repeated})


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        # Every API endpoint that takes query parameters is a list, and every list comes here.
        single_valued(request.query_params)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        """The page_size asked for, refused if it is not a whole number from 1 to the most;
        DRF would quietly use the default instead."""
        text = request.query_params.get(self.page_size_query_param)
        if not text:
            return self.page_size
        if not re.fullmatch(r"[0-9]{1,4}", text) or not 1 <= int(text) <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(text)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        limits = {
            "page": {"minimum": 1},
            "page_size": {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(limits[parameter["name"]])
        return parameters


def _flatten(detail) -> str:
    if isinstance(detail, list):
        return " ".join(_flatten(d) for d in detail)
    if isinstance(detail, dict):
        return " ".join(f"{k}: {_flatten(v)}" for k, v in detail.items())
    return str(detail)


def validation_error(problem: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as the API's: by field, with what no field owns (Django's
    "__all__", or a message without a field) under "non_field_errors"."""
    if hasattr(problem, "error_dict"):
        return exceptions.ValidationError(
            {
                (
                    api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
                ): messages
                for field, messages in problem.message_dict.items()
            }
        )
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: problem.messages})


def exception_handler(exc, context):
    """The one error format for every error of the API, from DRF's, Django's 404 and 403, and
    the ValidationErrors services raise."""
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    elif isinstance(exc, NamedNotFound):
        exc = exceptions.NotFound(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    error = {"status": response.status_code, "code": "error", "message": ""}
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        error["code"] = "invalid"
        error["message"] = "The request has invalid fields."
        error["fields"] = {k: v if isinstance(v, list) else [v] for k, v in exc.detail.items()}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        error["code"] = codes if isinstance(codes, str) else "invalid"
        error["message"] = _flatten(exc.detail)
    response.data = {"error": error}
    return response
