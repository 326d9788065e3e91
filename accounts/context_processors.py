from django.conf import settings

from accounts.navigation import navigation_for
from accounts.roles import user_role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"service_name": settings.SERVICE_NAME}
    role = user_role(user)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(user, request.path),
        "user_role": role,
    }
