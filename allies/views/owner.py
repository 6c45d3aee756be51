"""The owner's side: invite, manage allies and their notes, say what you'd like."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from journal.weeks import weekday_name

from .. import services
from ..forms import AskForm, InviteForm, NextForm, ScopeForm
from ..models import AllyLink, AllyNote, Invitation
from .common import get_invitation_for_owner, get_link_for_owner, get_note_for_owner, page


def describe_last_look(moment: datetime.datetime | None, viewer) -> str:
    """When an ally last looked, as in "looked on Tuesday at 14:05", in the viewer's own time zone."""
    if moment is None:
        return "hasn't looked yet"
    local = moment.astimezone(viewer.tzinfo)
    days_ago = (viewer.local_today() - local.date()).days
    if days_ago < 7:
        day = weekday_name(local.date())
    elif local.year == viewer.local_today().year:
        day = f"{local.day} {local:%B}"
    else:
        day = f"{local.day} {local:%B %Y}"
    return f"looked on {day} at {local:%H:%M}"


def _render_index(
    request: HttpRequest,
    *,
    invite_form: InviteForm | None = None,
    ask_form: AskForm | None = None,
    bound_scope_form: ScopeForm | None = None,
    new_invite: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    links = list(AllyLink.objects.filter(owner=user).select_related("ally").order_by("created_at"))
    allies = []
    for link in links:
        form = bound_scope_form if bound_scope_form and bound_scope_form.instance.pk == link.pk else None
        allies.append(
            {
                "link": link,
                "scope_form": form or ScopeForm(instance=link),
                "last_look": describe_last_look(link.last_viewed_at, user),
            }
        )
    notes = AllyNote.objects.filter(owner=user).select_related("author").order_by("-created_at")
    notes_page = page(notes, request.GET.get("notes"))
    ctx = {
        "invite_form": invite_form or InviteForm(owner=user),
        "ask_form": ask_form or AskForm(instance=user),
        "new_invite": new_invite,
        "allies": allies,
        "pending": Invitation.objects.pending().filter(owner=user).order_by("-created_at"),
        "notes_page": notes_page,
        "supporting": AllyLink.objects.filter(ally=user).select_related("owner").order_by("created_at"),
    }
    return render(request, "allies/index.html", ctx, status=status)


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Invite, manage allies, read their notes; and reach the people you support."""
    if request.method != "POST":
        return _render_index(request)
    form = InviteForm(request.POST, owner=request.user)
    if not form.is_valid():
        return _render_index(request, invite_form=form)
    invitation, token = services.invitation_create(
        owner=request.user,
        email=form.cleaned_data["email"],
        message=form.cleaned_data["message"],
        scope=form.cleaned_data["scope"],
        delivery=form.cleaned_data["delivery"],
        base_url=request.build_absolute_uri("/"),
    )
    # Rendered, not redirected: the raw link exists only in this response.
    new_invite = {
        "email": invitation.email,
        "url": request.build_absolute_uri(reverse("allies:invite", args=[token])),
        "expires_at": invitation.expires_at,
    }
    return _render_index(request, new_invite=new_invite)


@login_required
@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _render_index(request, ask_form=form)
    form.save()
    messages.success(request, "Saved. Your allies will see your new ask.")
    return redirect("allies:index")


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, code) -> HttpResponse:
    invitation = get_invitation_for_owner(request, code)
    services.invitation_cancel(invitation=invitation)
    if invitation.email:
        messages.success(request, f"Cancelled. The link you sent to {invitation.email} no longer works.")
    else:
        messages.success(request, "Cancelled. That link no longer works.")
    return redirect("allies:index")


@login_required
@require_POST
def scope(request: HttpRequest, code) -> HttpResponse:
    link = get_link_for_owner(request, code)
    form = ScopeForm(request.POST, instance=link)
    if not form.is_valid():
        return _render_index(request, bound_scope_form=form)
    form.save()
    plan = " and your safety plan" if link.sees_safety_plan else ""
    messages.success(request, f"Saved. {link.ally.name} now sees: {link.get_scope_display().lower()}{plan}.")
    return redirect("allies:index")


@login_required
def remove(request: HttpRequest, code) -> HttpResponse:
    link = get_link_for_owner(request, code)
    if request.method == "POST":
        services.ally_remove(link=link)
        messages.success(
            request, f"{link.ally.name} is no longer your ally and can't see your space. Their notes stay with you."
        )
        return redirect("allies:index")
    ctx = {"link": link, "ally": link.ally}
    return render(request, "allies/remove.html", ctx)


def _back(request: HttpRequest, fallback: str) -> str:
    form = NextForm(request.POST, request=request)
    return (form.is_valid() and form.cleaned_data["next"]) or fallback


def _set_note_hidden(request: HttpRequest, code, *, hidden: bool, message: str) -> HttpResponse:
    note = get_note_for_owner(request, code)
    AllyNote.objects.filter(pk=note.pk).update(hidden=hidden)
    messages.success(request, message)
    return redirect(_back(request, reverse("allies:index")))


@login_required
@require_POST
def note_hide(request: HttpRequest, code) -> HttpResponse:
    return _set_note_hidden(
        request,
        code,
        hidden=True,
        message="Hidden. The note stays here on your Allies page, and you can show it again.",
    )


@login_required
@require_POST
def note_show(request: HttpRequest, code) -> HttpResponse:
    return _set_note_hidden(request, code, hidden=False, message="The note is showing on its week again.")


@login_required
@require_POST
def note_delete(request: HttpRequest, code) -> HttpResponse:
    note = get_note_for_owner(request, code)
    note.delete()
    messages.success(request, f"Deleted the note from {note.author_name}.")
    return redirect(_back(request, reverse("allies:index")))
