import datetime
import functools

from allauth.account import app_settings as allauth_settings
from allauth.account.internal.flows import email_verification, manage_email
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import decorator_from_middleware
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from journal.models import Win
from journal.weeks import week_start, weekday_name

from . import services
from .forms import AskForm, InvitationResponseForm, InviteForm, NextForm, NoteForm, ScopeForm, WeekForm
from .models import AddressCheck, AllyLink, AllyNote, Invitation

NOTES_PER_PAGE = 50
# An ally's own notes on the space page: the newest few, older ones a page at a time,
# so an ally of five years' standing does not wait for every note they ever wrote.
MY_NOTES_PER_PAGE = 10


def no_referrer(view):
    """The invitation page carries its token in the URL: never send it on to anyone."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


class NullOriginCsrfMiddleware(CsrfViewMiddleware):
    """CSRF protection for forms on a no-referrer page.

    Browsers send "Origin: null" and no Referer with a POST from a page whose
    policy is no-referrer, so Django's origin and referer checks can never
    pass there. Such a request is checked on its CSRF token alone; one that
    names a real origin still has to match. (The session cookie is SameSite=Lax
    as well, so another site's POST arrives logged out.)
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
        enforced = not getattr(request, "_dont_enforce_csrf_checks", False)
        if unsafe and enforced and request.META.get("HTTP_ORIGIN") == "null":
            try:
                self._check_token(request)
            except RejectRequest as exc:
                return self._reject(request, exc.reason)
            return self._accept(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)


csrf_protect_null_origin = decorator_from_middleware(NullOriginCsrfMiddleware)


# --- Access helpers: each returns the object or raises 404. -----------------


def _get_link_for_owner(request: HttpRequest, code) -> AllyLink:
    return get_object_or_404(AllyLink.objects.select_related("ally"), code=code, owner=request.user)


def _get_link_for_ally(request: HttpRequest, code) -> AllyLink:
    # Removing an ally deletes this row, so their very next request lands here and gets a 404.
    return get_object_or_404(AllyLink.objects.select_related("owner", "ally"), code=code, ally=request.user)


def _get_note_for_owner(request: HttpRequest, code) -> AllyNote:
    return get_object_or_404(AllyNote.objects.select_related("author"), code=code, owner=request.user)


def _get_note_for_author(link: AllyLink, code) -> AllyNote:
    return get_object_or_404(AllyNote.objects, code=code, owner_id=link.owner_id, author_id=link.ally_id)


def _get_invitation_for_owner(request: HttpRequest, code) -> Invitation:
    return get_object_or_404(Invitation.objects, code=code, owner=request.user)


# --- Small presentation helpers. --------------------------------------------


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


def _space_url(link: AllyLink, week: datetime.date | None = None) -> str:
    url = reverse("allies:space", args=[link.code])
    return f"{url}?{urlencode({'week': week.isoformat()})}" if week else url


# --- The owner's page. -------------------------------------------------------


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
    notes_page = _page(notes, request.GET.get("notes"))
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


def _page(queryset, number, per_page: int = NOTES_PER_PAGE):
    return Paginator(queryset, per_page).get_page(number)


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
    invitation = _get_invitation_for_owner(request, code)
    services.invitation_cancel(invitation=invitation)
    if invitation.email:
        messages.success(request, f"Cancelled. The link you sent to {invitation.email} no longer works.")
    else:
        messages.success(request, "Cancelled. That link no longer works.")
    return redirect("allies:index")


@login_required
@require_POST
def scope(request: HttpRequest, code) -> HttpResponse:
    link = _get_link_for_owner(request, code)
    form = ScopeForm(request.POST, instance=link)
    if not form.is_valid():
        return _render_index(request, bound_scope_form=form)
    form.save()
    messages.success(request, f"Saved. {link.ally.name} now sees: {link.get_scope_display().lower()}.")
    return redirect("allies:index")


@login_required
def remove(request: HttpRequest, code) -> HttpResponse:
    link = _get_link_for_owner(request, code)
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
    note = _get_note_for_owner(request, code)
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
    note = _get_note_for_owner(request, code)
    note.delete()
    messages.success(request, f"Deleted the note from {note.author_name}.")
    return redirect(_back(request, reverse("allies:index")))


# --- The ally's side. --------------------------------------------------------


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
def space(request: HttpRequest, code) -> HttpResponse:
    """What one ally sees of one owner: the ask, shared wins week by week, and their own notes."""
    link = _get_link_for_ally(request, code)
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
        return redirect(_space_url(link, week))
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
        "previous_url": _space_url(link, week - datetime.timedelta(days=7)) if week > earliest else None,
        "next_url": _space_url(link, week + datetime.timedelta(days=7)) if week < this_week else None,
        "wins": link.shared_wins_for_week(week),
        "form": form,
        "form_action": _space_url(link, week),
        "my_notes": _page(
            AllyNote.objects.filter(owner=owner, author=request.user).order_by("-created_at"),
            request.GET.get("notes"),
            per_page=MY_NOTES_PER_PAGE,
        ),
    }
    return render(request, "allies/space.html", ctx, status=422 if request.htmx and form.errors else 200)


