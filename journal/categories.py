"""Which category some words suggest: one keyword table, used wherever a category has to be guessed.

Today uses it when a win is logged without a category (journal/forms.py), and the
Daylio import for each entry's activities (journal/portability/import_daylio.py);
docs/EXPORT.md lists it for people.

The table is read in order: the first category with a keyword in the words
decides, and nothing matching means "Other". So the narrow, telling phrases
("said no", "kind to myself") come before the broad ones ("work", "read").

A keyword matches a whole word, with the plain endings English adds to it:
"walk" finds "walks", "walked" and "walking", "run" finds "running", "cry"
finds "cried", "bike" finds "biking", but "fun" never finds "funeral", "rest"
never "restaurant" and "cat" never "vacation". A keyword ending in "*" is a
stem and finds any word it starts ("meditat*": "meditated", "meditation").
Phrases match as written, the endings going on their last word.
"""

import re
from collections.abc import Iterable

from .models import Category

CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    Category.SELF_COMPASSION: (
        "kind to myself",
        "gentle with myself",
        "easy on myself",
        "forgave myself",
        "forgive myself",
        "self-compassion",
        "self compassion",
    ),
    Category.BOUNDARIES: ("said no", "say no", "saying no", "boundar*", "stood up for myself", "stand up for myself"),
    Category.DISTRESS_TOLERANCE: ("panic*", "cope", "got through", "get through", "grounding", "urge*"),
    Category.SELF_CARE: (
        "out of bed",
        "got up",
        "shower",
        "bath",
        "bathe",
        "self-care",
        "self care",
        "skincare",
        "hair",
        "haircut",
        "nails",
        "dress",
        "teeth",
        "outside",
        "fresh air",
    ),
    Category.REST: ("sleep", "slept", "nap", "rest", "relax", "bed", "bedtime", "lazy", "break", "day off"),
    Category.REACHING_OUT: (
        "therap*",
        "counsel*",
        "support group",
        "call",
        "phone",
        "text",
        "ask",
        "reach out",
        "reached out",
    ),
    Category.CONNECTION: (
        "friend*",
        "family",
        "partner",
        "date",
        "party",
        "social*",
        "kid",
        "pet",
        "dog",
        "cat",
        "mum",
        "mom",
        "dad",
        "sister",
        "brother",
        "message",
        "reply",
        "visit",
        "hug",
        "chat",
        "met up",
        "meet up",
    ),
    Category.BODY_HEALTH: (
        "exercise",
        "sport*",
        "gym",
        "walk",
        "run",
        "ran",
        "yoga",
        "swim",
        "swam",
        "bike",
        "cycl*",
        "workout",
        "work out",
        "worked out",
        "health*",
        "eat",
        "ate",
        "eaten",
        "meal",
        "breakfast",
        "lunch",
        "dinner",
        "snack",
        "food",
        "water",
        "drink",
        "drank",
        "doctor",
        "dentist",
        "medic*",
        "pill",
        "vitamin*",
        "stretch",
    ),
    Category.GRATITUDE: ("gratitude", "grateful", "thankful", "thank"),
    Category.AWARENESS: ("meditat*", "journal", "mindful*", "breath*", "pray", "notic*", "trigger*"),
    Category.FEELINGS: ("cry", "feel", "felt", "emotion*", "talked about", "vent"),
    Category.ROUTINE: (
        "routine",
        "clean",
        "chore*",
        "laundry",
        "shop",
        "grocer*",
        "cook",
        "work",
        "study",
        "school",
        "class",
        "homework",
        "errand*",
        "tidy",
        "dish",
        "budget*",
        "email",
    ),
    Category.JOY: (
        "joy*",
        "enjoy*",
        "fun",
        "funny",
        "laugh*",
        "movie",
        "film",
        "read",
        "book",
        "gaming",
        "game",
        "play",
        "music",
        "art",
        "draw",
        "paint",
        "hobby",
        "travel*",
        "garden",
        "tv",
        "series",
        "craft*",
        "photo*",
        "sing",
        "danc*",
        "bake",
        "knit*",
        "podcast*",
    ),
}

_VOWELS = "aeiou"


def _keyword_pattern(keyword: str) -> str:
    """The regular expression for one keyword: the word with its plain endings, or a stem."""
    if keyword.endswith("*"):
        return re.escape(keyword[:-1]) + r"\w*"
    word, last = re.escape(keyword), keyword[-1]
    forms = [word + "(?:s|es|ed|ing|er|ers)?"]
    if last == "e":
        forms += [word + "d", re.escape(keyword[:-1]) + "ing"]  # bake → baked, baking
    elif last == "y" and len(keyword) > 2 and keyword[-2] not in _VOWELS:
        forms.append(re.escape(keyword[:-1]) + "(?:ies|ied)")  # cry → cried, party → parties
    elif last not in _VOWELS + "wxy" and keyword[-2:-1] in tuple(_VOWELS):
        forms.append(word + re.escape(last) + "(?:ing|ed|er|ers)")  # run → running, chat → chatted
    return "|".join(forms)


_PATTERNS = [
    (category, re.compile(r"\b(?:" + "|".join(_keyword_pattern(keyword) for keyword in keywords) + r")\b"))
    for category, keywords in CATEGORY_KEYWORDS.items()
]


def category_for_activities(activities: Iterable[str]) -> str:
    """The category the first matching entry suggests, or "Other" when nothing fits.

    Each entry is read on its own, in order: the Daylio import passes an entry's
    activities ("friends", "movies"), so the first activity decides.
    """
    for activity in activities:
        words = " ".join(activity.lower().split())
        for category, pattern in _PATTERNS:
            if pattern.search(words):
                return category
    return Category.OTHER


def category_for_words(text: str) -> str:
    """The category a win's own words suggest ("Went for a walk" → Body & health), or "Other"."""
    return category_for_activities([text])
