"""Remove for good the wins people deleted more than a grace period ago.

    python manage.py purge_deleted_wins --days 30

Deleting a win only hides it, so Undo can bring it back; this command is the
second step. Run it daily (cron, a systemd timer or the platform's scheduler).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from journal.models import Win


def _wins(count: int) -> str:
    return f"{count} deleted win{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = "Permanently remove wins that were deleted more than --days days ago (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="grace period in days (default 30)")
        parser.add_argument("--dry-run", action="store_true", help="count what would go and remove nothing")

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        grace = datetime.timedelta(days=days)
        if dry_run:
            count = Win.all_objects.deleted_before(timezone.now() - grace).count()
            self.stdout.write(f"Would purge {_wins(count)} (deleted more than {days} days ago).")
            return
        count = Win.purge_deleted(older_than=grace)
        self.stdout.write(f"Purged {_wins(count)} (deleted more than {days} days ago).")
