"""Today (/): log a win in two taps, or with a Quick win, and see today's wins and goals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from .. import care
from ..forms import GRATITUDE_PROMPT, GRATITUDE_START, LogWinForm, QuickWinForm, presets_with_fresh_keys
from ..models import Category, Goal, Win
from ..reminders import affirmation_for
from ..words import ACKNOWLEDGEMENTS, FIRST_WIN_EVER, FIRST_WIN_THIS_MONTH, greeting
from .wins import pop_undo

# The "Grateful for…" chip beside "Today I…": part of the form, so drawn with it every time.
GRATITUDE = {"prompt": GRATITUDE_PROMPT, "start": GRATITUDE_START, "category": Category.GRATITUDE}


def acknowledge(request: HttpRequest, win: Win, wins_that_day: int | None = None) -> str:
    """The kind line for a win just logged, in turn.

    `wins_that_day` counts the live wins on the win's day, this one included (one
    count query if not given). Two wins in a row on one day are one apart in the
    count, so the second gets the next line; a win on another day says which day,
    so it reads unlike the one before anyway. Shifting by the days back keeps a
    catch-up over several days from opening every line alike.
    """
    if wins_that_day is None:
        wins_that_day = Win.objects.owned_by(request.user).filter(occurred_on=win.occurred_on).count()
    today = request.user.local_today()
    turn = wins_that_day - 1 + (today - win.occurred_on).days
    line = ACKNOWLEDGEMENTS[turn % len(ACKNOWLEDGEMENTS)]
    if win.occurred_on != today:
        line += f" Added to {date_format(win.occurred_on, 'l j F')}."
    return line


def today_context(request: HttpRequest, form: LogWinForm, **extra) -> dict:
    """Everything journal/today.html draws."""
    user = request.user
    today = user.local_today()
    mine = Win.objects.owned_by(user)
    # Every goal in one query, each marked with today's win if it is done; Today
    # shows the ones not resting and planned for today's weekday.
    goals = list(Goal.objects.owned_by(user).with_today(today))
    days_this_month = mine.days_shown_up(today.replace(day=1), today)
    ctx = {
        "form": form,
        "presets": presets_with_fresh_keys(),
        "wins": list(mine.filter(occurred_on=today).order_by("-created_at", "-id")),
        "days_this_month": days_this_month,
        "greeting": greeting(user.local_now()),
        # Only asked before the month's first win: has there ever been one?
        "month_start_words": "" if days_this_month else (FIRST_WIN_THIS_MONTH if mine.exists() else FIRST_WIN_EVER),
        "today": today,
        "next": reverse("home"),
        "undo_win": None,
        "ack": "",
        "logged_words": "",
        "just_logged": False,
        "used_preset": "",
        "todays_goals": [goal for goal in goals if not goal.is_paused and goal.is_scheduled_on(today)],
        "has_goals": bool(goals),
        "focus_goal": None,
        "affirmation": affirmation_for(today),
        "gratitude": GRATITUDE,
    }
    ctx.update(extra)
    return ctx


def _logged_context(request: HttpRequest, win: Win, preset: str, *, created: bool, card: str = "") -> dict:
    """What journal/today.html#logged draws after a win, and only that.

    The form that was used comes back fresh, with the month's count and the kind
    line. A new win for today joins the top of Today's list on its own, so the
    answer costs the same with two wins today or two hundred; a win for another day
    leaves Today's list as it is. Only a re-sent form (the same key again) redraws
    the whole list, because the page may or may not show that win already.
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
        "gratitude": GRATITUDE,
        "presets": presets_with_fresh_keys() if preset else (),
        "used_preset": preset,
        # "Logged ✓" shows on the tapped chip, or beside Log win; the live region says it in words.
        "just_logged": not preset,
        "logged_words": f"Logged “{win.text}”." if preset else "Logged.",
        "new_win": win if for_today and created else None,
        "redraw_list": redraw,
        "wins": list(mine.filter(occurred_on=today).order_by("-created_at", "-id")) if redraw else (),
        "undo_win": None,
        "next": reverse("home"),
        "days_this_month": counts["days"],
        # A win just logged for an earlier month leaves this month still to start.
        "month_start_words": FIRST_WIN_THIS_MONTH,
        "ack": acknowledge(request, win, counts["that_day"]),
        "care": card,
    }


def _logged(request: HttpRequest, win: Win, *, created: bool, preset: str = "") -> HttpResponse:
    # A form sent again (the same key) finds the win it made: the same words, so no second card.
    card = care.card_for("" if created else win.text, win.text)
    if not request.htmx:
        messages.success(request, acknowledge(request, win))
        care.carry(request, card)
        return redirect("home")
    context = _logged_context(request, win, preset, created=created, card=card)
    response = render(request, "journal/today.html#logged", context)
    # static/js/today.js shows "Logged ✓" for a moment, brings the new win into view and, after
    # a typed win, puts the cursor in the fresh, empty "Today I…" for the next one.
    shown = f"win-{win.code}" if context["new_win"] or context["redraw_list"] else ""
    trigger_client_event(response, "win-logged", {"win": shown, "quick": bool(preset)}, after="settle")
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
    return render(request, "journal/today.html", today_context(request, form, undo_win=pop_undo(request)))


def _log_win(request: HttpRequest) -> HttpResponse:
    form = LogWinForm(request.POST, request.FILES, owner=request.user)
    if form.is_valid():
        return _logged(request, form.save(), created=form.created)
    if request.htmx:
        form.focus_first_error()
        return render(request, "journal/today.html#log-form", {"form": form, "gratitude": GRATITUDE}, status=422)
    return render(request, "journal/today.html", today_context(request, form))


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
