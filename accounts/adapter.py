"""allauth's adapter: each override lives in its own mixin, so several can be combined."""

from allauth.account.adapter import DefaultAccountAdapter

from .login_throttle import LoginThrottleMixin


class AccountAdapter(LoginThrottleMixin, DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "That's a lot of tries in a short time, so we've paused them for a few minutes. "
            "You can try again then, or log in with a code we email you."
        ),
        "incorrect_code": "That code isn't right. Please check the newest email from us and try again.",
    }