@never_cache
@login_required
def note_edit(request: HttpRequest, code, note_code) -> HttpResponse:
    link = _get_link_for_ally(request, code)
    note = _get_note_for_author(link, note_code)
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved your note.")
        return redirect(_space_url(link, note.week_start))
    ctx = {"link": link, "owner": link.owner, "note": note, "form": form}
    return render(request, "allies/note_edit.html", ctx)


@login_required
@require_POST
def note_remove(request: HttpRequest, code, note_code) -> HttpResponse:
    link = _get_link_for_ally(request, code)
    note = _get_note_for_author(link, note_code)
    note.delete()
    messages.success(request, "Deleted your note.")
    if request.htmx:
        return HttpResponseClientRedirect(_space_url(link, note.week_start))
    return redirect(_space_url(link, note.week_start))


@login_required
def leave(request: HttpRequest, code) -> HttpResponse:
    link = _get_link_for_ally(request, code)
    if request.method == "POST":
        services.ally_remove(link=link)
        messages.success(request, f"You're no longer {link.owner.name}'s ally. The notes you left stay with them.")
        return redirect("allies:index")
    ctx = {"link": link, "owner": link.owner}
    return render(request, "allies/leave.html", ctx)


# --- Accepting an invitation. ------------------------------------------------


def _unavailable(request: HttpRequest, problem: services.InvitationUnavailable) -> HttpResponse:
    invitation = problem.invitation
    link = problem.link
    # The same person pressing Accept twice is already an ally: say so.
    accepted_by_them = invitation is not None and invitation.accepted_by_id is not None
    accepted_by_them = accepted_by_them and invitation.accepted_by_id == request.user.pk
    if link is None and accepted_by_them:
        link = AllyLink.objects.filter(owner_id=invitation.owner_id, ally=request.user).first()
    ctx = {"reason": problem.reason, "invitation": invitation, "link": link}
    # 200, not 404: the kind page is the answer, and a 4xx would put the path in the request log.
    return render(request, "allies/invite_unavailable.html", ctx)


def _send_verification(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """Send the verification email for the invited address this account holds, then come back here."""
    user = request.user
    # An account made without allauth's address row (say, by the admin) gets one, as allauth makes at log-in.
    held = EmailAddress.objects.filter(user=user, email__iexact=invitation.email).first()
    address = held or manage_email.sync_email_address(user, user.email)
    # allauth's own flow, as its email page uses it: its rate limit, its email, its "sent" message.
    sent = email_verification.send_verification_email_to_address(request, address)
    if not sent:
        messages.info(
            request,
            "We sent you a verification email a moment ago. Check your inbox and spam folder, "
            "or try again in a few minutes.",
        )
    elif allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
        return redirect("account_email_verification_sent")
    return redirect(request.path)


@csrf_exempt  # instead, csrf_protect_null_origin: the site-wide check refuses this page's null Origin
@csrf_protect_null_origin
@never_cache
@no_referrer
def invite(request: HttpRequest, token: str) -> HttpResponse:
    """/invite/<token>/: who is asking, what it means, and Accept or Decline."""
    try:
        invitation = services.invitation_find(token=token)
    except services.InvitationUnavailable as problem:
        return _unavailable(request, problem)

    user = request.user
    is_own = user.is_authenticated and user.pk == invitation.owner_id
    existing = None
    if user.is_authenticated and not is_own:
        existing = AllyLink.objects.filter(owner_id=invitation.owner_id, ally=user).first()
    address = invitation.address_check(user) if user.is_authenticated and not is_own else None
    form = InvitationResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not is_own:
        decision = form.cleaned_data["decision"]
        if decision == "decline":
            services.invitation_decline(token=token)
            messages.info(request, f"You declined {invitation.owner.name}'s invitation. Nothing was shared.")
            return redirect("home")
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        if decision == "verify" and address == AddressCheck.UNVERIFIED:
            return _send_verification(request, invitation)
        if decision == "accept":
            try:
                link = services.invitation_accept(
                    token=token, user=user, allies_url=request.build_absolute_uri(reverse("allies:index"))
                )
            except services.InvitationUnavailable as problem:
                if problem.reason not in (AddressCheck.UNVERIFIED, AddressCheck.ELSEWHERE):
                    return _unavailable(request, problem)
                # Refused, kindly: the same page, saying whose address it is for and what to do.
                address = problem.reason
            else:
                messages.success(request, f"You're now {link.owner.name}'s ally. Thank you for being there.")
                return redirect(_space_url(link))

    next_query = urlencode({"next": request.path})
    ctx = {
        "invitation": invitation,
        "owner": invitation.owner,
        "is_own": is_own,
        "existing": existing,
        "address": address,
        "next_query": next_query,
        "login_url": f"{reverse('account_login')}?{next_query}",
        "signup_url": f"{reverse('account_signup')}?{next_query}",
        "expires_in_days": max(1, (invitation.expires_at - timezone.now()).days),
    }
    return render(request, "allies/invite.html", ctx)
