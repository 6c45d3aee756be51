"""Today (log a win in two taps), All wins, and one win's edit, delete and undo.

Each view answers a plain request with a whole page (forms post and redirect,
so everything works without JavaScript) and an HTMX request with just the
region that changed: a partial of the same page template.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, trigger_client_event

from allies.models import AllyLink, Scope

from . import photos
from .forms import (
    GRATITUDE_PROMPT,
    GRATITUDE_START,
    EditWinForm,
    LogWinForm,
    QuickWinForm,
    WinFilterForm,
    presets_with_fresh_keys,
)
from .goals import get_goal_for_owner
from .models import Category, Goal, Win
from .reminders import affirmation_for
from .words import ACKNOWLEDGEMENTS

WINS_PER_PAGE = 50
UNDO_SESSION_KEY = "journal.undo_win"


def _get_win_for_owner(request: HttpRequest, code, *, include_deleted: bool = False) -> Win:
    """The person's own win, or 404: someone else's win looks exactly like one that doesn't exist."""
    wins = Win.all_objects if include_deleted else Win.objects
    return get_object_or_404(wins, code=code, owner=request.user)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where a no-JavaScript form goes back to: the page it came from, if that page is ours."""
    candidate = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False)
    return candidate if candidate.startswith("/") and safe else default


def _acknowledge(request: HttpRequest, win: Win, wins_that_day: int | None = None) -> str:
    """The kind line for a win just logged, in turn.

    `wins_that_day` counts the live wins on the win's day, this one included (one
    count query if not given). The turn comes from it rather than from a counter in
    the session, whose write cost every log an UPDATE and a commit (bench/RESULTS.md).
    Two wins in a row on one day are one apart in the count, so the second gets the
    next line; a win on another day says which day, so it reads unlike the one before
    anyway. Shifting by the days back keeps a catch-up over several days from opening
    every line alike.
    """
    if wins_that_day is None:
        wins_that_day = Win.objects.owned_by(request.user).filter(occurred_on=win.occurred_on).count()
    today = request.user.local_today()
    turn = wins_that_day - 1 + (today - win.occurred_on).days
    line = ACKNOWLEDGEMENTS[turn % len(ACKNOWLEDGEMENTS)]
    if win.occurred_on != today:
        line += f" Added to {date_format(win.occurred_on, 'l j F')}."
    return line


def _pop_undo(request: HttpRequest) -> Win | None:
    """A win just deleted without JavaScript, so the page can offer "Deleted. Undo"."""
    code = request.session.pop(UNDO_SESSION_KEY, None)
    if code is None:
        return None
    return Win.all_objects.owned_by(request.user).filter(code=code, deleted_at__isnull=False).first()


def _item_ctx(request: HttpRequest, win: Win, next_url: str, *, focus: bool = False) -> dict:
    """What journal/_win.html needs to draw one of the owner's wins with its actions."""
    return {
        "win": win,
        "editable": True,
        "next": next_url,
        # All wins shows every day; Today shows it only for a win just moved to another day.
        "show_date": next_url.startswith(reverse("wins")) or win.occurred_on != request.user.local_today(),
        "autofocus": focus,
    }


def _today_ctx(request: HttpRequest, form: LogWinForm, **extra) -> dict:
    user = request.user
    today = user.local_today()
    mine = Win.objects.owned_by(user)
    # Every goal in one query, each marked with today's win if it is done; Today
    # shows the ones not resting and planned for today's weekday.
    goals = list(Goal.objects.owned_by(user).with_today(today))
    ctx = {
        "form": form,
        "presets": presets_with_fresh_keys(),
        "wins": list(mine.filter(occurred_on=today).order_by("-created_at", "-id")),
        "days_this_month": mine.days_shown_up(today.replace(day=1), today),
        "today": today,
        "next": reverse("home"),
        "undo_win": None,
        "ack": "",
        "used_preset": "",
        "todays_goals": [goal for goal in goals if not goal.is_paused and goal.is_scheduled_on(today)],
        "has_goals": bool(goals),
        "focus_goal": None,
        "affirmation": affirmation_for(today),
        "gratitude": {"prompt": GRATITUDE_PROMPT, "start": GRATITUDE_START, "category": Category.GRATITUDE},
    }
    ctx.update(extra)
    return ctx


