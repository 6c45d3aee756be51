"""A win's photo: its page in our layout (/wins/<code>/photo/), and the file and its thumbnail (/photos/<code>/).

The files are never at a public URL, only ever behind the same access check as the page.
"""

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_safe

from allies import api as allies_api

from .. import photos, weeks
from ..models import Win
from ..words import BACK, BACK_TO
from ._htmx import next_url
from ._weeks import week_url

PHOTO_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _get_win_for_photo(request: HttpRequest, code, *, with_owner: bool = False) -> Win:
    """A win with a photo this person may see, or 404.

    Their own win; or, for an ally whose link shows shared wins, a win the
    owner shared. Notes-only allies, strangers and anyone else get the same
    404 as a win that doesn't exist. One query.
    """
    visible = Q(owner=request.user) | (Q(shared_with_allies=True) & allies_api.sees_shared_wins(request.user))
    wins = Win.objects.exclude(photo="").exclude(photo_thumb="").filter(visible)
    if with_owner:
        wins = wins.select_related("owner")
    return get_object_or_404(wins, code=code)


def _photo_response(file) -> FileResponse:
    try:
        handle = file.storage.open(file.name, "rb")
    except OSError:
        raise Http404("No such photo") from None
    response = FileResponse(handle, content_type=photos.CONTENT_TYPE, as_attachment=False, filename="photo.jpg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # Opened on its own, the photo is shown by the browser's image viewer, whose
    # page styles itself inline. Nothing else may load or run in that page.
    response["Content-Security-Policy"] = PHOTO_CSP
    return response


@login_required
@require_safe
def win_photo(request: HttpRequest, code) -> FileResponse:
    return _photo_response(_get_win_for_photo(request, code).photo)


@login_required
@require_safe
def win_photo_thumb(request: HttpRequest, code) -> FileResponse:
    return _photo_response(_get_win_for_photo(request, code).photo_thumb)


@login_required
@require_safe
def win_photo_page(request: HttpRequest, code) -> HttpResponse:
    """The photo on a page of its own, with the win's words and a way back to where it was opened."""
    win = _get_win_for_photo(request, code, with_owner=True)
    is_owner = win.owner_id == request.user.pk
    if is_owner:
        home = week_url(weeks.week_start(win.occurred_on, request.user.week_starts_on))
    else:
        home = reverse("allies:index")
    back = next_url(request, home)
    ctx = {
        "win": win,
        "is_owner": is_owner,
        "back": back,
        "back_words": _back_words(back),
        "week": home if is_owner else "",
    }
    return render(request, "journal/photo.html", ctx)


def _back_words(back: str) -> str:
    """ "Back to the week", "Back to all wins"…: the way back named for where it goes."""
    try:
        match = resolve(urlsplit(back).path)
    except Resolver404:
        return BACK
    return BACK_TO.get(match.view_name, BACK)
