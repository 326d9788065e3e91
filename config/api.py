"""API conventions shared by every endpoint: pagination and one error format.

Every error answers {"error": {"status": <int>, "code": <str>, "message": <str>,
"fields": {<field>: [<message>, ...]}}}; "fields" is present only for validation errors.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000


def _flatten(detail) -> str:
    if isinstance(detail, list):
        return " ".join(_flatten(d) for d in detail)
    if isinstance(detail, dict):
        return " ".join(f"{k}: {_flatten(v)}" for k, v in detail.items())
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
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
