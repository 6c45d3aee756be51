"""Ceiling probes for the benchmark (bench/run.py), routed only when BENCH_PROBES=1.

The first two run on the same stack as the real pages (the same middleware,
session, user and base template) but do as little as a page possibly can, so
every page's speed is reported as a share of what this machine can do at all.
The third is the real week page with the page cache emptied first, so the
benchmark also shows the first visit after a change, not only repeat visits.
"""

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from journal import timeline
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
    return render(request, "probe_rows.html", ctx)


def week_afresh(request: HttpRequest) -> HttpResponse:
    """The week page drawn afresh, as on the first visit after a change to the person's wins."""
    caches["pages"].clear()  # this worker's copy only: a dict emptied, nothing more
    return timeline.week(request)
