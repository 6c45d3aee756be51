import datetime
import re
import secrets
import unicodedata
import uuid
import zoneinfo
from functools import cache

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from crisis.resources import country_choices


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


def without_control_characters(text: str) -> str:
    """A name as one plain line: control characters (CR, LF, tab, NUL…) become spaces.

    A name travels into email subjects and bodies, where a line break would let
    it forge a header or a line that seems to come from us.
    """
    shown = "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text)
    return re.sub(r"\s{2,}", " ", shown).strip()


def new_offline_secret() -> str:
    return secrets.token_urlsafe(32)


class Weekday(models.IntegerChoices):
    # Same numbering as date.weekday().
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderWay(models.TextChoices):
    EMAIL = "email", "By email"
    PUSH = "push", "As a notification on my devices"
    BOTH = "both", "Both"


def in_quiet_hours(moment: datetime.time, start: datetime.time, end: datetime.time) -> bool:
    """Whether `moment` is between start and end, which may span midnight (22:00 to 08:00); start == end: never."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who keeps a journal. Email is the login; there is no username."""

    class WeekStart(models.IntegerChoices):
        # Same numbering as date.weekday().
        MONDAY = 0, "Monday"
        SUNDAY = 6, "Sunday"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField("display name", max_length=80, blank=True)
    timezone = models.CharField("time zone", max_length=64, default="UTC", choices=timezone_choices)
    # Where the "Need help now?" link leads (crisis/resources.json); guessed from the time zone at sign-up.
    country = models.CharField("Country for crisis help", max_length=2, blank=True, choices=country_choices)
    week_starts_on = models.PositiveSmallIntegerField(
        "my week starts on", choices=WeekStart.choices, default=WeekStart.MONDAY
    )
    # What the owner asks their allies; shown at the top of the ally's view.
    ally_ask = models.TextField(
        "What I'd like to ask my allies",
        max_length=1000,
        blank=True,
        default="What have you noticed? Can you see me changing?",
    )
    email_on_ally_note = models.BooleanField("Email me when an ally leaves a note", default=True)
    # Gentle reminders (journal/reminders.py): off until the person turns them on.
    # Times are the person's own local time, in their time zone.
    daily_reminder = models.BooleanField("Email me a daily reminder", default=False)
    daily_reminder_time = models.TimeField("Remind me at", default=datetime.time(20, 0))
    weekly_digest = models.BooleanField("Email me a weekly digest", default=False)
    weekly_digest_day = models.PositiveSmallIntegerField("Send the digest on", choices=Weekday.choices, default=6)
    weekly_digest_time = models.TimeField("Send the digest at", default=datetime.time(18, 0))
    # The daily reminder by email, as a push notification on the devices the person turned on, or both.
    daily_reminder_by = models.CharField(
        "How it reaches you", max_length=8, choices=ReminderWay.choices, default=ReminderWay.EMAIL
    )
    # No daily reminder is sent between these two local times (they may run past midnight).
    quiet_from = models.TimeField("Quiet hours from", default=datetime.time(22, 0))
    quiet_until = models.TimeField("Quiet hours until", default=datetime.time(8, 0))
    # Random and never shown. Wins logged offline wait on the device sealed for this person, under an
    # opaque owner id; both the id and the key come from this secret (offline/keys.py), never the email.
    offline_secret = models.CharField(max_length=64, default=new_offline_secret, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        # Every way in (sign-up, settings, an imported file, the admin) stores a name as one line.
        self.display_name = without_control_characters(self.display_name)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """What we call the person on screen and in emails to their allies."""
        # Also for a name stored before control characters were taken out.
        return without_control_characters(self.display_name) or self.email.split("@", 1)[0]

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_now(self):
        return timezone.now().astimezone(self.tzinfo)

    def local_today(self):
        return self.local_now().date()

    def is_quiet_at(self, local_time: datetime.time) -> bool:
        return in_quiet_hours(local_time, self.quiet_from, self.quiet_until)


class PushSubscription(models.Model):
    """One browser or phone that asked for reminders: the Push API subscription it gave us.

    The endpoint is a capability URL at the browser's push service; with the two
    keys, only that browser can read what we send. It is never shown on a page.
    A push service that answers 404 or 410 for it has forgotten it, and so do we
    (accounts/push.py).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    # Pages and forms name a device by this code, never by its id or endpoint.
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    # "Chrome on Android", named from the User-Agent when it was turned on; the header itself is not kept.
    device = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    # Which message was sent last ("daily 2025-03-14"), so a task run twice sends it once.
    last_sent_for = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.device} ({self.code})"

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
