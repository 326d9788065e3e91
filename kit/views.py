"""Views that know no app: the health check, the 400 page and the API's 404."""

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound


def health(request):
    """Answers when the app is up, and touches nothing else: for load balancers, and as the
    baseline the web benchmark measures the pages against."""
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception):
    """The 400 page. A BadRequest raised by a view (such as an unknown export format) says
    what was wrong; Django's own SuspiciousOperation messages are not shown."""
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)


handler400 = bad_request


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([])
def api_not_found(request):
    """Any other path under /api/ answers the API's 404 in its error format, whoever asks,
    rather than the HTML page."""
    raise NotFound()
