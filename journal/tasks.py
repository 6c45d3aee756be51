"""The journal's background tasks."""

from django.tasks import task

from background.retry import retrying

from .reminders import send_due_reminders


@task
@retrying(attempts=3)
def send_reminders(*, attempt: int = 1) -> dict:
    """Queue the reminders that are due; the worker's clock enqueues this every few minutes."""
    return dict(send_due_reminders())
