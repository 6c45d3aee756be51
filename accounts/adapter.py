"""allauth's adapter: each override lives in its own mixin, so several can be combined."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.http import urlencode

from .login_throttle import LoginThrottleMixin
from .signals import start_page


class NextThroughVerificationMixin:
    """A confirmation link remembers where the person was going when it was sent.

    Someone who signs up from an invitation (/accounts/signup/?next=/invite/…/)
    or asks for a link from the two-factor page may open the email on another
    device, where the sign-up's own memory of `next` (in its session) is not.
    The link carries it instead; allauth's confirmation page keeps it through
    its form and follows it once the address is confirmed. Only a `next` on
    this site is ever kept (get_next_redirect_url checks it).
    """

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        url = super().get_email_confirmation_url(request, emailconfirmation)
        destination = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': destination})}" if destination else url


class StartPageMixin:
    """After logging in with nowhere else to go, a later app may choose the first page (accounts.signals.start_page)."""

    def get_login_redirect_url(self, request) -> str:
        # Sign-up asks before the account exists; a new account starts on Today.
        if request.user.is_authenticated:
            for _receiver, path in start_page.send(sender=type(self), user=request.user):
                if path:
                    return path
        return super().get_login_redirect_url(request)


class AccountAdapter(LoginThrottleMixin, NextThroughVerificationMixin, StartPageMixin, DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "That's a lot of tries in a short time, so we've paused them for a few minutes. "
            "You can try again then, or log in with a code we email you."
        ),
        "incorrect_code": "That code isn't right. Please check the newest email from us and try again.",
        "incorrect_password": "That password isn't right. Please try again.",
        "invalid_or_expired_key": "That link has expired or was already used. Please ask for a new one.",
        "rate_limited": "That's a lot of tries in a short time. Please wait a minute and try again.",
    }


class MFAAdapter(DefaultMFAAdapter):
    """allauth's two-factor steps, saying what happened and what to do next."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "That code isn't right. Please try the newest code from your app, or a recovery code.",
        "unverified_email": (
            "Two-factor needs a confirmed email address first. Below, you can ask for a link that confirms it."
        ),
        "cannot_generate_recovery_codes": "Recovery codes come with two-factor. Set up an authenticator app first.",
        "add_email_blocked": (
            "Your account has two-factor turned on, so its address can't change here. "
            "Turn two-factor off first, then change the address."
        ),
    }
