"""What the journal's models share: categories, moods, and the abstract OwnedEntry."""

import uuid

from django.db import models
from django.utils import timezone


class Category(models.TextChoices):
    REST = "rest", "Rest"
    BOUNDARIES = "boundaries", "Boundaries"
    SELF_COMPASSION = "self-compassion", "Self-compassion"
    SELF_CARE = "self-care", "Self-care"
    REACHING_OUT = "reaching-out", "Reaching out"
    AWARENESS = "awareness", "Awareness"
    FEELINGS = "feelings", "Feelings"
    DISTRESS_TOLERANCE = "distress-tolerance", "Distress tolerance"
    ROUTINE = "routine", "Routine"
    BODY_HEALTH = "body-health", "Body & health"
    CONNECTION = "connection", "Connection"
    JOY = "joy", "Joy"
    GRATITUDE = "gratitude", "Gratitude"
    OTHER = "other", "Other"


class Mood(models.IntegerChoices):
    # Moods are always shown with words, never as a bare number or colour.
    VERY_LOW = 1, "very low"
    LOW = 2, "low"
    OKAY = 3, "okay"
    GOOD = 4, "good"
    VERY_GOOD = 5, "very good"


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class OwnedEntry(models.Model):
    """What a win and a goal share: a code for URLs, a category, their times, and trimmed words.

    Each model declares its own `owner` (its related name is part of the schema's
    history) and its own `text` (the lengths and rules differ).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.CharField(max_length=32, choices=Category.choices, default=Category.OTHER)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Never the words: this shows in the admin, in logs and in error reports.
        return f"{type(self).__name__} {self.code}"

    def save(self, *args, **kwargs):
        self.text = (self.text or "").strip()
        super().save(*args, **kwargs)
