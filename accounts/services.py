"""Deleting an account and everything it owns, in every app, without importing those apps.

Later apps clean up what no foreign key ties to the person by answering
`account_deleting` (accounts/signals.py); a win's photo files go with its row
(journal/apps.py), once the deletion is committed.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ForeignKey
from django.template.loader import render_to_string
from django.utils import timezone

from background.models import Email

from .models import User
from .signals import account_deleting

# --- Deleting an account ------------------------------------------------------


def _session_keys_of(user: User) -> set[str]:
    """Every stored Django session logged in as this person, tracked by usersessions or not."""
    from allauth.usersessions.models import UserSession

    keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    # Sessions that never reached the usersessions middleware (say, a log-in
    # whose page never loaded) are only found by reading them.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000):
        try:
            data = session.get_decoded()
        except Exception:  # noqa: S112 -- a session nobody can read belongs to nobody
            continue
        if str(data.get("_auth_user_id")) == str(user.pk):
            keys.add(session.session_key)
    return keys


def _rows_pointing_at(user: User):
    """(model, queryset) for every row, in any installed app, with a foreign key to this person."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, ForeignKey) and field.related_model is User:
                yield model, model._base_manager.filter(**{field.name: user})


def account_delete(*, user: User) -> None:
    """Delete at once every row this person owns, and tell their old address.

    What goes: wins (deleted ones too), reflections, invitations they sent or
    accepted, ally links both ways, notes they wrote and notes left for them,
    visits logged on either side, sessions, two-factor devices, email
    addresses. Their allies' own journals are untouched.
    """
    from allauth.usersessions.models import UserSession

    email = user.email
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        account_deleting.send(sender=User, user=user)
        session_store = import_module(settings.SESSION_ENGINE).SessionStore
        for key in _session_keys_of(user):
            session_store(key).delete()
        UserSession.objects.filter(user=user).delete()
        # Foreign keys that would only be set to NULL (a note's author, the
        # person who accepted an invitation) still point at something of
        # theirs: those rows go too, as the deletion page promises.
        for _model, rows in _rows_pointing_at(user):
            rows.delete()
        user.delete()
        # A reminder or a note's email still waiting to go would carry their words on after them.
        Email.forget_unsent_to(email)
        # Queued in the outbox with the deletion itself: it goes once the deletion commits.
        body = render_to_string("accounts/email/account_deleted.txt")
        send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}your account is deleted", body, None, [email])
