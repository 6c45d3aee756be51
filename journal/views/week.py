"""The week (/week/, /week/YYYY-MM-DD/): its wins day by day, in words and pictures, and the weekly reflection.

The week page answers GET with the week and POST with the weekly reflection form,
which posts to the page it sits on (or to /week/YYYY-MM-DD/reflection/). A POST
is accepted logged out too, so that words typed while the session expired are
kept (journal/views/drafts.py).
"""

import datetime
from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from allies import api as allies_api

from .. import care, charts, weeks
from ..forms_timeline import ReflectionForm, writer_token
from ..models import REFLECTION_FIELDS, KeptDraft, Reflection, Win
from ..summaries import categories_before, category_growth, category_label
from ..words import REST_DAY, days_still_to_come
from ._weeks import day_or_404, week_url
from .drafts import keep_draft_and_log_in, kept_draft_offer, restore_kept_draft
from .wins import pop_undo


def _week_context(
    owner,
    week: weeks.Week,
    today: datetime.date,
    reflection_form: ReflectionForm | None = None,
    kept_draft: KeptDraft | None = None,
    undo_win: Win | None = None,
) -> dict:
    """Everything journal/week.html draws: the week's wins, summary, charts, reflection and notes."""
    current = weeks.Week.containing(today, owner.week_starts_on)
    wins = list(
        Win.objects.owned_by(owner)
        .filter(occurred_on__range=(week.start, week.end))
        # Whether "Share with my allies" means anything yet, asked along with the wins that need it.
        .annotate(owner_has_allies=allies_api.has_allies_clause(owner))
        .order_by("occurred_on", "created_at")
    )
    reflection = Reflection.objects.filter(owner=owner, week_start=week.start).first()
    if reflection_form is None:
        reflection_form = ReflectionForm(instance=reflection, user=owner, week_start=week.start)

    by_day = defaultdict(list)
    for win in wins:
        by_day[win.occurred_on].append(win)
    moods = []
    for day in week.days:
        noted = [win.mood for win in by_day[day] if win.mood]
        moods.append((day, sum(noted) / len(noted) if noted else None))
    days_showed_up = sum(1 for day in week.days if by_day[day])
    if undo_win is not None and week.start <= undo_win.occurred_on <= week.end:
        # A win just deleted without JavaScript offers "Deleted. Undo" where it was.
        by_day[undo_win.occurred_on].append(undo_win)
    # A past day without wins is one line; the days still to come fold into one line together.
    days = [
        {"date": day, "wins": by_day[day], "is_today": day == today} for day in week.days if day <= today or by_day[day]
    ]
    to_come = sum(1 for day in week.days if day > today and not by_day[day])
    per_category = Counter(win.category for win in wins)
    return {
        "week": week,
        "today": today,
        "is_current": week == current,
        "is_future": week.start > current.start,
        "previous_url": week_url(week.previous.start) if week.previous.start >= weeks.FIRST_DAY else None,
        "next_url": week_url(week.next.start) if week.start < current.start else None,
        "days": days,
        "can_share_wins": bool(wins) and wins[0].owner_has_allies,
        "days_to_come": days_still_to_come(to_come) if to_come else "",
        "rest_day": REST_DAY,
        # The week's photos as a strip, from the wins already loaded: no extra query.
        "photos": [win for win in wins if win.has_photo],
        "win_count": len(wins),
        "days_showed_up": days_showed_up,
        "hard_days": len({win.occurred_on for win in wins if win.hard_day}),
        "growth": category_growth(per_category, categories_before(owner, week.start)),
        "mood_chart": charts.mood_line(moods, chart_id="mood-chart"),
        "category_chart": charts.category_bars(
            [(category_label(category), count, category) for category, count in per_category.items()],
            chart_id="category-chart",
        ),
        "reflection": reflection,
        "reflection_form": reflection_form,
        "saved_at": reflection.updated_at if reflection else None,
        "reflection_url": week_url(week.start),
        "kept_draft": kept_draft_offer(kept_draft, week) if kept_draft is not None else None,
        "ally_notes": allies_api.notes_for_week(owner, week.start),
    }


def _render_week(request: HttpRequest, week: weeks.Week, reflection_form: ReflectionForm | None = None) -> HttpResponse:
    owner = request.user
    kept_draft = restore_kept_draft(request, week)
    undo_win = None if request.htmx else pop_undo(request)
    context = _week_context(owner, week, owner.local_today(), reflection_form, kept_draft, undo_win)
    return render(request, "journal/week.html", context)


def _words_of(answers: dict) -> str:
    return care.joined(*(answers[name] for name in REFLECTION_FIELDS if isinstance(answers[name], str)))


def _reflection_words(owner, week_start: datetime.date) -> str:
    """The reflection's words as they are before this save (the card shows once per text)."""
    saved = Reflection.objects.filter(owner=owner, week_start=week_start).first()
    return _words_of(saved.answers) if saved is not None else ""


def _save_reflection(request: HttpRequest, asked: datetime.date) -> HttpResponse:
    """A reflection posted from the week page: saved as typed (HTMX) or with the button (PRG)."""
    if not request.user.is_authenticated:
        return keep_draft_and_log_in(request, asked)
    owner = request.user
    week = weeks.Week.containing(asked, owner.week_starts_on)
    form = ReflectionForm(request.POST, user=owner)
    if form.is_valid():
        card = care.card_for(_reflection_words(owner, week.start), _words_of(form.answers()))
        reflection = form.save_for(owner, week.start)
        if request.htmx:
            response = render(request, "journal/week.html#reflection-status", {"saved_at": reflection.updated_at})
            # The page's note of the version the writer started from moves on with each save, so a
            # draft kept if the session ends next is restored over these words, not offered beside them.
            token = writer_token(owner, week.start, reflection)
            response.content += render_to_string("journal/_writer_token.html", {"writer": token}).encode()
            if card:
                slot = render_to_string("journal/_care_slot.html", {"care": card, "oob": True}, request=request)
                response.content += slot.encode()
            return response
        messages.success(request, "Your reflection is saved.")
        care.carry(request, card)
        return redirect(week_url(week.start) + "#reflection")
    if request.htmx:
        ctx = {"status_error": "Not saved yet: " + " ".join(e for errors in form.errors.values() for e in errors)}
        return render(request, "journal/week.html#reflection-status", ctx, status=422)
    return _render_week(request, week, reflection_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def week(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        today = request.user.local_today() if request.user.is_authenticated else timezone.now().date()
        return _save_reflection(request, today)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    owner = request.user
    return _render_week(request, weeks.Week.containing(owner.local_today(), owner.week_starts_on))


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def week_of(request: HttpRequest, day: str) -> HttpResponse:
    asked = day_or_404(day)
    if request.method == "POST":
        return _save_reflection(request, asked)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    week = weeks.Week.containing(asked, request.user.week_starts_on)
    if week.start < weeks.FIRST_DAY:
        raise Http404("No such week")
    if day != week.start.isoformat():
        return redirect(week_url(week.start))
    return _render_week(request, week)


@require_POST
@vary_on_headers("HX-Request")
def week_reflection(request: HttpRequest, day: str) -> HttpResponse:
    """The same reflection save at its own address, /week/YYYY-MM-DD/reflection/."""
    return _save_reflection(request, day_or_404(day))
