"""The offline features' pages and answers: the offline page, the worker's list, and waiting wins arriving."""

import hmac

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.http import require_GET, require_POST

from journal.forms import LogWinForm

from . import keys, shell, words
from .forms import SealedWinForm


@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    # The same page for everyone, logged in or not: the service worker keeps it.
    return HttpResponse(shell.offline_page())


@require_GET
def worker_assets(request: HttpRequest) -> JsonResponse:
    return JsonResponse(shell.worker_plan())


@require_GET
def me(request: HttpRequest) -> JsonResponse:
    """Who is logged in on this browser now, so waiting wins go to their owner and nobody else."""
    if not request.user.is_authenticated:
        return JsonResponse({"reason": "logged-out"}, status=401)
    return JsonResponse({"owner": keys.owner_id(request.user), "csrf": get_token(request)})


@require_POST
def receive_waiting_win(request: HttpRequest) -> JsonResponse:
    """A win that waited on a device, sealed for its owner, saved once however often it arrives.

    Answers the sender can act on: 200 saved (again or for the first time), 401 nobody is logged in
    (keep it), 403 it is someone else's (keep it for them), 400 it can never be opened (let it go),
    422 the Today form needs something changed (the words come back, to the owner alone).
    """
    if not request.user.is_authenticated:
        return JsonResponse({"reason": "logged-out"}, status=401)
    sealed = SealedWinForm(request.POST, request.FILES)
    if not sealed.is_valid():
        return JsonResponse({"reason": "unreadable"}, status=400)
    if not hmac.compare_digest(sealed.cleaned_data["owner"], keys.owner_id(request.user)):
        return JsonResponse({"reason": "someone-else"}, status=403)
    try:
        data, files = sealed.opened(request.user)
    except keys.Unreadable:
        return JsonResponse({"reason": "unreadable"}, status=400)
    form = LogWinForm(data, files, owner=request.user)
    if not form.is_valid() and set(form.errors) == {"photo"}:
        # The words matter more than the picture: save them, and say the photo was left out.
        form = LogWinForm(data, owner=request.user)
        if form.is_valid():
            form.save()
            return JsonResponse({"created": form.created, "message": words.PHOTO_LEFT_OUT})
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"reason": "needs-a-look", "message": first, "text": data.get("text", "")}, status=422)
    form.save()
    return JsonResponse({"created": form.created})
