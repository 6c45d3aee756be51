"""Wins: the heart of the journal, logged once per idempotency key and soft-deleted for Undo."""

import datetime
import uuid
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ..weeks import FIRST_DAY
from ..words import HARD_DAY_LABEL
from .base import Mood, OwnedEntry, OwnedQuerySet

# The longest win, in characters: forms, widgets and imports all read it.
WIN_TEXT_MAX = 500

# The kind words shown beside a field; forms reuse them so the model and the page agree.
EMPTY_TEXT_MESSAGE = "Write a few words about your win. Even “got up” counts."
FUTURE_DAY_MESSAGE = "That day hasn't happened yet. Pick today or an earlier day."
TOO_EARLY_DAY_MESSAGE = "That day is a long way back. Pick a day from 1 January 1900 on."


def photo_upload_to(instance, filename: str) -> str:
    """A random name: nothing of the person's file (its name, its type) survives the upload."""
    return f"photos/{uuid.uuid4().hex}.jpg"


def photo_thumb_upload_to(instance, filename: str) -> str:
    return f"photos/thumbs/{uuid.uuid4().hex}.jpg"


class WinQuerySet(OwnedQuerySet):
    def shared(self):
        return self.filter(shared_with_allies=True)

    def days_shown_up(self, first: datetime.date, last: datetime.date) -> int:
        """How many different days between first and last (inclusive) have at least one win."""
        return self.filter(occurred_on__range=(first, last)).values("occurred_on").distinct().count()

    def deleted_before(self, moment: datetime.datetime):
        return self.filter(deleted_at__isnull=False, deleted_at__lt=moment)

    def owners_who_logged_on(self, days: dict[int, datetime.date]) -> set[int]:
        """Of {owner id: their local day}, those with a win for that day.

        One query on (owner, day), the leading columns of win_owner_day_idx; the
        days differ only by time zone, so there are one or two of them.
        """
        if not days:
            return set()
        found = self.filter(owner_id__in=days, occurred_on__in=set(days.values())).values_list(
            "owner_id", "occurred_on"
        )
        return {owner_id for owner_id, day in found.order_by().distinct() if days[owner_id] == day}


class LiveWinManager(models.Manager.from_queryset(WinQuerySet)):
    """Soft-deleted wins are invisible everywhere except Undo and the purge."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Win(OwnedEntry):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wins")
    text = models.CharField(
        max_length=WIN_TEXT_MAX, validators=[MinLengthValidator(1), MaxLengthValidator(WIN_TEXT_MAX)]
    )
    mood = models.PositiveSmallIntegerField(choices=Mood.choices, null=True, blank=True)
    hard_day = models.BooleanField(HARD_DAY_LABEL, default=False)
    occurred_on = models.DateField("day")
    shared_with_allies = models.BooleanField("Share with my allies", default=False)
    # Sent with every quick-log form, so a double-click, a retry or a re-sent
    # form can never create a second win.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # One photo, re-encoded without any metadata by journal/photos.py, plus a
    # small thumbnail. Served only through the access-checked /photos/<code>/.
    photo = models.FileField(upload_to=photo_upload_to, blank=True, max_length=200, editable=False)
    photo_thumb = models.FileField(upload_to=photo_thumb_upload_to, blank=True, max_length=200, editable=False)
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumb_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumb_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = LiveWinManager()
    all_objects = models.Manager.from_queryset(WinQuerySet)()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-occurred_on", "-created_at"]
        indexes = [
            models.Index(
                fields=["owner", "-occurred_on", "-created_at"],
                condition=models.Q(deleted_at__isnull=True),
                name="win_owner_day_idx",
            ),
            models.Index(
                fields=["deleted_at"],
                condition=models.Q(deleted_at__isnull=False),
                name="win_deleted_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"],
                name="win_owner_idempotency_key_uniq",
            ),
        ]

    @property
    def mood_words(self) -> str:
        return self.get_mood_display() if self.mood else ""

    @classmethod
    def log(cls, *, owner, idempotency_key: uuid.UUID | None = None, **fields) -> tuple["Win", bool]:
        """Record a win once per idempotency key: (win, created).

        A double-click, a retry after a dropped connection or a re-sent form
        carries the same key and gets the first win back. The lookup sees
        soft-deleted wins too, so re-sending an old form never resurrects one.
        """
        if idempotency_key is None:
            return cls.objects.create(owner=owner, **fields), True
        # Insert first and let the unique constraint catch a repeat: a fresh key,
        # nearly every time, then costs one round trip instead of get_or_create's
        # four (SELECT, BEGIN, INSERT, COMMIT). Inside someone else's transaction
        # the insert gets a savepoint, so a repeat does not spoil the rest of it.
        attempt = transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()
        try:
            with attempt:
                return cls.objects.create(owner=owner, idempotency_key=idempotency_key, **fields), True
        except IntegrityError:
            first = cls.all_objects.filter(owner=owner, idempotency_key=idempotency_key).first()
            if first is None:
                raise  # some other constraint: not a repeat
            return first, False

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors: dict[str, list] = {}
        if "text" not in exclude:
            self.text = (self.text or "").strip()
            if not self.text:
                errors["text"] = [EMPTY_TEXT_MESSAGE]
                exclude.add("text")
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        checks_day = "occurred_on" not in exclude and "occurred_on" not in errors
        if checks_day and self.occurred_on and self.owner_id and self.occurred_on > self.owner.local_today():
            errors["occurred_on"] = [FUTURE_DAY_MESSAGE]
        elif checks_day and self.occurred_on and self.occurred_on < FIRST_DAY:
            errors["occurred_on"] = [TOO_EARLY_DAY_MESSAGE]
        if errors:
            raise ValidationError(errors)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        """Hide the win but keep it, so Undo can bring it back as it was."""
        self.deleted_at = timezone.now()
        # A queryset update leaves updated_at alone: Undo restores the win exactly.
        Win.all_objects.filter(pk=self.pk).update(deleted_at=self.deleted_at)

    def restore(self) -> None:
        self.deleted_at = None
        Win.all_objects.filter(pk=self.pk).update(deleted_at=None)

    @property
    def has_photo(self) -> bool:
        return bool(self.photo and self.photo_thumb)

    @property
    def photo_files(self) -> list[str]:
        """The storage names of this win's photo and thumbnail (what to delete when it goes)."""
        return [name for name in (self.photo.name, self.photo_thumb.name) if name]

    @classmethod
    def purge_deleted(cls, *, older_than: datetime.timedelta) -> int:
        """Remove for good the wins deleted longer ago than the grace period (photos go too: journal/photos.py)."""
        _, per_model = cls.all_objects.deleted_before(timezone.now() - older_than).delete()
        return per_model.get(cls._meta.label, 0)
