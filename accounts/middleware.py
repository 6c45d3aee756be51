import time

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.utils import timezone


class UserTimezoneMiddleware:
    """Show every time in the person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.tzinfo)
        else:
            timezone.deactivate()
        return self.get_response(request)


class SessionActivityMiddleware:
    """Push back the idle timeout and note "last active" a few times an hour, not on every request.

    Saving the session and allauth's UserSession row on every request cost
    about eight queries (two savepoints, a read, two updates) on every page,
    which is most of a page's work. Refreshing both once per
    SESSION_REFRESH_SECONDS keeps the idle timeout within that much of
    SESSION_COOKIE_AGE and "last active" on the account page as fresh.
    """

    KEY = "_activity_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and session.session_key and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                # Setting the key marks the session modified, so the session
                # middleware saves it with a fresh expiry on the way out.
                session[self.KEY] = now
                UserSession.objects.create_from_request(request)
        return self.get_response(request)
