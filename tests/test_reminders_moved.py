"""SentReminder moved from accounts to the journal: reminders sent before the move are still known."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from journal.models import SentReminder
from tests.factories import make_user


@pytest.mark.django_db(transaction=True)
def test_a_reminder_sent_before_the_move_is_not_sent_again_after_it(mailoutbox):
    kiri = make_user("kiri@example.com", daily_reminder=True, daily_reminder_time=datetime.time(20, 0))
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0005_cache_table")])  # the journal's later migrations step back too
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_sentreminder (user_id, kind, period, sent_at) VALUES (%s, %s, %s, %s)",
                [kiri.pk, "daily", "2025-03-14", datetime.datetime(2025, 3, 14, 20, 1, tzinfo=datetime.UTC)],
            )
    finally:
        call_command("migrate", verbosity=0)

    assert SentReminder._meta.db_table == "journal_sentreminder"
    assert list(SentReminder.objects.values_list("user_id", "period")) == [(kiri.pk, "2025-03-14")]
    out = io.StringIO()
    call_command("send_reminders", "--now", "2025-03-14T21:00:00+00:00", stdout=out)
    assert out.getvalue() == "Queued 0 daily reminders and 0 weekly digests.\n"
    assert mailoutbox == []
