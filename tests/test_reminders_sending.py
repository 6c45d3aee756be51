"""send_reminders: each person's own time zone, once per period, even when two runs overlap."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from journal.models import SentReminder
from journal.reminders import send_due_reminders
from journal.tasks import send_reminders
from journal.words import AFFIRMATIONS
from tests.factories import make_ally_link, make_ally_note, make_user, make_win
from tests.helpers import at

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Friday 14 March 2025 in Auckland is UTC+13 (daylight saving): 20:00 there is 07:00 UTC.
BEFORE = datetime.datetime(2025, 3, 14, 6, 55, tzinfo=UTC)  # 19:55 in Auckland
AFTER = datetime.datetime(2025, 3, 14, 7, 5, tzinfo=UTC)  # 20:05 in Auckland
LATER = datetime.datetime(2025, 3, 14, 10, 59, tzinfo=UTC)  # 23:59 in Auckland
NEXT_DAY = datetime.datetime(2025, 3, 15, 7, 1, tzinfo=UTC)  # 20:01 the next day


@pytest.fixture
def kiri(db):
    return make_user(
        "kiri@example.com",
        display_name="Kiri",
        timezone="Pacific/Auckland",
        daily_reminder=True,
        daily_reminder_time=datetime.time(20, 0),
    )


def run(now: datetime.datetime) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--now", now.isoformat(), stdout=out)
    return out.getvalue()


def test_a_person_in_auckland_set_for_20_00_gets_one_email_in_the_right_run(kiri, mailoutbox):
    assert run(BEFORE) == "Queued 0 daily reminders and 0 weekly digests.\n"
    assert mailoutbox == []

    assert run(AFTER) == "Queued 1 daily reminder and 0 weekly digests.\n"
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["kiri@example.com"] and not email.cc and not email.bcc
    assert email.subject == "Small Wins: What's one small thing you did today?"
    assert "Hello Kiri," in email.body
    assert SentReminder.objects.get().period == "2025-03-14"  # Kiri's own date, not UTC's


def test_running_again_sends_nothing_more_that_day(kiri, mailoutbox):
    run(AFTER)
    run(AFTER)
    run(AFTER + datetime.timedelta(minutes=5))
    run(LATER)
    assert len(mailoutbox) == 1
    run(NEXT_DAY)
    assert len(mailoutbox) == 2
    assert sorted(SentReminder.objects.values_list("period", flat=True)) == ["2025-03-14", "2025-03-15"]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_email(kiri):
    mail.outbox = []
    start = threading.Barrier(2)
    results, errors = [], []

    def one_run():
        try:
            start.wait()
            results.append(send_due_reminders(now=AFTER))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(result["daily"] for result in results) == [0, 1]
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1


def test_reminders_are_off_unless_turned_on(mailoutbox):
    quiet = make_user("quiet@example.com", timezone="Pacific/Auckland")
    assert (quiet.daily_reminder, quiet.weekly_digest) == (False, False)
    run(AFTER)
    run(LATER)
    assert mailoutbox == []


def test_each_person_gets_theirs_at_their_own_local_time(kiri, mailoutbox):
    make_user("lee@example.com", timezone="Europe/London", daily_reminder=True)  # 20:00 London is 20:00 UTC in March
    run(AFTER)
    assert [email.to for email in mailoutbox] == [["kiri@example.com"]]
    run(datetime.datetime(2025, 3, 14, 20, 1, tzinfo=UTC))
    assert [email.to for email in mailoutbox] == [["kiri@example.com"], ["lee@example.com"]]


def test_a_failed_email_is_tried_again_on_the_next_run(kiri, mailoutbox, monkeypatch):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("no mail server")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", broken)
        assert "1 email could not be sent" in run(AFTER)
    assert not SentReminder.objects.exists()
    run(AFTER + datetime.timedelta(minutes=5))
    assert len(mailoutbox) == 1


def test_the_workers_periodic_task_queues_the_reminders_that_are_due(kiri, mailoutbox):
    with at(AFTER):
        assert send_reminders.call() == {"daily": 1}
        assert send_reminders.call() == {}
    assert [email.to for email in mailoutbox] == [["kiri@example.com"]]


def test_the_daily_reminder_never_carries_journal_text(kiri, mailoutbox):
    # Yesterday's: a win logged today would make today's reminder unneeded.
    make_win(
        kiri,
        "A private thing I wrote",
        occurred_on=datetime.date(2025, 3, 13),
        created_at=BEFORE - datetime.timedelta(days=1),
    )
    run(AFTER)
    body = mailoutbox[0].body
    assert "A private thing I wrote" not in body
    assert "What's one small thing you did today?" in body
    assert any(line in body for line in AFFIRMATIONS)


def test_every_reminder_has_a_one_click_unsubscribe_link(kiri, mailoutbox):
    run(AFTER)
    email = mailoutbox[0]
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://127.0.0.1:8000/reminders/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in email.body


# ---- The weekly digest ----------------------------------------------------------------


@pytest.fixture
def sam(db):
    # Sunday digest at 18:00 in Auckland; weeks start on Monday.
    return make_user(
        "sam@example.com",
        display_name="Sam",
        timezone="Pacific/Auckland",
        weekly_digest=True,
        weekly_digest_day=6,
        weekly_digest_time=datetime.time(18, 0),
    )


SUNDAY_EVENING = datetime.datetime(2025, 3, 16, 5, 30, tzinfo=UTC)  # Sunday 16 March, 18:30 in Auckland


def test_the_weekly_digest_comes_on_the_chosen_day_with_counts_wins_and_notes(sam, ally, mailoutbox):
    make_win(sam, "Walked to the beach", occurred_on="2025-03-10", hard_day=True)
    make_win(sam, "Called my brother", occurred_on="2025-03-12")
    make_win(sam, "Last week's win", occurred_on="2025-03-09")
    make_ally_link(sam, ally)
    make_ally_note(sam, ally, "You seem lighter this week", week_start=datetime.date(2025, 3, 10))
    make_ally_note(sam, ally, "A note Sam hid", week_start=datetime.date(2025, 3, 10), hidden=True)

    run(SUNDAY_EVENING - datetime.timedelta(days=1))  # Saturday: not the chosen day
    assert mailoutbox == []
    assert run(SUNDAY_EVENING) == "Queued 0 daily reminders and 1 weekly digest.\n"
    run(SUNDAY_EVENING + datetime.timedelta(hours=1))
    assert len(mailoutbox) == 1

    email = mailoutbox[0]
    body = email.body
    assert email.to == ["sam@example.com"]
    assert email.subject == "Small Wins: Your week in small wins"
    assert "Monday 10 March to Sunday 16 March 2025" in body
    assert "- 2 wins" in body and "You showed up on 2 days" in body and "1 hard day you kept going through" in body
    assert "Walked to the beach" in body and "Called my brother" in body
    assert "Last week's win" not in body
    assert "“You seem lighter this week” (Bob)" in body
    assert "A note Sam hid" not in body
    assert "http://127.0.0.1:8000/week/2025-03-10/" in body
    assert SentReminder.objects.get().period == "2025-W11"


def test_a_digest_on_another_day_looks_back_on_the_week_just_finished(sam, mailoutbox):
    sam.weekly_digest_day = 2  # Wednesday
    sam.save()
    make_win(sam, "Last week's win", occurred_on="2025-03-12")
    run(datetime.datetime(2025, 3, 19, 5, 30, tzinfo=UTC))  # Wednesday 19 March, 18:30 in Auckland
    body = mailoutbox[0].body
    assert "Monday 10 March to Sunday 16 March 2025" in body
    assert "Last week's win" in body


def test_an_empty_week_gets_a_kind_digest(sam, mailoutbox):
    run(SUNDAY_EVENING)
    body = mailoutbox[0].body
    assert "No wins written down this week, and that's okay." in body
    for word in ("missed", "failed", "streak", "broken"):
        assert word not in body.lower()


def test_the_digest_goes_to_its_owner_only_never_to_allies(sam, ally, mailoutbox):
    make_ally_link(sam, ally)
    make_win(sam, "Something private", occurred_on="2025-03-12")
    ally.weekly_digest = True
    ally.timezone = "Pacific/Auckland"
    ally.save()
    run(SUNDAY_EVENING)
    assert sorted(email.to[0] for email in mailoutbox) == ["bob@example.com", "sam@example.com"]
    ally_email = next(email for email in mailoutbox if email.to == ["bob@example.com"])
    assert "Something private" not in ally_email.body


def test_the_command_refuses_a_moment_it_cannot_read():
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("send_reminders", "--now", "tonight")
    with pytest.raises(CommandError, match="time zone offset"):
        call_command("send_reminders", "--now", "2025-03-14T07:05:00")
