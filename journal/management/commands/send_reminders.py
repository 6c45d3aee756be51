"""Send the gentle reminders that are due: the daily nudge and the weekly digest.

    python manage.py send_reminders

The worker (`python manage.py worker`) already does this every five minutes;
this command is for cron or a systemd timer if you prefer those, and safe to
run as often as you like: each reminder is recorded before it is queued and
goes once per period, even when two runs overlap. The emails themselves are
sent by the worker. Each person's own time zone decides when theirs is due.

--now 2025-03-14T07:05:00+00:00 pretends it is that moment (for tests and for
checking a schedule by hand).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from journal.reminders import DAILY, WEEKLY, send_due_reminders
from journal.words import plural


def _moment(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now must be an ISO 8601 moment like 2025-03-14T07:05:00+00:00, not {value!r}") from None
    if moment.tzinfo is None:
        raise CommandError("--now needs a time zone offset, like +00:00.")
    return moment


class Command(BaseCommand):
    help = "Send the daily reminders and weekly digests that are due now (safe to run every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--now", type=_moment, default=None, help="pretend it is this ISO 8601 moment")

    def handle(self, *args, now: datetime.datetime | None, **options):
        counts = send_due_reminders(now=now)
        line = f"Queued {plural(counts[DAILY], 'daily reminder')} and {plural(counts[WEEKLY], 'weekly digest')}."
        if counts["failed"]:
            line += f" {plural(counts['failed'], 'email')} could not be sent and will be tried again next run."
        self.stdout.write(line)
