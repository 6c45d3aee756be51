"""The accounts app's kind words for reminders on a person's devices (the rest of the voice: journal/words.py)."""

PUSH_TURNED_ON = "Done. This device will get your daily reminder."
PUSH_TURNED_ON_NOT_USED = (
    "Done. This device is ready. To get the reminder here, turn on the daily reminder above and choose "
    "“As a notification on my devices” or “Both”."
)
PUSH_NOT_TAKEN = "This browser's answer didn't come through whole, so nothing changed. Please try again."
PUSH_OFF_ON_SERVER = "Notifications aren't set up on this server yet, so nothing changed. Email reminders still work."
PUSH_REMOVED = "Done. That device won't get reminders any more."
