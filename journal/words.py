"""The journal's kind words, in one place so the voice can be read and translated together.

Short, warm sentences in the second person (or the writer's own "I"), sentence
case, never a score and never "failed", "missed" or "broken". Messages tied to
one form field stay beside that field; everything the journal *says to* a
person on its own account lives here. Allies' copy lives in the allies app.

This module imports nothing from the journal but its calendar (`weeks`), so
any module may use it.
"""

import datetime
import math

from .weeks import EVERY_DAY, WEEKDAYS, WEEKDAYS_ONLY, WEEKENDS_ONLY


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 win", "3 wins", "1,200 wins"; `many` for words that don't just add an s ("entries were")."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def size_in_words(count: int, *, round_up: bool = False) -> str:
    """A file size as people write it: "20 MB", "7.5 MB", "900 KB" (never "20.0 MB").

    A limit is rounded down, so it is never shown larger than it is; a file that is
    too big is rounded up (`round_up`), so it never looks as small as the limit.
    """
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if count >= size:
            tenths = count / size * 10
            value = (math.ceil(tenths) if round_up else math.floor(tenths)) / 10
            return f"{value:g} {unit}"
    return plural(count, "byte")


# What to do about a file the import can't use, by its kind; added to any message that doesn't say already.
IMPORT_NEXT_STEP = {
    "json": "Please download a new export with “Download JSON” and import that file.",
    "daylio": (
        "You can fix that row in a spreadsheet app and save the file as CSV again, "
        "or export again from Daylio, then import it."
    ),
}


def with_next_step(message: str, kind: str) -> str:
    """An import problem's message, ending with what to do next."""
    return message if "Please " in message else f"{message} {IMPORT_NEXT_STEP[kind]}"


# ---- Greeting ------------------------------------------------------------------------


def greeting(moment: datetime.datetime) -> str:
    """ "Good morning" and so on, for the person's own local time. Late at night, a plain "Hello"."""
    if 5 <= moment.hour < 12:
        return "Good morning"
    if 12 <= moment.hour < 18:
        return "Good afternoon"
    if 18 <= moment.hour < 23:
        return "Good evening"
    return "Hello"


# Today's line under the greeting, before the first win of a month.
FIRST_WIN_EVER = "Your first small win can be tiny. Getting out of bed counts."
FIRST_WIN_THIS_MONTH = "A new month. Whenever you're ready, one small win is enough."


def goal_month_words(days_done: int, *, ever_done: bool) -> str:
    """How a goal stands this month, without a zero or a score: "done on 3 days this month", "new"."""
    if days_done:
        return f"done on {plural(days_done, 'day')} this month"
    return "not yet this month" if ever_done else "new"


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

# ---- The week page -------------------------------------------------------------------

REST_DAY = "Rest counts too."


def days_still_to_come(count: int) -> str:
    """The week's future days folded into one line: "1 day still to come", "3 days still to come"."""
    return f"{plural(count, 'day')} still to come"


# ---- A photo's page: the way back, named for the page it goes to -------------------------

BACK_TO = {
    "home": "Back to today",
    "week": "Back to the week",
    "week_of": "Back to the week",
    "wins": "Back to all wins",
    "win_detail": "Back to the win",
    "look_back": "Back to looking back",
    "report": "Back to the report",
    "allies:space": "Back to the shared space",
    "allies:index": "Back to allies",
}
BACK = "Back"

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
# The daily reminder as a notification on a device: never anything the person wrote. Rotated by their local date.
PUSH_REMINDER_TITLE = "Small Wins"
PUSH_REMINDER_LINES = (
    "What's one small thing you did today? It can be very small.",
    "Getting up counts. A glass of water counts. What's yours today?",
    "One small win from today, whenever you're ready.",
    "You showed up today. Want to write down one small thing?",
    "What went a little bit right today?",
)
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


# ---- Imports (/account/data/) -----------------------------------------------------------

IMPORT_BUSY = (
    "You have an import on its way already. Once it's done, you can bring in this file: nothing is added twice."
)
IMPORT_STOPPED = (
    "Your last import stopped before it finished, so nothing from that file was added. "
    "Please import it again: nothing is added twice."
)
IMPORT_INTERRUPTED = (
    "Something on our side stopped this import, so nothing from the file was added. "
    "Please try again in a little while: nothing is added twice."
)


def _listed(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def import_notice(notice: dict) -> str:
    """One thing worth saying about the file read (import_daylio.py makes them: a key and its counts)."""
    count = notice["count"]
    if notice["key"] == "unknown_moods":
        names = ", ".join(f"“{name}”" for name in notice["names"])
        return (
            f"{count} {'entry has' if count == 1 else 'entries have'} a mood we don't know ({names}), "
            "so we kept them without a mood."
        )
    if notice["key"] == "shortened":
        return f"{count} long {'note was' if count == 1 else 'notes were'} shortened to {notice['limit']} characters."
    return ""


def import_summary(result: dict, *, goal_limit: int) -> str:
    """What a finished import did, from its counts: "Imported 3 wins and 1 reflection." and what else to know."""
    added = []
    if result.get("wins_added"):
        added.append(plural(result["wins_added"], "win"))
    if result.get("reflections_added"):
        added.append(plural(result["reflections_added"], "reflection"))
    if result.get("goals_added"):
        added.append(plural(result["goals_added"], "goal"))
    parts = [f"Imported {_listed(added)}." if added else "Nothing new to add."]
    if photos := result.get("photos_added"):
        whose = "its win" if photos == 1 else "their wins"
        parts.append(f"{plural(photos, 'photo')} came back with {whose}.")
    if filled := result.get("reflections_filled_in"):
        parts.append(f"Filled in blank answers in {plural(filled, 'reflection')} you already had.")
    if left_out := result.get("goals_over_the_limit"):
        parts.append(
            f"{plural(left_out, 'goal was', 'goals were')} left out: a journal holds up to {goal_limit} goals."
        )
    already_there = ("wins_already_there", "reflections_already_there", "goals_already_there")
    already = sum(result.get(name, 0) for name in already_there)
    if already:
        parts.append(
            f"{plural(already, 'entry was', 'entries were')} already in your journal, so we left them as they were."
        )
    if result.get("safety_plan") == "added":
        parts.append("Your safety plan came back too.")
    elif result.get("safety_plan") == "filled in":
        parts.append("Filled in the empty steps of your safety plan.")
    if result.get("settings_restored"):
        parts.append("Your settings from the file are back too.")
    parts += [import_notice(notice) for notice in result.get("notices", [])]
    return " ".join(part for part in parts if part)


# ---- A gentle word when it sounds like crisis (journal/care.py) ----------------------------

# The card shown after a save whose words sound like acute crisis, and the warm one for words of resisting.
CARD_CRISIS = "It sounds like things are really hard right now. You don't have to carry this alone."
CARD_RESISTING = "That took strength. Your crisis numbers are here if you need them."
CARD_NO_COUNTRY = (
    "We don't know which country you're in yet, so here is help for every country. "
    "You can choose yours in Account, under “Country for crisis help”."
)
