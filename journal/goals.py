"""Gentle goals (/goals/): set a few tiny goals, change them, let them rest.

Doing a goal happens on Today (journal/views.py: goal_done, goal_undo). This
page counts only the days a goal was done this month: never a streak, never
a day "missed". Every view answers a plain form with POST-redirect-GET and an
HTMX request with the part of journal/goals.html that changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from .forms import GoalForm
from .models import Goal

RESTING_MESSAGE = "Resting this goal is fine. It stays off Today until you resume it."


def get_goal_for_owner(request: HttpRequest, code) -> Goal:
    """The person's own goal, or 404: someone else's goal looks exactly like one that doesn't exist."""
    return get_object_or_404(Goal.objects, code=code, owner=request.user)


def _with_counts(request: HttpRequest):
    """The person's goals, each with `days_done` this month (their local month so far)."""
    today = request.user.local_today()
    return Goal.objects.owned_by(request.user).with_days_done(today.replace(day=1), today)


def _goals_ctx(request: HttpRequest, form: GoalForm, **extra) -> dict:
    ctx = {
        "form": form,
        "goals": list(_with_counts(request)),
        "max_goals": Goal.MAX_PER_PERSON,
        "status": "",
        "focus_goal": None,
    }
    ctx.update(extra)
    return ctx


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def goals(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        status = f"Added “{goal.text}”. It shows on Today {goal.days_phrase}."
        if request.htmx:
            fresh = GoalForm(owner=request.user)
            fresh.fields["text"].widget.attrs["autofocus"] = True  # ready for the next one
            ctx = _goals_ctx(request, fresh, status=status)
            return render(request, "journal/goals.html#goals-response", ctx)
        messages.success(request, status)
        return redirect("goals")
    ctx = _goals_ctx(request, form)
    if request.htmx and form.is_bound:
        form.focus_first_error()
        return render(request, "journal/goals.html#goals-response", ctx, status=422)
    return render(request, "journal/goals.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request: HttpRequest, code) -> HttpResponse:
    goal = get_goal_for_owner(request, code)
    form = GoalForm(request.POST if request.method == "POST" else None, instance=goal, owner=request.user)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Saved. Your goal is up to date.")
        return redirect("goals")
    return render(request, "journal/goal_edit.html", {"goal": goal, "form": form})


@login_required
@require_POST
def goal_delete(request: HttpRequest, code) -> HttpResponse:
    goal = get_goal_for_owner(request, code)
    goal.delete()
    messages.success(request, f"Deleted the goal “{goal.text}”. The wins you logged with it stay in your journal.")
    return redirect("goals")


def _goal_item(request: HttpRequest, goal: Goal, status: str) -> HttpResponse:
    if not request.htmx:
        messages.success(request, status)
        return redirect("goals")
    ctx = {"goal": _with_counts(request).get(pk=goal.pk), "status": status, "focus_goal": goal.code}
    return render(request, "journal/goals.html#goal-changed", ctx)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def goal_pause(request: HttpRequest, code) -> HttpResponse:
    goal = get_goal_for_owner(request, code)
    goal.pause()
    return _goal_item(request, goal, RESTING_MESSAGE)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def goal_resume(request: HttpRequest, code) -> HttpResponse:
    goal = get_goal_for_owner(request, code)
    goal.resume()
    return _goal_item(request, goal, f"Welcome back to “{goal.text}”. It's on Today again on its days.")
