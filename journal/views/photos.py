"""A win's photo and its thumbnail (/photos/<code>/): never a public URL, only ever through an access check."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from allies import api as allies_api

from .. import photos
from ..models import Win

PHOTO_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _get_win_for_photo(request: HttpRequest, code) -> Win:
    """A win with a photo this person may see, or 404.

    Their own win; or, for an ally whose link shows shared wins, a win the
    owner shared. Notes-only allies, strangers and anyone else get the same
    404 as a win that doesn't exist. One query.
    """
    visible = Q(owner=request.user) | (Q(shared_with_allies=True) & allies_api.sees_shared_wins(request.user))
    return get_object_or_404(Win.objects.exclude(photo="").exclude(photo_thumb="").filter(visible), code=code)


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
