"""The background app's tasks: sending one email from the outbox, and the queue's sweep."""

import datetime
from functools import partial

from django.conf import settings
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Email
from .retry import delay_after, describe, patiently, retrying

# The mailer that reaches the mail server (settings.MAILERS); "default" is the outbox itself.
OUTGOING = "outgoing"
# With the delays in background/retry.py, thirty attempts span about a day.
EMAIL_ATTEMPTS = 30
# A waiting email whose time passed this long ago has lost its task (the process
# stopped between the commit and the enqueue): the sweep enqueues it again.
LOST_AFTER = datetime.timedelta(minutes=30)
# An email still "sending" after this long lost its worker mid-send (the mail server's timeout is seconds).
SENDING_FOR_TOO_LONG = datetime.timedelta(minutes=15)
KEEP_GAVE_UP_MESSAGE = datetime.timedelta(days=7)
KEEP_SENT_ROW = datetime.timedelta(days=30)
KEEP_FINISHED_TASK = datetime.timedelta(days=7)
# A worker stopped by force (a second Ctrl+C) records its task as failed with one of these.
INTERRUPTIONS = ["builtins.SystemExit", "builtins.KeyboardInterrupt"]


def _sent(email_id: int, attempt: int) -> None:
    Email.objects.filter(pk=email_id, status=Email.Status.SENDING).update(
        status=Email.Status.SENT,
        sent_at=timezone.now(),
        attempts=attempt,
        last_error="",
        # The words, links and tokens go as soon as the mail server has them.
        message={},
    )


def _not_sent(email_id: int, attempt: int, exc: Exception) -> None:
    last = attempt >= EMAIL_ATTEMPTS
    Email.objects.filter(pk=email_id, status=Email.Status.SENDING).update(
        status=Email.Status.GAVE_UP if last else Email.Status.WAITING,
        attempts=attempt,
        last_error=describe(exc),
        next_attempt_at=timezone.now() + delay_after(attempt),
    )


@task
@retrying(attempts=EMAIL_ATTEMPTS)
def send_email(email_id: int, *, attempt: int = 1) -> str:
    """Hand one outbox email to the mail server, once.

    One conditional UPDATE claims it, so of two tasks for the same email only
    one sends it; no transaction stays open while the server takes its time.
    Whatever happens next is written even through a database restart
    (patiently): "sent", so no retry sends it twice, or "not sent", so it is
    tried again.
    """
    claimed = Email.objects.filter(pk=email_id, status=Email.Status.WAITING).update(
        status=Email.Status.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return "nothing to send"
    try:
        Email.objects.get(pk=email_id).as_message().send(using=OUTGOING)
    except Exception as exc:
        patiently(partial(_not_sent, email_id, attempt, exc))
        raise
    patiently(partial(_sent, email_id, attempt))
    return "sent"


@task
@retrying(attempts=3)
def sweep(*, attempt: int = 1) -> dict:
    """Put back what a stopped process left behind, and let go of what is no longer needed."""
    now = timezone.now()
    # Whether the server got these is unknown: sending again may repeat one (same Message-ID) rather than lose it.
    stale = Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=now - SENDING_FOR_TOO_LONG)
    stale_ids = list(stale.values_list("pk", flat=True)[:1000])
    Email.objects.filter(pk__in=stale_ids, status=Email.Status.SENDING).update(status=Email.Status.WAITING)
    lost = Email.objects.filter(status=Email.Status.WAITING).filter(
        Q(next_attempt_at__lt=now - LOST_AFTER) | Q(pk__in=stale_ids)
    )
    requeued = 0
    for email_id, attempts in lost.values_list("pk", "attempts")[:1000]:
        send_email.enqueue(email_id, attempt=attempts + 1)
        requeued += 1
    stuck = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - datetime.timedelta(seconds=settings.TASKS_REQUEUE_AFTER_SECONDS),
    ).update(status=TaskResultStatus.READY)
    interrupted = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, exception_class_path__in=INTERRUPTIONS
    ).update(status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback="")
    Email.objects.filter(status=Email.Status.GAVE_UP, next_attempt_at__lt=now - KEEP_GAVE_UP_MESSAGE).exclude(
        message={}
    ).update(message={})
    Email.objects.filter(status=Email.Status.SENT, sent_at__lt=now - KEEP_SENT_ROW).delete()
    DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_FINISHED_TASK).delete()
    return {"emails_requeued": requeued, "tasks_put_back": stuck + interrupted}
