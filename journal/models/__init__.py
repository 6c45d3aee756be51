"""The journal's models, by topic; every name is re-exported so `from journal.models import X` keeps working.

Migrations name journal.models.photo_upload_to and photo_thumb_upload_to, and the
export and import name a goal's days through WEEKDAYS and EVERY_DAY: keep them here.
"""

from ..weeks import EVERY_DAY, WEEKDAYS
from .base import Category, Mood, OwnedEntry, OwnedQuerySet
from .drafts import KeptDraft
from .goals import EMPTY_GOAL_MESSAGE, GOAL_TEXT_MAX, Goal, GoalCompletion, GoalQuerySet
from .imports import ImportJob
from .reflections import REFLECTION_FIELDS, REFLECTION_TEXT_MAX, Reflection
from .reminders import SentReminder
from .safety_plan import (
    CONTACT_STEPS,
    SAFETY_PLAN_FIELDS,
    SAFETY_PLAN_ITEM_MAX,
    SAFETY_PLAN_ITEMS_MAX,
    SAFETY_PLAN_PHONE_MAX,
    SAFETY_PLAN_STEPS,
    SafetyPlan,
    Step,
)
from .wins import (
    EMPTY_TEXT_MESSAGE,
    FUTURE_DAY_MESSAGE,
    TOO_EARLY_DAY_MESSAGE,
    WIN_TEXT_MAX,
    LiveWinManager,
    Win,
    WinQuerySet,
    photo_thumb_upload_to,
    photo_upload_to,
)

__all__ = [
    "CONTACT_STEPS",
    "EMPTY_GOAL_MESSAGE",
    "EMPTY_TEXT_MESSAGE",
    "EVERY_DAY",
    "FUTURE_DAY_MESSAGE",
    "GOAL_TEXT_MAX",
    "REFLECTION_FIELDS",
    "REFLECTION_TEXT_MAX",
    "SAFETY_PLAN_FIELDS",
    "SAFETY_PLAN_ITEMS_MAX",
    "SAFETY_PLAN_ITEM_MAX",
    "SAFETY_PLAN_PHONE_MAX",
    "SAFETY_PLAN_STEPS",
    "TOO_EARLY_DAY_MESSAGE",
    "WEEKDAYS",
    "WIN_TEXT_MAX",
    "Category",
    "Goal",
    "GoalCompletion",
    "GoalQuerySet",
    "ImportJob",
    "KeptDraft",
    "LiveWinManager",
    "Mood",
    "OwnedEntry",
    "OwnedQuerySet",
    "Reflection",
    "SafetyPlan",
    "SentReminder",
    "Step",
    "Win",
    "WinQuerySet",
    "photo_thumb_upload_to",
    "photo_upload_to",
]
