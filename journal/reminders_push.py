"""The daily reminder as a notification on a person's devices: the task that sends it to one device.

`send_due_reminders` (journal/reminders.py) records the day's reminder, then
enqueues `send_push_reminder(device id, reminder id)` for each device the
person turned on, once the record is committed. The task carries those two
ids only. The notification says a gentle line from journal/words.py and
opens Today: never anything the person wrote, which would show on a locked
screen.

Like an email, it is retried with growing delays when the push service is
away (background/retry.py), but for less long: a reminder is only of use on
its own day. Every attempt looks again whether it is still wanted (still
that day, outside quiet hours, no win logged meanwhile, still asked for by
push), and a device records what it was last sent, so a task run twice sends
it once.
"""

import datetime
import logging

from django.tasks import task
from django.urls import reverse

from accounts.models import PushSubscription, ReminderWay
from accounts.push import PushRefused, send_push
from background.retry import retrying

from .models import SentReminder, Win
from .words import PUSH_REMINDER_LINES, PUSH_REMINDER_TITLE

log = logging.getLogger(__name__)

# With the delays in background/retry.py, eight attempts span about twenty minutes.
PUSH_ATTEMPTS = 8
BY_PUSH = {ReminderWay.PUSH, ReminderWay.BOTH}


def reminder_message(day: datetime.date) -> dict:
    """What the notification says and where it leads: the same for everyone on a given day."""
    return {
        "title": PUSH_REMINDER_TITLE,
        "body": PUSH_REMINDER_LINES[day.toordinal() % len(PUSH_REMINDER_LINES)],
        "url": reverse("home"),
        "tag": "daily-reminder",
    }


def _still_wanted(reminder: SentReminder) -> str | None:
    """Why the reminder should not go after all, or None when it should."""
    user = reminder.user
    local_now = user.local_now()
    if not (user.is_active and user.daily_reminder and user.daily_reminder_by in BY_PUSH):
        return "turned off"
    if reminder.period != local_now.date().isoformat():
        return "its day is over"
    if user.is_quiet_at(local_now.time()):
        return "quiet hours"
    if Win.objects.owners_who_logged_on({user.pk: local_now.date()}):
        return "a win was logged"
    return None


@task
@retrying(attempts=PUSH_ATTEMPTS)
def send_push_reminder(device_id: int, reminder_id: int, *, attempt: int = 1) -> str:
    """Send the day's reminder to one of its person's devices, once."""
    reminder = SentReminder.objects.select_related("user").filter(pk=reminder_id, kind=SentReminder.Kind.DAILY).first()
    device = PushSubscription.objects.filter(pk=device_id).first()
    if reminder is None or device is None or device.user_id != reminder.user_id:
        return "nothing to send"
    reason = _still_wanted(reminder)
    if reason:
        return f"not sent: {reason}"
    sent_for = f"{reminder.kind} {reminder.period}"
    claimed = (
        PushSubscription.objects.filter(pk=device_id).exclude(last_sent_for=sent_for).update(last_sent_for=sent_for)
    )
    if not claimed:
        return "sent already"
    try:
        return send_push(device, reminder_message(datetime.date.fromisoformat(reminder.period)))
    except PushRefused as exc:
        # Trying again would get the same answer; the person still has the device on their Account page.
        log.warning("Push reminder %s to device %s refused: %s", reminder_id, device_id, exc)
        return f"refused: {exc}"
    except Exception:
        # Not sent: let the next attempt claim it again.
        PushSubscription.objects.filter(pk=device_id, last_sent_for=sent_for).update(last_sent_for=device.last_sent_for)
        raise
