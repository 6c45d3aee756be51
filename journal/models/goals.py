"""Gentle goals: tiny goals for some days of the week, and the days they were done."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from ..weeks import EVERY_DAY, weekday_bit
from ..words import days_in_a_sentence, days_in_words, goal_month_words
from .base import OwnedEntry, OwnedQuerySet
from .wins import Win

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
        """Each goal with `days_done`: on how many days from first to last it was done, and `ever_done`
        (in the same query)."""
        counted = Q(completions__day__range=(first, last), completions__win__deleted_at__isnull=True)
        ever = GoalCompletion.objects.filter(goal=OuterRef("pk"), win__deleted_at__isnull=True)
        return self.annotate(days_done=Count("completions", filter=counted), ever_done=Exists(ever))


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
    def month_words(self) -> str:
        """ "done on 2 days this month", "not yet this month" or "new" (needs with_days_done)."""
        return goal_month_words(self.days_done, ever_done=self.ever_done)

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
