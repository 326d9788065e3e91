"""Headers every dynamic response carries.

Whitenoise answers for static files before this middleware runs, so they keep their own
long-lived caching; everything else comes from the application and may hold what one user
may see, so no shared cache (a proxy's or the browser's back-forward store) may keep it.
"""

from django.utils.cache import patch_cache_control

SERVER = "force-performance-oversight"


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        # A WSGI server names itself (and Python's version) only when the response does not.
        response["Server"] = SERVER
        return response
