"""Gentle goals (/goals/): set a few tiny goals, change them, let them rest; and Done or Undo on Today.

The goals page counts only the days a goal was done this month: never a streak,
never a day "missed". Every view answers a plain form with POST-redirect-GET and
an HTMX request with the part of the page that changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ..forms import LogWinForm
from ..forms_goals import GoalForm
from ..models import Goal
from ._htmx import next_url, partial_or_redirect
from .today import acknowledge, today_context

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

        def context() -> dict:
            fresh = GoalForm(owner=request.user)
            fresh.fields["text"].widget.attrs["autofocus"] = True  # ready for the next one
            return _goals_ctx(request, fresh, status=status)

        return partial_or_redirect(
            request, "journal/goals.html#goals-response", context, message=status, to=reverse("goals")
        )
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
    def context() -> dict:
        return {"goal": _with_counts(request).get(pk=goal.pk), "status": status, "focus_goal": goal.code}

    return partial_or_redirect(request, "journal/goals.html#goal-changed", context, message=status, to=reverse("goals"))


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


# ---- Done and Undo, on Today ------------------------------------------------------


def _goal_changed(request: HttpRequest, goal: Goal, ack: str) -> HttpResponse:
    def context() -> dict:
        return today_context(request, LogWinForm(owner=request.user), ack=ack, focus_goal=goal.code)

    back = next_url(request, reverse("home"))
    return partial_or_redirect(request, "journal/today.html#goal-changed", context, message=ack, to=back)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def goal_done(request: HttpRequest, code) -> HttpResponse:
    """One tap logs the goal's win for today, once: a second tap finds the first."""
    goal = get_goal_for_owner(request, code)
    win, created = goal.complete(request.user.local_today())
    ack = acknowledge(request, win) if created else "Already done for today. That still counts."
    return _goal_changed(request, goal, ack)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def goal_undo(request: HttpRequest, code) -> HttpResponse:
    goal = get_goal_for_owner(request, code)
    goal.undo(request.user.local_today())
    return _goal_changed(request, goal, "Undone. The goal is open again for today, whenever you're ready.")
