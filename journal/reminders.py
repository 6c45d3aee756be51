"""Gentle reminders: a daily nudge (by email, push or both) and a weekly digest by email, only for people who ask.

`send_due_reminders()` runs every few minutes as the task journal.tasks.send_reminders,
which the worker's clock enqueues (settings.PERIODIC_TASKS); `python manage.py
send_reminders` runs it too, from cron if you prefer. For each person who turned
a reminder on, it works out *their* local time; once that has passed the time
they chose (on the day they chose, for the digest) and nothing was sent for this
period yet, it records the sending and only then queues the email in the outbox,
whose own task sends it and retries it (background/).

The record is a row in journal.SentReminder with a unique (person, kind,
period) constraint, inserted *before* the email is queued: of two runs racing
for the same reminder, exactly one inserts the row, and only that one queues
it. If queuing fails the row is removed again so a later run can retry.

The daily reminder is for days with no win yet: a person with a win for that
day gets none (the record is kept, so the day is settled). It never comes in
the person's quiet hours (22:00 to 08:00 unless they chose others). It goes
by email, as a notification on each device the person turned on
(journal/reminders_push.py), or both; with push chosen but no device on, it
comes by email rather than not at all.

Emails go to the person themselves and to no one else; they carry a signed
one-click unsubscribe link (RFC 8058 too) that works without logging in and
affects only that person and that kind of email.

The affirmation on Today comes from here as well.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import PushSubscription, ReminderWay
from accounts.push import push_available
from allies import api as allies_api

from . import weeks
from .models import SentReminder, Win
from .reminders_push import send_push_reminder
from .words import (
    AFFIRMATIONS,
    DAILY_REMINDER_SUBJECT,
    DAILY_REMINDER_WORDS,
    WEEKLY_DIGEST_SUBJECT,
    WEEKLY_DIGEST_WORDS,
)

log = logging.getLogger(__name__)

DAILY = "daily"
WEEKLY = "weekly"
WINS_IN_DIGEST = 5
UNSUBSCRIBE_SALT = "journal.reminders.unsubscribe"
KIND_WORDS = {DAILY: DAILY_REMINDER_WORDS, WEEKLY: WEEKLY_DIGEST_WORDS}
# The User field each kind is switched on by.
KIND_SETTING = {DAILY: "daily_reminder", WEEKLY: "weekly_digest"}


def affirmation_for(day: datetime.date) -> str:
    """Today's affirmation: the same all day long, the next one tomorrow."""
    return AFFIRMATIONS[day.toordinal() % len(AFFIRMATIONS)]


# ---- The unsubscribe link -----------------------------------------------------------


