"""The ally's side: the space they see, their own notes, and leaving."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from journal import care
from journal.models import SafetyPlan, Win
from journal.weeks import week_start

from .. import services
from ..forms import NoteForm, WeekForm
from ..models import AllyNote
from .common import get_link_for_ally, get_note_for_author, kind_when_closed, page, space_url

# An ally's own notes on the space page: the newest few, older ones a page at a time,
# so an ally of five years' standing does not wait for every note they ever wrote.
MY_NOTES_PER_PAGE = 10


def _week_for(request: HttpRequest, owner) -> datetime.date:
    """The week asked for by ?week=YYYY-MM-DD; this week (in the owner's time zone) otherwise."""
    form = WeekForm(request.GET)
    today = owner.local_today()
    day = form.cleaned_data["week"] if form.is_valid() and form.cleaned_data["week"] else today
    return week_start(min(day, today), owner.week_starts_on)


def _earliest_week(owner) -> datetime.date:
    joined = owner.date_joined.astimezone(owner.tzinfo).date()
    first_shared = (
        Win.objects.owned_by(owner).shared().order_by("occurred_on").values_list("occurred_on", flat=True).first()
    )
    start = min(joined, first_shared) if first_shared else joined
    return week_start(start, owner.week_starts_on)


@never_cache
@login_required
@kind_when_closed
def space(request: HttpRequest, code) -> HttpResponse:
    """What one ally sees of one owner: the ask, shared wins week by week, and their own notes."""
    link = get_link_for_ally(request, code)
    owner = link.owner
    week = _week_for(request, owner)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.note_create(
            link=link,
            week_start=week,
            text=form.cleaned_data["text"],
            owner_url=request.build_absolute_uri(reverse("week_of", args=[week.isoformat()])),
        )
        messages.success(request, f"Thank you. Your note is with {owner.name}.")
        # The note may be about the ally themselves: the card is theirs, and the owner never hears of it.
        care.carry(request, care.card_for("", form.cleaned_data["text"]))
        return redirect(space_url(link, week))
    if request.method == "GET":
        link.record_visit()
    this_week = week_start(owner.local_today(), owner.week_starts_on)
    earliest = _earliest_week(owner)
    ctx = {
        "link": link,
        "owner": owner,
        "week": week,
        "week_end": week + datetime.timedelta(days=6),
        "is_this_week": week == this_week,
        "previous_url": space_url(link, week - datetime.timedelta(days=7)) if week > earliest else None,
        "next_url": space_url(link, week + datetime.timedelta(days=7)) if week < this_week else None,
        "wins": link.shared_wins_for_week(week),
        "safety_plan": SafetyPlan.objects.filter(owner=owner).first() if link.sees_safety_plan else None,
        "form": form,
        "form_action": space_url(link, week),
        "my_notes": page(
            AllyNote.objects.filter(owner=owner, author=request.user).order_by("-created_at"),
            request.GET.get("notes"),
            per_page=MY_NOTES_PER_PAGE,
        ),
    }
    return render(request, "allies/space.html", ctx, status=422 if request.htmx and form.errors else 200)


@never_cache
@login_required
@kind_when_closed
def note_edit(request: HttpRequest, code, note_code) -> HttpResponse:
    link = get_link_for_ally(request, code)
    note = get_note_for_author(link, note_code)
    before = note.text
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved your note.")
        care.carry(request, care.card_for(before, note.text))
        return redirect(space_url(link, note.week_start))
    ctx = {"link": link, "owner": link.owner, "note": note, "form": form}
    return render(request, "allies/note_edit.html", ctx)


@login_required
@require_POST
@kind_when_closed
def note_remove(request: HttpRequest, code, note_code) -> HttpResponse:
    link = get_link_for_ally(request, code)
    note = get_note_for_author(link, note_code)
    note.delete()
    messages.success(request, "Deleted your note.")
    if request.htmx:
        return HttpResponseClientRedirect(space_url(link, note.week_start))
    return redirect(space_url(link, note.week_start))


@login_required
@kind_when_closed
def leave(request: HttpRequest, code) -> HttpResponse:
    link = get_link_for_ally(request, code)
    if request.method == "POST":
        services.ally_remove(link=link)
        messages.success(request, f"You're no longer {link.owner.name}'s ally. The notes you left stay with them.")
        return redirect("allies:index")
    ctx = {"link": link, "owner": link.owner}
    return render(request, "allies/leave.html", ctx)
