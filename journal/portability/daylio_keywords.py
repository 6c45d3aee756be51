"""Which category a Daylio activity suggests: a plain table, in one place.

Daylio's default activities and common custom ones, keyed by the category
they suggest. The table is read in order: the first category with a keyword
matching any of an entry's activities decides, and nothing matching means
"Other". A keyword matches at the start of a word, so "eat" finds "eating"
but never "great", and "cat" never "vacation".

The Daylio import uses it (import_daylio.py); docs/EXPORT.md lists it for people.
"""

import re
from collections.abc import Iterable

from journal.models import Category

ACTIVITY_KEYWORDS: dict[str, tuple[str, ...]] = {
    Category.REST: ("sleep", "nap", "rest", "relax", "bed", "lazy", "break", "day off"),
    Category.REACHING_OUT: ("therapy", "therapist", "counsel", "support group", "call", "phone", "text", "asked"),
    Category.CONNECTION: ("friend", "family", "partner", "date", "party", "social", "kids", "pet", "dog", "cat"),
    Category.BODY_HEALTH: (
        "exercise",
        "sport",
        "gym",
        "walk",
        "run",
        "yoga",
        "swim",
        "bike",
        "cycl",
        "healthy",
        "eat",
        "food",
        "water",
        "doctor",
        "medic",
        "pill",
        "stretch",
    ),
    Category.SELF_CARE: ("shower", "bath", "self-care", "self care", "skincare", "hair", "nails", "dress"),
    Category.GRATITUDE: ("gratitude", "grateful", "thankful", "thanks"),
    Category.AWARENESS: ("meditat", "journal", "mindful", "breath", "pray"),
    Category.BOUNDARIES: ("said no", "boundar"),
    Category.FEELINGS: ("cried", "cry", "feel", "talked about"),
    Category.ROUTINE: (
        "clean",
        "chores",
        "laundry",
        "shopping",
        "cook",
        "work",
        "study",
        "school",
        "class",
        "homework",
        "errand",
        "tidy",
        "dishes",
        "budget",
    ),
    Category.JOY: (
        "movie",
        "film",
        "read",
        "book",
        "gaming",
        "game",
        "music",
        "art",
        "draw",
        "paint",
        "hobby",
        "travel",
        "garden",
        "fun",
        "tv",
        "series",
        "craft",
        "photo",
        "sing",
        "danc",
    ),
}

_PATTERNS = [
    (category, re.compile(r"\b(?:" + "|".join(re.escape(keyword) for keyword in keywords) + ")"))
    for category, keywords in ACTIVITY_KEYWORDS.items()
]


def category_for_activities(activities: Iterable[str]) -> str:
    """The category the first matching activity suggests, or "Other"."""
    for activity in activities:
        lowered = activity.lower()
        for category, pattern in _PATTERNS:
            if pattern.search(lowered):
                return category
    return Category.OTHER
