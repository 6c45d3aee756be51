"""`{% offline_scripts %}` at the foot of every page; `{% waiting_wins_warning %}` on the log-out page."""

from django import template
from django.urls import reverse

from .. import keys, shell, words

register = template.Library()


@register.inclusion_tag("offline/_scripts.html", takes_context=True)
def offline_scripts(context, register_worker: bool = True) -> dict:
    """The offline scripts, the worker to register and, for a logged-in person, whom waiting wins belong to.

    The offline page passes register_worker=False: the worker shows it, and its version is made from it.
    """
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    crisis_url = context.get("crisis_url")
    return {
        "words": words,
        "worker_url": shell.worker_url() if register_worker else "",
        "logout_url": reverse("account_logout"),
        "owner": keys.owner_id(user) if signed_in else "",
        "public_key": keys.public_key(user) if signed_in else "",
        "time_zone": user.timezone if signed_in else "",
        "crisis_url": (crisis_url() if callable(crisis_url) else crisis_url) if signed_in else "",
    }


@register.inclusion_tag("offline/_logout_warning.html")
def waiting_wins_warning() -> dict:
    return {"words": words}
