"""An official's session ends after SESSION_COOKIE_AGE without a request.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would move its expiry
forward each time, but costs every signed-in page three queries (a savepoint, the update,
its release). This middleware marks a session for saving only when it was last renewed a
minute or more ago, so the idle time is kept to within a minute with one write a minute at
most. It only looks at sessions that the request already read (a signed-in official's), so
anonymous visitors, who have none, are not given one.
"""

import time

RENEW_AFTER_SECONDS = 60
RENEWED_AT = "_renewed_at"


def renewed_at_login(sender, request, user, **kwargs):
    """Logging in writes the session anyway: it counts as its renewal."""
    if getattr(request, "session", None) is not None:
        request.session[RENEWED_AT] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Inside SessionMiddleware: it marks the session modified before that saves it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= RENEW_AFTER_SECONDS:
                session[RENEWED_AT] = now
        return response
