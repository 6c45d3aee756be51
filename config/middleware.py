from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_cache_control


class PermissionsPolicyMiddleware:
    """Turn off powerful browser features that a journal never needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """Keep every page the app renders out of browser and proxy caches.

    Journal pages must not come back from the back button or a shared
    computer's disk after logging out. Static files and the crisis page are
    answered by WhiteNoise before this runs, so they stay cacheable; the rest
    costs one header and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" in response:
            patch_cache_control(response, no_store=True)
        else:
            response["Cache-Control"] = "no-store"
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a session the database could not save answers the kind 503.

    Django reports any failed session save as "the session was deleted"
    (400 Bad Request). When the database is merely away, the person should see
    the 503 page that says nothing is lost and to try again in a moment.
    """

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted as exc:
            from config.views import _database_is_down, database_unavailable

            if _database_is_down(exc):
                return database_unavailable(request)
            raise
