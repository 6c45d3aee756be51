from allauth.account import views as allauth_views
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from allauth.mfa.base.views import IndexView as TwoFactorIndexView
from allauth.usersessions.views import ListUserSessionsView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from . import words
from .addresses import current_address
from .forms import AccountSettingsForm, DeleteAccountForm, EndSessionForm, PushSubscriptionForm
from .models import PushSubscription, ReminderWay
from .push import push_available, turn_on
from .services import account_delete
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
        "push_devices": list(request.user.push_subscriptions.all()),
        "push_available": push_available(),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
    }
    return render(request, "accounts/settings.html", ctx, status=422 if form.errors and request.htmx else 200)


def _to_devices():
    return redirect(reverse("account_settings") + "#devices")


@login_required
@require_POST
def push_device_add(request: HttpRequest) -> HttpResponse:
    """A browser turning reminders on: static/js/push.js posts its Push API subscription here."""
    if not push_available():
        messages.info(request, words.PUSH_OFF_ON_SERVER)
        return _to_devices()
    form = PushSubscriptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, words.PUSH_NOT_TAKEN)
        return _to_devices()
    turn_on(user=request.user, user_agent=request.headers.get("User-Agent", ""), **form.cleaned_data)
    user = request.user
    used = user.daily_reminder and user.daily_reminder_by != ReminderWay.EMAIL
    messages.success(request, words.PUSH_TURNED_ON if used else words.PUSH_TURNED_ON_NOT_USED)
    return _to_devices()


@login_required
@require_POST
def push_device_remove(request: HttpRequest, code) -> HttpResponse:
    # Someone else's device, or one already removed: the same 404 either way.
    get_object_or_404(PushSubscription, code=code, user=request.user).delete()
    messages.success(request, words.PUSH_REMOVED)
    return _to_devices()


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


class TwoFactorView(TwoFactorIndexView):
    """/accounts/2fa/: allauth's two-factor page, knowing what stands between the person and setting it up.

    allauth lets two-factor be added only while every address on the account is
    confirmed (else someone could sign up with another person's address and lock
    them out of it). The page says which step comes first and offers it.
    """

    def get_context_data(self, **kwargs) -> dict:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        address = current_address(user=user)
        unconfirmed = EmailAddress.objects.filter(user=user, verified=False)
        ctx["address"] = address
        ctx["address_unconfirmed"] = address is not None and not address.verified
        ctx["change_waiting"] = unconfirmed.exclude(pk=getattr(address, "pk", None)).first()
        ctx["setup_blocked"] = ctx["address_unconfirmed"] or ctx["change_waiting"] is not None
        return ctx


two_factor = TwoFactorView.as_view()


@login_required
@require_POST
def two_factor_confirm_email(request: HttpRequest) -> HttpResponse:
    """Send the link that confirms the person's address, from the two-factor page; it leads back there."""
    address = current_address(user=request.user)
    if address is None or address.verified:
        return redirect("mfa_index")
    # allauth's own flow, as its email page uses it: its rate limit, its email, its "sent" message.
    # The form's `next` rides in the link (accounts.adapter.NextThroughVerificationMixin).
    if not send_verification_email_to_address(request, address):
        messages.info(request, "We sent you a link a moment ago. Please check your inbox and spam folder.")
    return redirect("mfa_index")


class SessionsView(ListUserSessionsView):
    """/accounts/sessions/: allauth's list, this device first and the rest by latest activity, as on /account/."""

    def get_context_data(self, **kwargs) -> dict:
        ctx = super().get_context_data(**kwargs)
        ctx["sessions"] = sorted(ctx["sessions"], key=lambda s: (not s.is_current(), -s.last_seen_at.timestamp()))
        return ctx


sessions_list = SessionsView.as_view()


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
