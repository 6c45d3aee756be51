import datetime
import uuid
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

# WEEKDAYS is re-exported: the journal's export and import name a goal's days through this module.
from .weeks import EVERY_DAY, FIRST_DAY, weekday_bit
from .weeks import WEEKDAYS as WEEKDAYS
from .words import HARD_DAY_LABEL, days_in_a_sentence, days_in_words


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


# The longest win and the longest reflection answer, in characters: forms, widgets and imports all read these.
WIN_TEXT_MAX = 500
REFLECTION_TEXT_MAX = 5000

# The kind words shown beside a field; forms reuse them so the model and the page agree.
EMPTY_TEXT_MESSAGE = "Write a few words about your win. Even “got up” counts."
FUTURE_DAY_MESSAGE = "That day hasn't happened yet. Pick today or an earlier day."
TOO_EARLY_DAY_MESSAGE = "That day is a long way back. Pick a day from 1 January 1900 on."


def photo_upload_to(instance, filename: str) -> str:
    """A random name: nothing of the person's file (its name, its type) survives the upload."""
    return f"photos/{uuid.uuid4().hex}.jpg"


def photo_thumb_upload_to(instance, filename: str) -> str:
    return f"photos/thumbs/{uuid.uuid4().hex}.jpg"


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


class WinQuerySet(OwnedQuerySet):
    def shared(self):
        return self.filter(shared_with_allies=True)

    def days_shown_up(self, first: datetime.date, last: datetime.date) -> int:
        """How many different days between first and last (inclusive) have at least one win."""
        return self.filter(occurred_on__range=(first, last)).values("occurred_on").distinct().count()

    def deleted_before(self, moment: datetime.datetime):
        return self.filter(deleted_at__isnull=False, deleted_at__lt=moment)


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


class KeptDraft(models.Model):
    """A weekly reflection that arrived after its writer's session ended, kept until they log in again.

    It belongs to the writer named by the signed token their week page carried
    (a post without one is never kept), and to the browser that sent it: a random
    `holder` kept in that browser's session, which holds nothing else of it. So it
    only ever comes back to that person in that browser, and it goes with their
    account. At most MAX_PER_PERSON are kept per person, each of a reflection's size.
    """

    MAX_PER_PERSON = 3

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    holder = models.CharField(max_length=64, db_index=True)
    # The reflection's updated_at when the writer's page was drawn (None: there was none). A
    # reflection changed since then (in another browser, say) is never overwritten by the draft.
    based_on = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "week_start"], name="keptdraft_owner_week_uniq")]

    def __str__(self) -> str:
        return f"Kept draft for the week of {self.week_start:%Y-%m-%d}"

    @classmethod
    def lifetime(cls) -> datetime.timedelta:
        # As long as the logged-out session that holds it can live.
        return datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    @classmethod
    def keep(cls, *, owner_id: int, week_start: datetime.date, holder: str, based_on, answers: dict) -> "KeptDraft":
        """Keep (or replace) this person's draft for a week; only their newest few stay."""
        now = timezone.now()
        with transaction.atomic():
            draft, _created = cls.objects.update_or_create(
                owner_id=owner_id,
                week_start=week_start,
                defaults={"holder": holder, "based_on": based_on, "answers": answers, "created_at": now},
            )
            newest = cls.objects.filter(owner_id=owner_id).order_by("-created_at", "-pk")
            stale = list(newest.values_list("pk", flat=True)[cls.MAX_PER_PERSON :])
            cls.objects.filter(Q(pk__in=stale) | Q(owner_id=owner_id, created_at__lt=now - cls.lifetime())).delete()
        return draft

    @classmethod
    def held_by(cls, holder: str):
        return cls.objects.filter(holder=holder, created_at__gte=timezone.now() - cls.lifetime())

    @property
    def clean_answers(self) -> dict:
        """The answers as a reflection holds them: known fields only, text within the reflection's limits."""
        answers = {}
        for name in REFLECTION_FIELDS:
            value = self.answers.get(name) if isinstance(self.answers, dict) else None
            if name == "proud":
                answers[name] = value is True
            else:
                limit = Reflection._meta.get_field(name).max_length
                answers[name] = value[:limit] if isinstance(value, str) else ""
        return answers

    def restore(self) -> bool:
        """Save the draft into its week's reflection when that loses nothing: True if its words are saved.

        Safe means the reflection is empty, or unchanged since the writer's page
        was drawn. Otherwise the reflection stays as it is and the draft is kept,
        to be offered beside it. A draft that says what the reflection already
        says is simply let go.
        """
        with transaction.atomic():
            reflection = (
                Reflection.objects.select_for_update().filter(owner=self.owner_id, week_start=self.week_start).first()
            )
            if reflection is not None and reflection.answers == self.clean_answers:
                self.delete()
                return True
            if reflection is not None and not reflection.is_empty and reflection.updated_at != self.based_on:
                return False
            self.use(reflection)
            return True

    def use(self, reflection: "Reflection | None" = None) -> Reflection:
        """Put the draft's words into its week's reflection, replacing what is there, and let the draft go."""
        with transaction.atomic():
            if reflection is None:
                reflection, _created = Reflection.objects.get_or_create(
                    owner_id=self.owner_id, week_start=self.week_start
                )
            for name, value in self.clean_answers.items():
                setattr(reflection, name, value)
            reflection.save()
            self.delete()
        return reflection


