"""Ceiling probes for the benchmark (bench/run.py).

They run on the same stack as the real pages (the same middleware, session,
user and base template) but do as little as a page possibly can, so every
page's speed is reported as a share of what this machine can do at all.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from journal.models import Win


def text(request: HttpRequest) -> HttpResponse:
    """The cheapest response Django can give: a short string."""
    return HttpResponse("ok\n", content_type="text/plain")


def rows(request: HttpRequest) -> HttpResponse:
    """Twenty wins from PostgreSQL through the base template: a page with no work of its own."""
    # Your own latest wins when logged in (as the benchmark is), through the
    # same index the journal pages use; otherwise the newest in the table.
    user = request.user
    wins = Win.objects.owned_by(user) if user.is_authenticated else Win.objects.order_by("-pk")
    ctx = {"wins": wins[:20]}
    return render(request, "bench/probe_rows.html", ctx)
