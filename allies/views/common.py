"""What the allies pages share: access checks that answer 404, and small helpers."""

import datetime
import functools

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.http import urlencode

from ..models import AllyLink, AllyNote, Invitation

NOTES_PER_PAGE = 50


def no_referrer(view):
    """The invitation page carries its token in the URL: never send it on to anyone."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


class NullOriginCsrfMiddleware(CsrfViewMiddleware):
    """CSRF protection for forms on a no-referrer page.

    Browsers send "Origin: null" and no Referer with a POST from a page whose
    policy is no-referrer, so Django's origin and referer checks can never
    pass there. Such a request is checked on its CSRF token alone; one that
    names a real origin still has to match. (The session cookie is SameSite=Lax
    as well, so another site's POST arrives logged out.)
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
        enforced = not getattr(request, "_dont_enforce_csrf_checks", False)
        if unsafe and enforced and request.META.get("HTTP_ORIGIN") == "null":
            try:
                self._check_token(request)
            except RejectRequest as exc:
                return self._reject(request, exc.reason)
            return self._accept(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)


csrf_protect_null_origin = decorator_from_middleware(NullOriginCsrfMiddleware)


# --- Access helpers: each returns the object or raises 404. -----------------


def get_link_for_owner(request: HttpRequest, code) -> AllyLink:
    return get_object_or_404(AllyLink.objects.select_related("ally"), code=code, owner=request.user)


def get_link_for_ally(request: HttpRequest, code) -> AllyLink:
    # Removing an ally deletes this row, so their very next request lands here and gets a 404.
    return get_object_or_404(AllyLink.objects.select_related("owner", "ally"), code=code, ally=request.user)


def get_note_for_owner(request: HttpRequest, code) -> AllyNote:
    return get_object_or_404(AllyNote.objects.select_related("author"), code=code, owner=request.user)


def get_note_for_author(link: AllyLink, code) -> AllyNote:
    return get_object_or_404(AllyNote.objects, code=code, owner_id=link.owner_id, author_id=link.ally_id)


def get_invitation_for_owner(request: HttpRequest, code) -> Invitation:
    return get_object_or_404(Invitation.objects, code=code, owner=request.user)


# --- Small helpers. ---------------------------------------------------------


def space_url(link: AllyLink, week: datetime.date | None = None) -> str:
    url = reverse("allies:space", args=[link.code])
    return f"{url}?{urlencode({'week': week.isoformat()})}" if week else url


def page(queryset, number, per_page: int = NOTES_PER_PAGE):
    return Paginator(queryset, per_page).get_page(number)
