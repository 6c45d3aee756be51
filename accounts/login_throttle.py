"""Failed log-ins are counted so that an attacker cannot lock the owner out.

allauth counts wrong passwords per IP and per "key", which it makes from the
address alone: five wrong guesses from anywhere then refused the owner's right
password too. Here the key is the address *and* the IP, and the address alone
gets a separate, much higher limit ("login_failed_address" in
ACCOUNT_RATE_LIMITS) against guessing spread over many machines. Past that
limit the owner can still log in with a code emailed to them.
"""

from typing import Any

from allauth.core.internal import ratelimit
from django.http import HttpRequest

ADDRESS_ACTION = "login_failed_address"


class LoginThrottleMixin:
    """For the account adapter: allauth's login_failed throttle, keyed by address and IP together."""

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        address_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{address_key}:{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)
        address = (credentials.get("email") or credentials.get("username") or "").lower()
        usage = ratelimit.consume(request, app="allauth.account", action=ADDRESS_ACTION, key=address)
        if usage is None:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")
        # A right password gives back what it used, as allauth does for its own limits.
        if self._login_failed_rl_usage is not None:
            self._login_failed_rl_usage.usage.extend(usage.usage)
