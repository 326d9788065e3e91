"""Sessions end after SESSION_IDLE_MINUTES without a request. Saving the session on every
request would keep that exact but write the session row on every page view; instead a
signed-in session is saved (and its expiry moved on) at most once a minute, so the idle
limit holds to within a minute at a fraction of the writes."""

import time

TOUCH_EVERY_SECONDS = 60
TOUCHED = "_touched"


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(TOUCHED, 0) >= TOUCH_EVERY_SECONDS:
                session[TOUCHED] = now  # marks it modified: SessionMiddleware saves it
        return response
