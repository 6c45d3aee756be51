"""What the allies pages share: access checks that answer 404, and small helpers."""

import datetime
import functools

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

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


class SpaceClosed(Http404):
    """No shared space at this address for this person: the owner removed them, they left, or it was never theirs."""


def kind_when_closed(view):
    """A space that is closed to the person answers 404, with a page that says so kindly and nothing more.

    The page is the same whether the person was removed, left, or never had the
    link: it tells nobody whose space it was, or that there was one.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, code, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, code, *args, **kwargs)
        except SpaceClosed:
            if request.htmx:
                # A button on a page opened before the space closed: show the whole page that says so.
                return HttpResponseClientRedirect(reverse("allies:space", args=[code]))
            return render(request, "allies/space_closed.html", status=404)

    return wrapped


def get_link_for_owner(request: HttpRequest, code) -> AllyLink:
    return get_object_or_404(AllyLink.objects.select_related("ally"), code=code, owner=request.user)


def get_link_for_ally(request: HttpRequest, code) -> AllyLink:
    # Removing an ally deletes this row, so their very next request lands here and gets the kind 404.
    link = AllyLink.objects.select_related("owner", "ally").filter(code=code, ally=request.user).first()
    if link is None:
        raise SpaceClosed("No such space for this person")
    return link


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
