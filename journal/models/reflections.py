"""The weekly reflection: one per owner and week."""

from django.conf import settings
from django.db import models
from django.utils import timezone

# The longest reflection answer, in characters: forms, widgets and imports all read it.
REFLECTION_TEXT_MAX = 5000

# The answers of a weekly reflection, in the order the week page asks them.
REFLECTION_FIELDS = ["five_wins", "honored_myself", "what_helped", "try_next_week", "proud"]


class Reflection(models.Model):
    """One weekly reflection per owner and week, keyed by the week's first day."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections")
    week_start = models.DateField()
    five_wins = models.TextField("Five small wins this week", blank=True, max_length=REFLECTION_TEXT_MAX)
    honored_myself = models.TextField("How did I honor myself this week?", blank=True, max_length=REFLECTION_TEXT_MAX)
    what_helped = models.TextField("What helped?", blank=True, max_length=REFLECTION_TEXT_MAX)
    try_next_week = models.TextField("One thing I'd like to try next week", blank=True, max_length=REFLECTION_TEXT_MAX)
    proud = models.BooleanField("I'm proud of myself for showing up.", default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "week_start"], name="reflection_owner_week_uniq"),
        ]

    def __str__(self) -> str:
        return f"Reflection for the week of {self.week_start:%Y-%m-%d}"

    @property
    def answers(self) -> dict:
        return {name: getattr(self, name) for name in REFLECTION_FIELDS}

    @property
    def is_empty(self) -> bool:
        return not any(value.strip() if isinstance(value, str) else value for value in self.answers.values())
