"""My safety plan: the steps of a safety plan (Stanley and Brown's) and reasons for living, in the person's words.

One plan per person. Each step is a short list; the two steps with people to
contact hold a name and a phone number per entry. The lists live as JSON on one
row, so the plan reads and saves in one query and goes with its owner. It is
private: an ally sees it only when the owner ticks "Let my allies see my safety
plan" for that ally (allies.AllyLink.sees_safety_plan).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

# Per list, and per entry: a plan is short enough to read in a hard moment and print on one page.
SAFETY_PLAN_ITEMS_MAX = 10
SAFETY_PLAN_ITEM_MAX = 200
SAFETY_PLAN_PHONE_MAX = 30


@dataclass(frozen=True)
class Step:
    name: str  # the field
    heading: str  # exactly as the page shows it
    hint: str  # what to write, in a few words
    contacts: bool = False  # entries are {"name", "phone"} rather than lines of words


SAFETY_PLAN_STEPS: tuple[Step, ...] = (
    Step(
        "warning_signs",
        "My warning signs",
        "Thoughts, feelings, moods or situations that tell you a hard time may be starting.",
    ),
    Step(
        "on_my_own",
        "Things I can do on my own",
        "Things that help you feel calmer without anyone else, like a walk, music or a shower.",
    ),
    Step(
        "people_places",
        "People and places that help me",
        "People and places that take your mind off things, like a friend's kitchen, a café or the park.",
    ),
    Step(
        "ask_for_help",
        "People I can ask for help",
        "People you trust to call when you need help, with their numbers.",
        contacts=True,
    ),
    Step(
        "professionals",
        "Professionals and services",
        "Your doctor, therapist, a crisis line or an urgent care service, with their numbers.",
        contacts=True,
    ),
    Step(
        "safer_surroundings",
        "Making my surroundings safer",
        "Ways to keep things you might use to hurt yourself out of reach, or to be somewhere safer.",
    ),
    Step("reasons", "My reasons for living", "The people, things and hopes that matter most to you."),
)

SAFETY_PLAN_FIELDS = [step.name for step in SAFETY_PLAN_STEPS]
CONTACT_STEPS = [step.name for step in SAFETY_PLAN_STEPS if step.contacts]


def clean_entries(step: Step, value) -> list:
    """A step's entries as the plan holds them: known shapes only, within the limits, blanks left out.

    Whatever arrives (an import, a kept draft) passes through here, so a plan
    never holds anything but short strings, or short {"name", "phone"} pairs.
    """
    if not isinstance(value, list):
        return []
    entries = []
    for item in value[:SAFETY_PLAN_ITEMS_MAX]:
        if step.contacts:
            if not isinstance(item, dict):
                continue
            name, phone = item.get("name"), item.get("phone")
            name = name.strip()[:SAFETY_PLAN_ITEM_MAX] if isinstance(name, str) else ""
            phone = phone.strip()[:SAFETY_PLAN_PHONE_MAX] if isinstance(phone, str) else ""
            if name or phone:
                entries.append({"name": name, "phone": phone})
        elif isinstance(item, str) and item.strip():
            entries.append(item.strip()[:SAFETY_PLAN_ITEM_MAX])
    return entries


class SafetyPlan(models.Model):
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan")
    warning_signs = models.JSONField(default=list, blank=True)
    on_my_own = models.JSONField(default=list, blank=True)
    people_places = models.JSONField(default=list, blank=True)
    ask_for_help = models.JSONField(default=list, blank=True)
    professionals = models.JSONField(default=list, blank=True)
    safer_surroundings = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    # Words posted after the writer's session ended, kept for them until they are back in that
    # browser (the same promise as the weekly reflection's KeptDraft): `kept_holder` is the random
    # name that browser's session holds, `kept_based_on` the plan's updated_at when the page was drawn.
    kept_words = models.JSONField(null=True, blank=True, editable=False)
    kept_holder = models.CharField(max_length=64, blank=True, editable=False)
    kept_based_on = models.DateTimeField(null=True, blank=True, editable=False)
    kept_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        # Never the words: this shows in the admin, in logs and in error reports.
        return f"Safety plan {self.pk}"

    @classmethod
    def for_owner(cls, owner) -> "SafetyPlan":
        """The person's plan, or an empty one not yet saved (a plan row exists once they save)."""
        return cls.objects.filter(owner=owner).first() or cls(owner=owner)

    @property
    def steps(self) -> list[tuple[Step, list]]:
        return [(step, clean_entries(step, getattr(self, step.name))) for step in SAFETY_PLAN_STEPS]

    @property
    def answers(self) -> dict:
        return {step.name: clean_entries(step, getattr(self, step.name)) for step in SAFETY_PLAN_STEPS}

    @property
    def is_empty(self) -> bool:
        return not any(self.answers.values())

    def set_answers(self, answers: dict) -> None:
        for step in SAFETY_PLAN_STEPS:
            if step.name in answers:
                setattr(self, step.name, clean_entries(step, answers[step.name]))

    # ---- Words kept while logged out -------------------------------------------------

    @staticmethod
    def kept_lifetime() -> datetime.timedelta:
        # As long as the logged-out session that holds its name can live.
        return datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    @classmethod
    def keep(cls, *, owner_id: int, holder: str, based_on, answers: dict) -> None:
        with transaction.atomic():
            plan, _created = cls.objects.select_for_update().get_or_create(owner_id=owner_id)
            plan.kept_words = {step.name: clean_entries(step, answers.get(step.name)) for step in SAFETY_PLAN_STEPS}
            plan.kept_holder, plan.kept_based_on, plan.kept_at = holder, based_on, timezone.now()
            # Not a change to the plan itself: updated_at stays as it was.
            cls.objects.filter(pk=plan.pk).update(
                kept_words=plan.kept_words, kept_holder=holder, kept_based_on=based_on, kept_at=plan.kept_at
            )

    def kept_for(self, holder: str) -> dict | None:
        """The words kept in this browser, if they are still fresh."""
        if not holder or self.kept_holder != holder or self.kept_words is None or self.kept_at is None:
            return None
        if self.kept_at < timezone.now() - self.kept_lifetime():
            return None
        return {step.name: clean_entries(step, self.kept_words.get(step.name)) for step in SAFETY_PLAN_STEPS}

    def _forget_kept(self) -> None:
        self.kept_words, self.kept_holder, self.kept_based_on, self.kept_at = None, "", None, None

    def forget_stale_kept(self) -> None:
        """Words kept while logged out that nobody came back for in time go with the next save."""
        if self.kept_at is not None and self.kept_for(self.kept_holder) is None:
            self._forget_kept()

    def let_kept_go(self) -> None:
        self._forget_kept()
        SafetyPlan.objects.filter(pk=self.pk).update(kept_words=None, kept_holder="", kept_based_on=None, kept_at=None)

    def use_kept(self, kept: dict) -> None:
        """Put the kept words into the plan, replacing what is there, and let them go."""
        self.set_answers(kept)
        self._forget_kept()
        self.save()

    def can_take_kept_safely(self, kept: dict) -> bool:
        """True when the kept words lose nothing: the plan is empty, unchanged since, or already says them."""
        return self.is_empty or self.updated_at == self.kept_based_on or self.answers == kept