def unsubscribe_token(user, kind: str) -> str:
    """A signed, URL-safe token naming one person and one kind of email. It never expires."""
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(person's id, kind) from a genuine token; None for anything tampered with or made up."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and value[1] in KIND_SETTING):
        return None
    return value[0], value[1]


def unsubscribe_url(user, kind: str) -> str:
    return settings.SITE_URL + reverse("reminders_unsubscribe", args=[unsubscribe_token(user, kind)])


# ---- Who is due ---------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    user: object
    kind: str
    period: str
    local_now: datetime.datetime


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def due_reminders(now: datetime.datetime) -> list[Due]:
    """Every reminder whose local time has come today and that has not been sent for its period."""
    User = get_user_model()
    candidates = User.objects.filter(Q(daily_reminder=True) | Q(weekly_digest=True), is_active=True)
    due = []
    for user in candidates.order_by("pk"):
        local_now = now.astimezone(user.tzinfo)
        if (
            user.daily_reminder
            and local_now.time() >= user.daily_reminder_time
            and not user.is_quiet_at(local_now.time())
        ):
            due.append(Due(user, DAILY, local_now.date().isoformat(), local_now))
        if (
            user.weekly_digest
            and local_now.weekday() == user.weekly_digest_day
            and local_now.time() >= user.weekly_digest_time
        ):
            due.append(Due(user, WEEKLY, iso_week(local_now.date()), local_now))
    if not due:
        return []
    # One query finds what was already sent, so a run every five minutes costs little.
    sent = set(
        SentReminder.objects.filter(
            user_id__in={item.user.pk for item in due}, period__in={item.period for item in due}
        ).values_list("user_id", "kind", "period")
    )
    return [item for item in due if (item.user.pk, item.kind, item.period) not in sent]


def _claim(item: Due, now: datetime.datetime) -> SentReminder | None:
    """Insert the record before sending; the record only for the one run that inserted it."""
    record, created = SentReminder.objects.get_or_create(
        user=item.user, kind=item.kind, period=item.period, defaults={"sent_at": now}
    )
    return record if created else None


def _release(item: Due) -> None:
    SentReminder.objects.filter(user=item.user, kind=item.kind, period=item.period).delete()


def _queue(item: Due, record: SentReminder, devices: list[int]) -> None:
    """The email, the notifications to each device (once the record is committed), or both."""
    way = item.user.daily_reminder_by if item.kind == DAILY else ReminderWay.EMAIL
    if way != ReminderWay.PUSH or not devices:
        build_message(item).send()
    if way != ReminderWay.EMAIL:
        for device_id in devices:
            transaction.on_commit(partial(send_push_reminder.enqueue, device_id, record.pk), robust=True)


def send_due_reminders(*, now: datetime.datetime | None = None) -> Counter:
    """Queue what is due at `now` (default: the current moment). Counts by kind, plus "skipped" and "failed"."""
    now = now or timezone.now()
    counts: Counter = Counter()
    due = due_reminders(now)
    daily = {item.user.pk: item.local_now.date() for item in due if item.kind == DAILY}
    won_today = Win.objects.owners_who_logged_on(daily)
    devices = defaultdict(list)
    if daily and push_available():
        for user_id, device_id in PushSubscription.objects.filter(user_id__in=daily).values_list("user_id", "pk"):
            devices[user_id].append(device_id)
    for item in due:
        record = _claim(item, now)
        if record is None:
            continue  # another run got there first
        if item.kind == DAILY and item.user.pk in won_today:
            counts["skipped"] += 1  # the person was here today; the record settles the day
            continue
        try:
            _queue(item, record, devices[item.user.pk])
        except Exception as exc:
            _release(item)
            # Never the address or the body: which person (by id), which kind, what went wrong.
            log.error("Could not queue the %s reminder to person %s: %s", item.kind, item.user.pk, type(exc).__name__)
            counts["failed"] += 1
            continue
        counts[item.kind] += 1
    return counts


# ---- The emails ---------------------------------------------------------------------


def _digest_ctx(user, today: datetime.date) -> dict:
    """The week just finished (or finishing today), in counts, a few wins and the allies' notes."""
    current = weeks.Week.containing(today, user.week_starts_on)
    week = current if today == current.end else current.previous
    wins = list(
        Win.objects.owned_by(user)
        .filter(occurred_on__range=(week.start, week.end))
        .order_by("occurred_on", "created_at")
        .only("text", "occurred_on", "hard_day")
    )
    return {
        "week": week,
        "win_count": len(wins),
        "days_showed_up": len({win.occurred_on for win in wins}),
        "hard_days": len({win.occurred_on for win in wins if win.hard_day}),
        "few_wins": wins[:WINS_IN_DIGEST],
        "more_wins": max(len(wins) - WINS_IN_DIGEST, 0),
        "ally_notes": allies_api.notes_for_week(user, week.start),
        "week_url": settings.SITE_URL + reverse("week_of", args=[week.start.isoformat()]),
    }


def build_message(item: Due) -> EmailMessage:
    """The email for one due reminder, addressed to its person and no one else."""
    user = item.user
    link = unsubscribe_url(user, item.kind)
    ctx = {
        "user": user,
        "name": user.name,
        "today_url": settings.SITE_URL + reverse("home"),
        "settings_url": settings.SITE_URL + reverse("account_settings"),
        "unsubscribe_url": link,
        "affirmation": affirmation_for(item.local_now.date()),
    }
    if item.kind == DAILY:
        subject, template = DAILY_REMINDER_SUBJECT, "journal/email/daily_reminder.txt"
    else:
        subject, template = WEEKLY_DIGEST_SUBJECT, "journal/email/weekly_digest.txt"
        ctx.update(_digest_ctx(user, item.local_now.date()))
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(template, ctx),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


# ---- The unsubscribe page -----------------------------------------------------------


# No CSRF token and no login: the signed link is the permission, and a mail
# provider's RFC 8058 one-click POST ("List-Unsubscribe=One-Click") carries
# neither. The worst a forged request could do is switch off one reminder for
# the person whose link it is, which is what the link is for.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=found[0]).first() if found else None
    if user is None:
        return render(request, "journal/unsubscribe.html", {"valid": False}, status=404)
    kind = found[1]
    field = KIND_SETTING[kind]
    done = request.method == "POST"
    if done and getattr(user, field):
        # Only this person's row, and only this one switch.
        get_user_model().objects.filter(pk=user.pk).update(**{field: False})
    ctx = {
        "valid": True,
        "done": done,
        "subscribed": not done and getattr(user, field),
        "kind_words": KIND_WORDS[kind],
        "action": request.path,
    }
    return render(request, "journal/unsubscribe.html", ctx)
