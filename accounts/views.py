from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from . import exports
from .addresses import current_address
from .forms import AccountSettingsForm, DeleteAccountForm, EndSessionForm, ImportForm
from .services import ImportResult, account_delete, journal_import
from .sessions import active_sessions, end_other_sessions, end_sessions


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. Your settings are up to date.")
        return redirect("account_settings")
    ctx = {
        "form": form,
        "sessions": active_sessions(request.user, request.session.session_key),
    }
    return render(request, "accounts/settings.html", ctx, status=422 if form.errors and request.htmx else 200)


@login_required
def email_change(request: HttpRequest) -> HttpResponse:
    """/accounts/email/: allauth's change of address, all or nothing, and with no "make primary".

    An account has one address. It changes only when the link sent to the new
    one is followed, so making another address primary is never an option here.
    """
    if request.method == "POST" and "action_primary" in request.POST:
        messages.info(request, "Your address changes once you follow the link we email to the new one.")
        return redirect("account_email")
    try:
        with transaction.atomic():
            current_address(user=request.user)
            return allauth_views.email(request)
    except IntegrityError:
        # Another account took the same address at the same moment; the database kept it for one of them.
        messages.error(request, "That address belongs to another account, so it can't be added here.")
        return redirect("account_email")


def email_confirm(request: HttpRequest, key: str) -> HttpResponse:
    """Following a confirmation link: the address, the primary mark and User.email change together or not at all."""
    try:
        with transaction.atomic():
            return allauth_views.confirm_email(request, key=key)
    except IntegrityError:
        messages.error(request, "That address belongs to another account now, so it stays as it was.")
        return redirect("account_email" if request.user.is_authenticated else "account_login")


@login_required
@require_POST
def session_end(request: HttpRequest) -> HttpResponse:
    form = EndSessionForm(request.POST, user=request.user, current_key=request.session.session_key)
    if not form.is_valid():
        # Someone else's session, or one that has already ended: nothing to show either way.
        raise Http404("No such session")
    end_sessions([form.cleaned_data["session"]])
    messages.success(request, "Done. That device is logged out.")
    return redirect("account_settings")


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = end_other_sessions(request.user, request.session.session_key)
    if ended:
        messages.success(request, f"Done. {_plural(ended, 'other session is', 'other sessions are')} logged out.")
    else:
        messages.info(request, "You're only logged in here, so there was nothing else to end.")
    return redirect("account_settings")


def _import_summary(result: ImportResult) -> str:
    added = []
    if result.wins_added:
        added.append(_plural(result.wins_added, "win", "wins"))
    if result.reflections_added:
        added.append(_plural(result.reflections_added, "reflection", "reflections"))
    if result.goals_added:
        added.append(_plural(result.goals_added, "goal", "goals"))
    listed = ", ".join(added[:-1]) + " and " + added[-1] if len(added) > 1 else "".join(added)
    parts = [f"Imported {listed}." if added else "Nothing new to add."]
    if result.photos_added:
        whose = "its win" if result.photos_added == 1 else "their wins"
        parts.append(f"{_plural(result.photos_added, 'photo', 'photos')} came back with {whose}.")
    if result.reflections_filled_in:
        filled = _plural(result.reflections_filled_in, "reflection", "reflections")
        parts.append(f"Filled in blank answers in {filled} you already had.")
    if result.goals_over_the_limit:
        parts.append(
            f"{_plural(result.goals_over_the_limit, 'goal was', 'goals were')} left out: "
            "a journal holds up to 20 goals."
        )
    already = result.wins_already_there + result.reflections_already_there + result.goals_already_there
    if already:
        parts.append(
            f"{_plural(already, 'entry was', 'entries were')} already in your journal, so we left them as they were."
        )
    if result.settings_restored:
        parts.append("Your settings from the file are back too.")
    return " ".join(parts)


@login_required
@sensitive_post_parameters()
def account_data(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        parsed = form.cleaned_data["parsed"]
        result = journal_import(
            user=request.user, parsed=parsed, restore_settings=form.cleaned_data["restore_settings"]
        )
        messages.success(request, " ".join([_import_summary(result), *parsed.notices]))
        return redirect("account_data")
    ctx = {"form": form}
    return render(request, "accounts/data.html", ctx, status=422 if form.errors and request.htmx else 200)


def _download(request: HttpRequest, chunks, *, content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    filename = exports.export_filename(request.user, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    chunks = exports.export_json(request.user)
    return _download(request, chunks, content_type="application/json; charset=utf-8", extension="json")


@login_required
@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    chunks = exports.export_csv(request.user)
    return _download(request, chunks, content_type="text/csv; charset=utf-8", extension="csv")


@login_required
@sensitive_post_parameters()
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        return redirect("account_goodbye")
    ctx = {"form": form}
    return render(request, "accounts/delete.html", ctx, status=422 if form.errors and request.htmx else 200)


@require_safe
def account_goodbye(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/goodbye.html")
