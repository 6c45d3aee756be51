"""Push notifications to a person's devices: which push services we send to, turning a device on, sending.

A browser that turns reminders on gives us a Push API subscription: an
endpoint at its push service and two keys. `send_push` encrypts a message
for those keys (RFC 8291, with pywebpush), signs the request with our VAPID
key (config/vapid.py) and hands it to the push service. It is called by the
worker's tasks only (journal/tasks.py), never inside a page's request.

The endpoint comes from the browser, so anyone could send us any address.
The worker only ever posts to the push services in settings.PUSH_SERVICE_HOSTS,
checked when a device is turned on and again before each send: a made-up
endpoint cannot make our server call another machine (an internal address,
a cloud's metadata service).
"""

import json
import logging
from functools import cache
from urllib.parse import urlsplit

import requests
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from .devices import describe_device
from .models import PushSubscription, User

log = logging.getLogger(__name__)

# A reminder that cannot be delivered within a few hours is no use any more: the push service drops it then.
TIME_TO_LIVE = 4 * 3600
# Seconds to wait for the push service.
TIMEOUT = 10
# The push service has forgotten this subscription (the browser unsubscribed, or the app was uninstalled).
GONE = {404, 410}


class PushServiceAway(Exception):
    """The push service could not take the message now; a later attempt may."""


class PushRefused(Exception):
    """The push service said no for a reason trying again will not change (a bad request, a key it rejects)."""


def push_available() -> bool:
    return bool(settings.VAPID_PRIVATE_KEY)


def is_push_service(endpoint: str) -> bool:
    """True for an endpoint at one of settings.PUSH_SERVICE_HOSTS: a host (HTTPS, subdomains too) or an exact origin."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        origin = f"{parts.scheme}://{parts.netloc}".lower()
    except ValueError:
        return False
    if parts.username or parts.password or not host:
        return False
    for allowed in settings.PUSH_SERVICE_HOSTS:
        allowed = allowed.lower().rstrip("/")
        if "://" in allowed:
            if origin == allowed:
                return True
        elif parts.scheme == "https" and (host == allowed or host.endswith("." + allowed)):
            return True
    return False


def turn_on(*, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str) -> PushSubscription:
    """Keep this browser's subscription for `user`.

    A browser has one subscription per site. When another person turned
    reminders on in the same browser before (a shared computer), it becomes
    this person's: the browser now belongs to whoever asked last.
    """
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "device": describe_device(user_agent)},
    )
    return subscription


@cache
def _vapid(private_key: str) -> Vapid:
    return Vapid.from_raw(private_key.encode())


def send_push(subscription: PushSubscription, message: dict) -> str:
    """Send one message to one device. "sent", or "gone" when the push service forgot it (we forget it too).

    Raises PushRefused for an answer that retrying will not change; anything
    else (the network, a timeout, 429, a 5xx) raises for the caller to retry.
    Errors never carry the message or the endpoint: both stay out of logs.
    """
    if not push_available():
        raise PushRefused("Push reminders are off: no VAPID key is set")
    if not is_push_service(subscription.endpoint):
        raise PushRefused("The endpoint is not at a known push service")
    try:
        webpush(
            subscription.as_subscription_info(),
            data=json.dumps(message),
            vapid_private_key=_vapid(settings.VAPID_PRIVATE_KEY),
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TIME_TO_LIVE,
            timeout=TIMEOUT,
            headers={"Urgency": "normal"},
        )
    except WebPushException as exc:
        status = exc.status_code
        if status in GONE:
            PushSubscription.objects.filter(pk=subscription.pk).delete()
            log.info("Push subscription %s is gone (%s); removed", subscription.pk, status)
            return "gone"
        if status is not None and 400 <= status < 500 and status not in (408, 425, 429):
            raise PushRefused(f"The push service answered {status}") from None
        raise PushServiceAway(f"The push service answered {status}") from None
    except requests.RequestException as exc:
        raise PushServiceAway(f"The push service could not be reached ({type(exc).__name__})") from None
    return "sent"