def _logged_ctx(request: HttpRequest, win: Win, preset: str, *, created: bool) -> dict:
    """What journal/today.html#logged draws after a win, and only that.

    The form that was used comes back fresh, with the month's count and the kind
    line. A new win for today joins the top of Today's list on its own, so the
    answer costs the same with two wins today or two hundred; a win for another day
    leaves Today's list as it is. Only a re-sent form (the same key again) redraws
    the whole list, because the page may or may not show that win already. No
    goals, and Quick wins' keys only when Quick wins is what comes back: every log
    pays for whatever is built here (bench/RESULTS.md).
    """
    user = request.user
    today = user.local_today()
    mine = Win.objects.owned_by(user)
    # The month's count and the win's day's count (the kind line's turn) in one query.
    month, its_day = Q(occurred_on__range=(today.replace(day=1), today)), Q(occurred_on=win.occurred_on)
    counts = mine.filter(month | its_day).aggregate(
        days=Count("occurred_on", distinct=True, filter=month), that_day=Count("pk", filter=its_day)
    )
    for_today = win.occurred_on == today
    redraw = for_today and not created
    return {
        "form": None if preset else LogWinForm(owner=user),
        "presets": presets_with_fresh_keys() if preset else (),
        "used_preset": preset,
        "new_win": win if for_today and created else None,
        "redraw_list": redraw,
        "wins": list(mine.filter(occurred_on=today).order_by("-created_at", "-id")) if redraw else (),
        "undo_win": None,
        "next": reverse("home"),
        "days_this_month": counts["days"],
        "ack": _acknowledge(request, win, counts["that_day"]),
    }


def _logged(request: HttpRequest, win: Win, *, created: bool, preset: str = "") -> HttpResponse:
    if not request.htmx:
        messages.success(request, _acknowledge(request, win))
        return redirect("home")
    response = render(request, "journal/today.html#logged", _logged_ctx(request, win, preset, created=created))
    if not preset:
        # static/js/app.js focuses the fresh, empty "Today I…" for the next win.
        trigger_client_event(response, "win-logged", after="settle")
    return response


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "landing.html")
    if request.method == "POST":
        return _log_win(request)
    form = LogWinForm(owner=request.user, prompt=request.GET.get("prompt", ""))
    ctx = _today_ctx(request, form, undo_win=_pop_undo(request))
    return render(request, "journal/today.html", ctx)


