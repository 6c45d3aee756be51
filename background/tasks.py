"""The background app's tasks: sending one email from the outbox, and the queue's sweep."""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Email
from .retry import CONNECTION_ERRORS, delay_after, describe, patiently, retrying

# The mailer that reaches the mail server (settings.MAILERS); "default" is the outbox itself.
OUTGOING = "outgoing"
# With the delays in background/retry.py, thirty attempts span about a day.
EMAIL_ATTEMPTS = 30
# A waiting email whose time passed this long ago has lost its task (the process
# stopped between the commit and the enqueue): the sweep enqueues it again.
LOST_AFTER = datetime.timedelta(minutes=30)
KEEP_GAVE_UP_MESSAGE = datetime.timedelta(days=7)
KEEP_SENT_ROW = datetime.timedelta(days=30)
KEEP_FINISHED_TASK = datetime.timedelta(days=7)
# A worker stopped by force (a second Ctrl+C) records its task as failed with one of these.
INTERRUPTIONS = ["builtins.SystemExit", "builtins.KeyboardInterrupt"]


def _sent(email_id: int, attempt: int) -> None:
    Email.objects.filter(pk=email_id, status=Email.Status.WAITING).update(
        status=Email.Status.SENT,
        sent_at=timezone.now(),
        attempts=attempt,
        last_error="",
        # The words, links and tokens go as soon as the mail server has them.
        message={},
    )


def _not_sent(email_id: int, attempt: int, exc: Exception) -> None:
    last = attempt >= EMAIL_ATTEMPTS
    Email.objects.filter(pk=email_id, status=Email.Status.WAITING).update(
        status=Email.Status.GAVE_UP if last else Email.Status.WAITING,
        attempts=attempt,
        last_error=describe(exc),
        next_attempt_at=timezone.now() + delay_after(attempt),
    )


@task
@retrying(attempts=EMAIL_ATTEMPTS)
def send_email(email_id: int, *, attempt: int = 1) -> str:
    """Hand one outbox email to the mail server, once.

    The row is locked while the server takes it, so a second task for the same
    email skips it. Once the server has it, "sent" is written even if the
    database restarts in between (patiently), so a retry never sends it twice.
    """
    handed_over = False
    try:
        with transaction.atomic():
            email = Email.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
            if email is None or email.status != Email.Status.WAITING:
                return "nothing to send"
            email.as_message().send(using=OUTGOING)
            handed_over = True
            _sent(email_id, attempt)
    except CONNECTION_ERRORS:
        if not handed_over:
            raise
        patiently(partial(_sent, email_id, attempt))
    except Exception as exc:
        patiently(partial(_not_sent, email_id, attempt, exc))
        raise
    return "sent"


@task
@retrying(attempts=3)
def sweep(*, attempt: int = 1) -> dict:
    """Put back what a stopped process left behind, and let go of what is no longer needed."""
    now = timezone.now()
    lost = Email.objects.filter(status=Email.Status.WAITING, next_attempt_at__lt=now - LOST_AFTER)
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
