"""Every email goes through the outbox: stored with the change that causes it, sent by the worker.

MAILERS["default"] is OutboxBackend, so Django's send_mail, an EmailMessage's
send() and allauth's verification, reset and log-in code emails all land
here without knowing it. The mail server itself is MAILERS["outgoing"],
which only the worker's send_email task (background/tasks.py) talks to: a
slow or unreachable server slows nobody's page.
"""

from email.utils import formatdate, make_msgid
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .models import Email
from .tasks import send_email


def _stamped(message) -> dict:
    """The stored message, with a Message-ID and Date fixed now, so every attempt sends the same email."""
    stored = Email.stored_from(message)
    present = {name.lower() for name in stored["headers"]}
    if "message-id" not in present:
        stored["headers"]["Message-ID"] = make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")
    if "date" not in present:
        stored["headers"]["Date"] = formatdate(localtime=False)
    return stored


class OutboxBackend(BaseEmailBackend):
    """Store each message as an outbox row and enqueue its sending once the caller's transaction commits.

    Inside the caller's transaction.atomic(), the email is part of the change:
    rolled back together, and queued only when it commits. The task gets the
    row's id, never the message.
    """

    def send_messages(self, email_messages) -> int:
        messages = [message for message in email_messages if message.recipients()]
        if not messages:
            return 0
        try:
            with transaction.atomic():
                emails = [Email.objects.create(message=_stamped(message)) for message in messages]
        except Exception:
            if self.fail_silently:
                return 0
            raise
        for email in emails:
            # robust: if enqueuing fails just after the commit, the page still answers and
            # the sweep (background/tasks.py) enqueues the waiting email later.
            transaction.on_commit(partial(send_email.enqueue, email.pk), robust=True)
        return len(emails)