# ---- Gentle goals ------------------------------------------------------------------

# Goal.days is a set of weekdays kept as bits (journal/weeks.py): Monday is 1, … Sunday 64.
GOAL_TEXT_MAX = 200
EMPTY_GOAL_MESSAGE = "Write a few words for your goal. Tiny is good: “Drink a glass of water”."


class GoalQuerySet(OwnedQuerySet):
    def active(self):
        return self.filter(paused_at__isnull=True)

    def scheduled_on(self, day: datetime.date):
        return self.alias(on_day=F("days").bitand(weekday_bit(day))).filter(on_day__gt=0)

    def with_today(self, day: datetime.date):
        """Each goal with `done_code`: the code of the live win that did it on `day`, if any (a subquery)."""
        done = GoalCompletion.objects.filter(goal=OuterRef("pk"), day=day, win__deleted_at__isnull=True)
        return self.annotate(done_code=Subquery(done.values("win__code")[:1]))

    def with_days_done(self, first: datetime.date, last: datetime.date):
        """Each goal with `days_done`: on how many days from first to last it was done (in the same query)."""
        counted = Q(completions__day__range=(first, last), completions__win__deleted_at__isnull=True)
        return self.annotate(days_done=Count("completions", filter=counted))


class Goal(OwnedEntry):
    """A tiny goal a person sets for some days of the week. Never a streak: only days it was done."""

    MAX_PER_PERSON = 20

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=GOAL_TEXT_MAX, validators=[MinLengthValidator(1)])
    days = models.PositiveSmallIntegerField(default=EVERY_DAY)
    paused_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["owner", "created_at"], name="goal_owner_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1, days__lte=EVERY_DAY), name="goal_days_valid"),
        ]

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def days_words(self) -> str:
        return days_in_words(self.days)

    @property
    def days_phrase(self) -> str:
        return days_in_a_sentence(self.days)

    @property
    def weekdays(self) -> list[int]:
        """The chosen days as date.weekday() numbers (0 is Monday)."""
        return [index for index in range(7) if self.days & (1 << index)]

    def is_scheduled_on(self, day: datetime.date) -> bool:
        return bool(self.days & weekday_bit(day))

    def idempotency_key(self, day: datetime.date) -> uuid.UUID:
        """The key of the win this goal logs on `day`: one win per goal and day, however many taps."""
        return uuid.uuid5(self.code, day.isoformat())

    def complete(self, day: datetime.date) -> tuple[Win, bool]:
        """Log the goal's win for `day` once: (win, created). A second tap gets the same win back."""
        with transaction.atomic():
            win, created = Win.log(
                owner=self.owner,
                idempotency_key=self.idempotency_key(day),
                text=self.text,
                category=self.category,
                occurred_on=day,
            )
            if win.is_deleted:
                # Done, undone, done again: the same win comes back, as it was.
                win.restore()
                created = True
            _completion, made = GoalCompletion.objects.get_or_create(goal=self, day=day, defaults={"win": win})
            return win, created or made

    def undo(self, day: datetime.date) -> Win | None:
        """Take back `day`'s Done: the completion goes and its win is deleted (kept for the undo window)."""
        with transaction.atomic():
            completion = self.completions.select_related("win").select_for_update().filter(day=day).first()
            if completion is None:
                return None
            win = completion.win
            completion.delete()
            if not win.is_deleted:
                win.soft_delete()
            return win

    def pause(self) -> None:
        self.paused_at = timezone.now()
        Goal.objects.filter(pk=self.pk).update(paused_at=self.paused_at)

    def resume(self) -> None:
        self.paused_at = None
        Goal.objects.filter(pk=self.pk).update(paused_at=None)


class GoalCompletion(models.Model):
    """A goal done on one of the owner's local days, and the win that tap logged."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="completions")
    day = models.DateField()
    win = models.OneToOneField(Win, on_delete=models.CASCADE, related_name="goal_completion")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["goal", "day"], name="goalcompletion_goal_day_uniq")]

    def __str__(self) -> str:
        return f"Goal {self.goal_id} done on {self.day:%Y-%m-%d}"


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
