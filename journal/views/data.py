"""/account/data/: download the journal as JSON or CSV, or bring a file in (journal/portability/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

from ..models import Goal
from ..portability import export
from ..portability.forms import ImportForm
from ..portability.store import ImportResult, journal_import
from ..words import plural


def _import_summary(result: ImportResult) -> str:
    added = []
    if result.wins_added:
        added.append(plural(result.wins_added, "win", "wins"))
    if result.reflections_added:
        added.append(plural(result.reflections_added, "reflection", "reflections"))
    if result.goals_added:
        added.append(plural(result.goals_added, "goal", "goals"))
    listed = ", ".join(added[:-1]) + " and " + added[-1] if len(added) > 1 else "".join(added)
    parts = [f"Imported {listed}." if added else "Nothing new to add."]
    if result.photos_added:
        whose = "its win" if result.photos_added == 1 else "their wins"
        parts.append(f"{plural(result.photos_added, 'photo', 'photos')} came back with {whose}.")
    if result.reflections_filled_in:
        filled = plural(result.reflections_filled_in, "reflection", "reflections")
        parts.append(f"Filled in blank answers in {filled} you already had.")
    if result.goals_over_the_limit:
        parts.append(
            f"{plural(result.goals_over_the_limit, 'goal was', 'goals were')} left out: "
            f"a journal holds up to {Goal.MAX_PER_PERSON} goals."
        )
    already = result.wins_already_there + result.reflections_already_there + result.goals_already_there
    if already:
        parts.append(
            f"{plural(already, 'entry was', 'entries were')} already in your journal, so we left them as they were."
        )
    if result.safety_plan == "added":
        parts.append("Your safety plan came back too.")
    elif result.safety_plan == "filled in":
        parts.append("Filled in the empty steps of your safety plan.")
    if result.settings_restored:
        parts.append("Your settings from the file are back too.")
    return " ".join(parts)


@login_required
@sensitive_post_parameters()
def account_data(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    if posted and form.is_valid():
        parsed = form.cleaned_data["parsed"]
        result = journal_import(
            user=request.user, parsed=parsed, restore_settings=form.cleaned_data["restore_settings"]
        )
        messages.success(request, " ".join([_import_summary(result), *parsed.notices]))
        return redirect("account_data")
    ctx = {"form": form}
    return render(request, "journal/data.html", ctx, status=422 if form.errors and request.htmx else 200)


def _download(request: HttpRequest, chunks, *, content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    filename = export.export_filename(request.user, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    chunks = export.export_json(request.user)
    return _download(request, chunks, content_type="application/json; charset=utf-8", extension="json")


@login_required
@require_safe
def export_safety_plan_csv(request: HttpRequest) -> StreamingHttpResponse:
    chunks = export.export_safety_plan_csv(request.user)
    response = _download(request, chunks, content_type="text/csv; charset=utf-8", extension="csv")
    filename = f"small-wins-safety-plan-{request.user.local_today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    chunks = export.export_csv(request.user)
    return _download(request, chunks, content_type="text/csv; charset=utf-8", extension="csv")
