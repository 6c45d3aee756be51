"""The invitation link: who is asking, what it means, and Accept or Decline."""

from allauth.account import app_settings as allauth_settings
from allauth.account.internal.flows import email_verification, manage_email
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import services
from ..forms import InvitationResponseForm
from ..models import AddressCheck, AllyLink, Invitation
from .common import csrf_protect_null_origin, no_referrer, space_url


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
                return redirect(space_url(link))

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
