"""Answering a form two ways: the changed part of the page to HTMX, or a kind message and a redirect."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..forms import page_on_this_site


def partial_or_redirect(
    request: HttpRequest, template: str, context: dict | Callable[[], dict], *, message: str, to: str
) -> HttpResponse:
    """HTMX gets `template` (a partial) drawn with `context`; a plain form gets `message` and goes to `to`.

    `context` may be a function, so that a plain form does not pay for drawing a partial it never shows.
    """
    if request.htmx:
        return render(request, template, context() if callable(context) else context)
    if message:
        messages.success(request, message)
    return redirect(to)


def next_url(request: HttpRequest, default: str) -> str:
    """Where a no-JavaScript form goes back to: the page it came from (?next=), if that page is ours."""
    return page_on_this_site(request, request.GET.get("next", "")) or default
