"""Reading a Small Wins JSON export back in (docs/EXPORT.md describes the format)."""

import base64
import binascii
import contextlib
import datetime
import json
import uuid

from accounts.models import ReminderWay, User, timezone_choices
from crisis.resources import country_help
from journal import photos
from journal.models import (
    EVERY_DAY,
    REFLECTION_FIELDS,
    SAFETY_PLAN_ITEM_MAX,
    SAFETY_PLAN_ITEMS_MAX,
    SAFETY_PLAN_PHONE_MAX,
    SAFETY_PLAN_STEPS,
    WEEKDAYS,
    Category,
    Goal,
    Mood,
    Reflection,
    Win,
)

from .export import EXPORT_FORMAT, EXPORT_VERSION, dumps
from .parsed import (
    IMPORT_NAMESPACE,
    ImportProblem,
    ParsedImport,
    quote,
    read_day,
    read_flag,
    read_moment,
    read_text,
    storable,
    too_many_entries,
)

_CATEGORY_VALUES = set(Category.values)


def _refuse_constant(name: str):
    # JSON has no NaN or Infinity, though Python's reader accepts them; an export never writes them.
    raise ImportProblem(
        f"This JSON file holds {name}, which isn't a number an export writes. "
        "Please download a new export and try again."
    )


def parse_json(text: str, *, today: datetime.date, max_rows: int) -> ParsedImport:
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        # The parser's own words ("Expecting property name…") mean nothing to a person: the line is enough.
        raise ImportProblem(
            f"Line {error.lineno:,} of this file can't be read: the file may have been cut short or changed by hand."
        ) from None
    except RecursionError:
        raise ImportProblem("This JSON file is nested too deeply to be a Small Wins export.") from None
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits (a guard against slow conversions).
        raise ImportProblem(
            "This JSON file holds a number far too long to be part of a Small Wins export. "
            "Please download a new export and try again."
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportProblem(
            'This JSON file isn\'t a Small Wins export: it should start with "format": "small-wins-export". '
            "Please choose the file from “Download JSON”."
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportProblem('This export has no version number we understand (the "version" field).')
    if version > EXPORT_VERSION:
        shown = f" (format version {version})" if version < 1000 else ""
        raise ImportProblem(
            f"This export was made by a newer Small Wins{shown}; "
            f"this one reads version {EXPORT_VERSION}. Please export again from here."
        )
    sections = {}
    for key in ("wins", "reflections", "goals"):
        sections[key] = document.get(key, [])
        if not isinstance(sections[key], list):
            raise ImportProblem(f'The "{key}" part of this file should be a list.')
    wins, reflections, goals = sections["wins"], sections["reflections"], sections["goals"]
    done_lists = [goal.get("done") for goal in goals if isinstance(goal, dict)]
    days_done = sum(len(done) for done in done_lists if isinstance(done, list))
    entries = len(wins) + len(reflections) + len(goals) + days_done
    if entries > max_rows:
        raise too_many_entries(max_rows, entries)
    parsed = ParsedImport(kind="json", entries=entries)
    parsed.wins = [_win(item, f"Win {number} in the file", today) for number, item in enumerate(wins, 1)]
    parsed.reflections = [
        _reflection(item, f"Reflection {number} in the file", today) for number, item in enumerate(reflections, 1)
    ]
    parsed.goals = [_goal(item, f"Goal {number} in the file", today) for number, item in enumerate(goals, 1)]
    profile = document.get("profile")
    if isinstance(profile, dict):
        parsed.profile = _profile(profile)
    parsed.safety_plan = _safety_plan(document.get("safety_plan"))
    return parsed


def _category(item: dict, where: str) -> str:
    category = item.get("category", Category.OTHER)
    if not isinstance(category, str) or category not in _CATEGORY_VALUES:
        raise ImportProblem(f"{where}: the category {quote(category)} isn't one we know.")
    return category


def _code(item: dict, where: str) -> uuid.UUID | None:
    code = item.get("code")
    try:
        return uuid.UUID(code) if code is not None else None
    except (TypeError, ValueError, AttributeError):
        raise ImportProblem(f"{where}: the code {quote(code)} isn't one of ours.") from None


def _win(item, where: str, today: datetime.date) -> dict:
    if not isinstance(item, dict):
        raise ImportProblem(f"{where} should be a set of fields, like the wins in an export.")
    text = read_text(item, "text", where, limit=Win._meta.get_field("text").max_length, required=True)
    category = _category(item, where)
    mood = item.get("mood")
    if mood is not None and (not isinstance(mood, int) or isinstance(mood, bool) or mood not in Mood.values):
        raise ImportProblem(f"{where}: the mood should be a number from 1 to 5, not {quote(mood)}.")
    code = _code(item, where)
    win = {
        "code": code,
        "text": text.strip(),
        "category": category,
        "mood": mood,
        "hard_day": read_flag(item, "hard_day", where),
        "shared_with_allies": read_flag(item, "shared_with_allies", where),
        "occurred_on": read_day(item.get("occurred_on"), where, "day", today),
        "created_at": read_moment(item, "created_at", where),
    }
    # These keys must never change: a file imported again finds its wins by them.
    if code is not None:
        win["idempotency_key"] = uuid.uuid5(IMPORT_NAMESPACE, f"small-wins-json\x1f{code}")
    else:
        win["idempotency_key"] = uuid.uuid5(IMPORT_NAMESPACE, "small-wins-json\x1f" + dumps(win))
    win["photo"] = _photo(item.get("photo"), where)
    return win


def _photo(value, where: str) -> photos.Photo | None:
    """A win's photo, decoded and re-encoded exactly as an upload would be."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("base64"), str):
        raise ImportProblem(f"{where}: the photo isn't written the way an export writes it.")
    if len(value["base64"]) > photos.MAX_BYTES * 4 // 3 + 4:
        raise ImportProblem(f"{where}: the photo is larger than the 10 MB a photo can be.")
    try:
        data = base64.b64decode(value["base64"], validate=True)
    except (binascii.Error, ValueError):
        raise ImportProblem(f"{where}: the photo's data is damaged.") from None
    try:
        return photos.process(data)
    except photos.PhotoProblem as problem:
        raise ImportProblem(f"{where}: its photo can't be used. {problem}") from None


def _goal(item, where: str, today: datetime.date) -> dict:
    if not isinstance(item, dict):
        raise ImportProblem(f"{where} should be a set of fields, like the goals in an export.")
    text = read_text(item, "text", where, limit=Goal._meta.get_field("text").max_length, required=True)
    category = _category(item, where)
    days = item.get("days", list(WEEKDAYS))
    if not isinstance(days, list) or not days or not all(isinstance(d, str) and d in WEEKDAYS for d in days):
        raise ImportProblem(f'{where}: the days should be a list of weekday names, like ["Monday", "Friday"].')
    code = _code(item, where)
    done = item.get("done", [])
    if not isinstance(done, list):
        raise ImportProblem(f"{where}: “done” should be a list of days.")
    completions = []
    for entry in done:
        if not isinstance(entry, dict):
            raise ImportProblem(f"{where}: each day in “done” should name a day and a win.")
        try:
            win_code = uuid.UUID(entry.get("win"))
        except (TypeError, ValueError, AttributeError):
            raise ImportProblem(
                f"{where}: a day in “done” names a win {quote(entry.get('win'))} we can't read."
            ) from None
        completions.append({"day": read_day(entry.get("day"), where, "day it was done", today), "win": win_code})
    return {
        "code": code,
        "text": text.strip(),
        "category": category,
        "days": sum(1 << WEEKDAYS.index(d) for d in set(days)) or EVERY_DAY,
        "paused": read_flag(item, "paused", where),
        "created_at": read_moment(item, "created_at", where),
        "done": completions,
    }


def _reflection(item, where: str, today: datetime.date) -> dict:
    if not isinstance(item, dict):
        raise ImportProblem(f"{where} should be a set of fields, like the reflections in an export.")
    reflection = {"week_start": read_day(item.get("week_start"), where, "week start", today)}
    for name in REFLECTION_FIELDS:
        if name == "proud":
            reflection[name] = read_flag(item, name, where)
        else:
            reflection[name] = read_text(item, name, where, limit=Reflection._meta.get_field(name).max_length)
    reflection["created_at"] = read_moment(item, "created_at", where)
    return reflection


def _plan_text(value, where: str, limit: int) -> str:
    if not isinstance(value, str) or not storable(value):
        raise ImportProblem(f"{where}: each entry should be words, like the safety plan in an export.")
    if len(value.strip()) > limit:
        raise ImportProblem(f"{where}: an entry is longer than the {limit} characters a plan's entry holds.")
    return value.strip()


def _safety_plan(value) -> dict | None:
    """My safety plan from the file: each step a short list of words (or of names and phones)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ImportProblem('The "safety_plan" part of this file should be a set of lists, like an export\'s.')
    plan = {}
    for step in SAFETY_PLAN_STEPS:
        where = f"“{step.heading}” in the safety plan"
        entries = value.get(step.name, [])
        if not isinstance(entries, list):
            raise ImportProblem(f"{where} should be a list.")
        if len(entries) > SAFETY_PLAN_ITEMS_MAX:
            raise ImportProblem(f"{where} holds more than the {SAFETY_PLAN_ITEMS_MAX} entries a step holds.")
        if step.contacts:
            if not all(isinstance(entry, dict) for entry in entries):
                raise ImportProblem(f"{where}: each entry should have a name and a phone.")
            plan[step.name] = [
                {
                    "name": _plan_text(entry.get("name", ""), where, SAFETY_PLAN_ITEM_MAX),
                    "phone": _plan_text(entry.get("phone", ""), where, SAFETY_PLAN_PHONE_MAX),
                }
                for entry in entries
            ]
        else:
            plan[step.name] = [_plan_text(entry, where, SAFETY_PLAN_ITEM_MAX) for entry in entries]
    return plan


def _profile(item: dict) -> dict:
    """The settings worth restoring; anything odd is left out rather than refused."""
    profile = {}
    name = item.get("display_name")
    if isinstance(name, str) and storable(name) and len(name) <= 80:
        profile["display_name"] = name
    zone = item.get("timezone")
    if isinstance(zone, str) and zone in dict(timezone_choices()):
        profile["timezone"] = zone
    country = item.get("country")
    if country == "" or (isinstance(country, str) and country_help(country) and country == country.lower()):
        profile["country"] = country
    week_start = item.get("week_starts_on")
    if isinstance(week_start, int) and not isinstance(week_start, bool) and week_start in User.WeekStart.values:
        profile["week_starts_on"] = week_start
    ask = item.get("ally_ask")
    if isinstance(ask, str) and storable(ask) and len(ask) <= 1000:
        profile["ally_ask"] = ask
    for name in ("email_on_ally_note", "daily_reminder", "weekly_digest"):
        if isinstance(item.get(name), bool):
            profile[name] = item[name]
    if item.get("daily_reminder_by") in ReminderWay.values:
        profile["daily_reminder_by"] = item["daily_reminder_by"]
    for name in ("daily_reminder_time", "weekly_digest_time", "quiet_from", "quiet_until"):
        with contextlib.suppress(TypeError, ValueError):
            profile[name] = datetime.time.fromisoformat(item.get(name))
    digest_day = item.get("weekly_digest_day")
    if isinstance(digest_day, int) and not isinstance(digest_day, bool) and 0 <= digest_day <= 6:
        profile["weekly_digest_day"] = digest_day
    return profile
