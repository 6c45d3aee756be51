"""Reminders sent, one row per person, kind and period."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SentReminder(models.Model):
    """One reminder sent to one person for one period: the row is written before the email goes.

    The unique constraint is what makes `send_reminders` safe to run twice at
    once: of two runs racing for the same (person, kind, period), one inserts
    the row and sends; the other finds it and sends nothing.
    """

    class Kind(models.TextChoices):
        DAILY = "daily", "Daily reminder"
        WEEKLY = "weekly", "Weekly digest"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The person's local day ("2025-03-14") for the daily reminder, the ISO week ("2025-W11") for the digest.
    period = models.CharField(max_length=16)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "period"], name="sentreminder_user_kind_period_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.user_id}, {self.period}"