def _log_win(request: HttpRequest) -> HttpResponse:
    form = LogWinForm(request.POST, request.FILES, owner=request.user)
    if form.is_valid():
        return _logged(request, form.save(), created=form.created)
    if request.htmx:
        form.focus_first_error()
        return render(request, "journal/today.html#log-form", {"form": form}, status=422)
    return render(request, "journal/today.html", _today_ctx(request, form))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def quick_win(request: HttpRequest) -> HttpResponse:
    form = QuickWinForm(request.POST, owner=request.user)
    if form.is_valid():
        win = form.save()
        return _logged(request, win, created=form.created, preset=form.cleaned_data["preset"])
    # Only an old or altered page gets here; a fresh Today page has the current buttons.
    messages.info(request, "That quick win has changed. Here is the page again: try once more.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("home"))
    return redirect("home")


@login_required
@require_safe
@vary_on_headers("HX-Request")
def wins(request: HttpRequest) -> HttpResponse:
    filters = WinFilterForm(request.GET)
    found = filters.apply(Win.objects.owned_by(request.user)).order_by("-occurred_on", "-created_at", "-id")
    page = Paginator(found, WINS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "filters": filters,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "next": request.get_full_path(),
        "undo_win": None if request.htmx else _pop_undo(request),
    }
    template = "journal/wins.html#results-response" if request.htmx else "journal/wins.html"
    return render(request, template, ctx)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def win_detail(request: HttpRequest, code) -> HttpResponse:
    win = _get_win_for_owner(request, code)
    ctx = _item_ctx(request, win, _next_url(request, reverse("wins")), focus=bool(request.htmx))
    if request.htmx:
        return render(request, "journal/_win.html", ctx)
    return render(request, "journal/win.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def win_edit(request: HttpRequest, code) -> HttpResponse:
    win = _get_win_for_owner(request, code)
    next_url = _next_url(request, reverse("wins"))
    posted = request.method == "POST"
    form = EditWinForm(
        request.POST if posted else None, request.FILES if posted else None, instance=win, owner=request.user
    )
    if form.is_bound and form.is_valid():
        win = form.save()
        if request.htmx:
            return render(request, "journal/_win.html", _item_ctx(request, win, next_url, focus=True))
        messages.success(request, "Saved. Your win is up to date.")
        return redirect(next_url)
    ctx = {"win": win, "form": form, "next": next_url, "inline": bool(request.htmx)}
    if not request.htmx:
        return render(request, "journal/win_edit.html", ctx)
    if not form.is_bound:
        form.fields["text"].widget.attrs["autofocus"] = True
        return render(request, "journal/win_edit.html#edit-form", ctx)
    form.focus_first_error()
    response = render(request, "journal/win_edit.html#edit-form", ctx, status=422)
    # The form lives inside the win's <li>: put the corrected form back in there.
    return reswap(response, "innerHTML")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def win_delete(request: HttpRequest, code) -> HttpResponse:
    win = _get_win_for_owner(request, code)
    win.soft_delete()
    next_url = _next_url(request, reverse("home"))
    if request.htmx:
        return render(request, "journal/_win.html", _item_ctx(request, win, next_url, focus=True))
    request.session[UNDO_SESSION_KEY] = str(win.code)
    return redirect(next_url)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def win_undo(request: HttpRequest, code) -> HttpResponse:
    win = _get_win_for_owner(request, code, include_deleted=True)
    win.restore()
    next_url = _next_url(request, reverse("home"))
    if request.htmx:
        return render(request, "journal/_win.html", _item_ctx(request, win, next_url, focus=True))
    messages.success(request, "Restored. Your win is back.")
    return redirect(next_url)


# ---- Gentle goals on Today: Done and Undo ------------------------------------------


def _goal_changed(request: HttpRequest, goal: Goal, ack: str) -> HttpResponse:
    if not request.htmx:
        messages.success(request, ack)
        return redirect(_next_url(request, reverse("home")))
    ctx = _today_ctx(request, LogWinForm(owner=request.user), ack=ack, focus_goal=goal.code)
    return render(request, "journal/today.html#goal-changed", ctx)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def goal_done(request: HttpRequest, code) -> HttpResponse:
    """One tap logs the goal's win for today, once: a second tap finds the first."""
    goal = get_goal_for_owner(request, code)
    win, created = goal.complete(request.user.local_today())
    ack = _acknowledge(request, win) if created else "Already done for today. That still counts."
    return _goal_changed(request, goal, ack)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def goal_undo(request: HttpRequest, code) -> HttpResponse:
    goal = get_goal_for_owner(request, code)
    goal.undo(request.user.local_today())
    return _goal_changed(request, goal, "Undone. The goal is open again for today, whenever you're ready.")


# ---- Photos: never a public URL -----------------------------------------------------


def _get_win_for_photo(request: HttpRequest, code) -> Win:
    """A win with a photo this person may see, or 404.

    Their own win; or, for an ally whose link shows shared wins, a win the
    owner shared. Notes-only allies, strangers and anyone else get the same
    404 as a win that doesn't exist. One query.
    """
    sees_wins = AllyLink.objects.filter(owner=OuterRef("owner"), ally=request.user, scope=Scope.SHARED_WINS)
    visible = Q(owner=request.user) | (Q(shared_with_allies=True) & Exists(sees_wins))
    return get_object_or_404(Win.objects.exclude(photo="").exclude(photo_thumb="").filter(visible), code=code)


PHOTO_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


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
