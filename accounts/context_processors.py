from django.conf import settings

from accounts import access
from accounts.navigation import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"service_name": settings.SERVICE_NAME}
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(user, request.path),
        "user_role": access.role_of(user),
    }
