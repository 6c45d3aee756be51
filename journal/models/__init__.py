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
    "EMPTY_GOAL_MESSAGE",
    "EMPTY_TEXT_MESSAGE",
    "EVERY_DAY",
    "FUTURE_DAY_MESSAGE",
    "GOAL_TEXT_MAX",
    "REFLECTION_FIELDS",
    "REFLECTION_TEXT_MAX",
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
    "SentReminder",
    "Win",
    "WinQuerySet",
    "photo_thumb_upload_to",
    "photo_upload_to",
]
