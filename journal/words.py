"""The journal's kind words, in one place so the voice can be read and translated together.

Short, warm sentences in the second person (or the writer's own "I"), sentence
case, never a score and never "failed", "missed" or "broken". Messages tied to
one form field stay beside that field; everything the journal *says to* a
person on its own account lives here. Allies' copy lives in the allies app.

This module imports nothing from the journal but its calendar (`weeks`), so
any module may use it.
"""

from .weeks import EVERY_DAY, WEEKDAYS, WEEKDAYS_ONLY, WEEKENDS_ONLY


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 win", "3 wins", "1,200 wins"; `many` for words that don't just add an s ("entries were")."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


# ---- Logging a win -------------------------------------------------------------------

# Said after every win, in turn. Warm and short; never a score.
ACKNOWLEDGEMENTS = (
    "That counts.",
    "Every small step still counts.",
    "I'm proud of myself for showing up.",
    "Small wins are still wins.",
    "Noted. That's evidence of your growth.",
    "You showed up for yourself.",
    "One more step, written down.",
)

# The Quick wins buttons: (slug, words, category value). One tap logs the words with the category.
QUICK_WINS = (
    ("got-out-of-bed", "Got out of bed", "self-care"),
    ("ate-something", "Ate something", "body-health"),
    ("drank-water", "Drank water", "body-health"),
    ("took-my-medication", "Took my medication", "body-health"),
    ("brushed-my-teeth", "Brushed my teeth", "self-care"),
    ("stepped-outside", "Stepped outside", "self-care"),
    ("replied-to-a-message", "Replied to a message", "connection"),
    ("asked-for-help", "Asked for help", "reaching-out"),
    ("said-no", "Said no to something draining", "boundaries"),
    ("rested-without-guilt", "Rested without guilt", "rest"),
    ("noticed-a-trigger-early", "Noticed a trigger early", "awareness"),
    ("kept-my-routine", "Kept my routine", "routine"),
    ("grateful", "Noticed something I'm grateful for", "gratitude"),
)

HARD_DAY_LABEL = "Hard day — and I kept going"

# The category left for the words to choose (journal/categories.py), on a win and on a goal.
CHOOSE_FOR_ME = "Choose for me"
CHOOSE_FOR_ME_HELP = "Leave it on “Choose for me” and we pick one from your words."

# The mood left out: moods are always optional.
NO_MOOD_WORDS = "Prefer not to say"

# ---- Affirmations and reminders ---------------------------------------------------------

# Rotated by the person's local date on Today, and closing the daily reminder.
AFFIRMATIONS = (
    "I'm healing, even if I can't feel it yet.",
    "Small steps are still steps.",
    "I can rest and still be making progress.",
    "Hard days don't erase the ground I've gained.",
    "I'm doing the best I can with what I have today.",
    "My pace is the right pace for me.",
    "I deserve the kindness I give to others.",
    "Asking for help is a strength.",
    "Progress isn't a straight line, and that's okay.",
    "I showed up, and that matters.",
)

DAILY_REMINDER_SUBJECT = "What's one small thing you did today?"
WEEKLY_DIGEST_SUBJECT = "Your week in small wins"
DAILY_REMINDER_WORDS = "daily reminder"
WEEKLY_DIGEST_WORDS = "weekly digest"

# ---- Days, for goals ------------------------------------------------------------------


def days_in_words(days: int) -> str:
    """ "Every day", "Weekdays", or "Mondays, Wednesdays and Fridays"."""
    if days == EVERY_DAY:
        return "Every day"
    if days == WEEKDAYS_ONLY:
        return "Weekdays"
    if days == WEEKENDS_ONLY:
        return "Weekends"
    names = [f"{name}s" for index, name in enumerate(WEEKDAYS) if days & (1 << index)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def days_in_a_sentence(days: int) -> str:
    """ "every day", "on weekdays", "at weekends", "on Mondays and Fridays": to follow a verb."""
    if days == EVERY_DAY:
        return "every day"
    if days == WEEKENDS_ONLY:
        return "at weekends"
    return "on " + (days_in_words(days) if days != WEEKDAYS_ONLY else "weekdays")


# ---- Evidence for the inner critic ------------------------------------------------------

# Words the inner critic uses, mapped to the category values of the wins that answer them.
# Keywords of two letters match whole words only; longer ones match word starts
# ("boundar" finds "boundary" and "boundaries").
CRITIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "reaching-out": ("help", "ask", "reach", "call", "support", "phone", "burden", "alone", "lonely"),
    "rest": ("rest", "sleep", "tired", "lazy", "nap", "slow", "break", "relax", "exhaust"),
    "boundaries": ("no", "boundar", "limit", "pushover", "doormat", "people-pleas", "stand up", "myself up"),
    "self-compassion": ("kind", "hate", "stupid", "worthless", "useless", "failure", "enough", "weak", "bad"),
    "self-care": ("care", "shower", "eat", "look after", "mess", "clean", "wash", "dress"),
    "connection": ("friend", "connect", "social", "isolat", "alone", "lonely", "family", "people"),
    "routine": ("routine", "bed", "get up", "productive", "organis", "organiz", "habit", "done", "lazy"),
    "body-health": ("body", "exercise", "walk", "health", "move", "moving", "medic", "doctor"),
    "feelings": ("feel", "cry", "emotion", "angry", "anger", "sad", "numb", "express"),
    "distress-tolerance": ("cope", "coping", "handle", "panic", "overwhelm", "anxi", "fall apart", "give up"),
    "awareness": ("notice", "aware", "realis", "realiz", "understand", "pattern", "change"),
    "joy": ("fun", "joy", "happy", "enjoy", "laugh", "smile"),
}

# Words too common to search wins for.
CRITIC_STOPWORDS_TEXT = """
    a about after again all also always am an and any anything are as at be because been being but by can can't
    cannot cant could did didn't do does doesn't don't dont even ever every everything for from get gets got had
    has have how i i'd i'll i'm i've im if in into is isn't it it's its just like me more most much my myself
    never no not nothing of on once one only or other our out own really should so some still than that the
    their them then there these they thing things this those to too up very was wasn't way we were what when
    will with won't would you your
"""
