"""A weekly reflection kept safe after its writer's session ended (see KeptDraft)."""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .reflections import REFLECTION_FIELDS, Reflection


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
