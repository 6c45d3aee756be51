"""A person's journal, out as JSON or CSV and back in again.

The export is streamed: rows come from the database a chunk at a time through
`iterator(chunk_size=...)` and leave as text straight away, so a history of
tens of thousands of wins never sits in memory at once. docs/EXPORT.md
describes the JSON format; bump EXPORT_VERSION whenever it changes.

Imports are parsed here into plain dicts, with a message that says what is
wrong and where for anything we cannot use. Storing them is
`accounts.services.journal_import`, inside one transaction.
"""

import base64
import binascii
import contextlib
import csv
import datetime
import html
import io
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import strip_tags

from journal import photos
from journal.models import EVERY_DAY, WEEKDAYS, Category, Goal, GoalCompletion, Mood, Reflection, Win

EXPORT_FORMAT = "small-wins-export"
EXPORT_VERSION = 1
CHUNK_SIZE = 500  # rows fetched per round trip, and at most per piece of the stream
PIECE_BYTES = 256 * 1024  # a piece leaves early once it is this big (photos)

# Every imported item gets an idempotency key derived from its content (or,
# for our own export, from the win's code), so the same file imported twice
# finds its first copy instead of making a second.
IMPORT_NAMESPACE = uuid.UUID("5b0f8a0e-2d4e-4c53-9a55-7f3f0c9e2a61")

WIN_TEXT_MAX = 500
REFLECTION_FIELDS = ["five_wins", "honored_myself", "what_helped", "try_next_week"]
REFLECTION_TEXT_MAX = 5000
FIRST_DAY = datetime.date(1900, 1, 1)


# --- Export ---------------------------------------------------------------


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value.isoformat()


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_iso)


def export_filename(user, extension: str) -> str:
    return f"small-wins-{user.local_today():%Y-%m-%d}.{extension}"


def _win_rows(user, *, with_photos: bool = False) -> Iterator[dict]:
    fields = [
        "code",
        "occurred_on",
        "text",
        "category",
        "mood",
        "hard_day",
        "shared_with_allies",
        "created_at",
        "updated_at",
        "photo",
        "photo_width",
        "photo_height",
    ]
    queryset = Win.objects.filter(owner=user).order_by("occurred_on", "created_at", "pk").values(*fields)
    for row in queryset.iterator(chunk_size=CHUNK_SIZE):
        row["code"] = str(row["code"])
        name, width, height = row.pop("photo"), row.pop("photo_width"), row.pop("photo_height")
        row["photo"] = _photo_data(name, width, height) if (with_photos and name) else None
        yield row


def _photo_data(name: str, width, height) -> dict | None:
    """One photo as base64 JPEG, read when its row is written (one photo in memory at a time)."""
    storage = Win._meta.get_field("photo").storage
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
    except OSError:
        return None  # the file went missing; the win itself is still worth exporting
    return {
        "content_type": photos.CONTENT_TYPE,
        "width": width,
        "height": height,
        "base64": base64.b64encode(data).decode("ascii"),
    }


def _goal_rows(user) -> Iterator[dict]:
    done: dict[int, list] = {}
    completions = (
        GoalCompletion.objects.filter(goal__owner=user).order_by("day").values_list("goal_id", "day", "win__code")
    )
    for goal_id, day, win_code in completions.iterator(chunk_size=CHUNK_SIZE):
        done.setdefault(goal_id, []).append({"day": day, "win": str(win_code)})
    for goal in Goal.objects.filter(owner=user).order_by("created_at", "pk"):
        yield {
            "code": str(goal.code),
            "text": goal.text,
            "category": goal.category,
            "days": [WEEKDAYS[index] for index in goal.weekdays],
            "paused": goal.is_paused,
            "created_at": goal.created_at,
            "done": done.get(goal.pk, []),
        }


def _reflection_rows(user) -> Iterator[dict]:
    fields = ["week_start", *REFLECTION_FIELDS, "proud", "created_at", "updated_at"]
    queryset = Reflection.objects.filter(owner=user).order_by("week_start").values(*fields)
    yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def _ally_sections(user) -> list[tuple[str, Iterable]]:
    """Notes, allies, invitations and visits: everything the allies app keeps about this person."""
    from allies.models import AccessLog, AllyLink, AllyNote, Invitation

    def notes_received():
        notes = AllyNote.objects.filter(owner=user).select_related("author").order_by("created_at", "pk")
        for note in notes.iterator(chunk_size=CHUNK_SIZE):
            yield {
                "code": str(note.code),
                "week_start": note.week_start,
                "text": note.text,
                "from": note.author_name,
                "hidden": note.hidden,
                "created_at": note.created_at,
                "updated_at": note.updated_at,
            }

    def notes_written():
        notes = AllyNote.objects.filter(author=user).select_related("owner").order_by("created_at", "pk")
        for note in notes.iterator(chunk_size=CHUNK_SIZE):
            yield {
                "code": str(note.code),
                "week_start": note.week_start,
                "text": note.text,
                "to": note.owner.name,
                "created_at": note.created_at,
                "updated_at": note.updated_at,
            }

    def allies():
        for link in AllyLink.objects.filter(owner=user).select_related("ally").order_by("created_at", "pk"):
            yield {
                "name": link.ally.name,
                "email": link.ally.email,
                "sees": link.scope,
                "since": link.created_at,
                "last_viewed_at": link.last_viewed_at,
            }

    def supporting():
        for link in AllyLink.objects.filter(ally=user).select_related("owner").order_by("created_at", "pk"):
            yield {"name": link.owner.name, "email": link.owner.email, "sees": link.scope, "since": link.created_at}

    def invitations():
        # Never the token: only its hash is stored, and that is no business of a file.
        for invitation in Invitation.objects.filter(owner=user).order_by("created_at", "pk"):
            yield {
                "code": str(invitation.code),
                "email": invitation.email,
                "message": invitation.message,
                "sees": invitation.scope,
                "status": str(invitation.status),
                "created_at": invitation.created_at,
                "expires_at": invitation.expires_at,
                "accepted_at": invitation.accepted_at,
                "declined_at": invitation.declined_at,
                "cancelled_at": invitation.cancelled_at,
            }

    def ally_visits():
        visits = AccessLog.objects.filter(owner=user).select_related("ally").order_by("viewed_at", "pk")
        for visit in visits.iterator(chunk_size=CHUNK_SIZE):
            yield {"ally": visit.ally.name, "viewed_at": visit.viewed_at}

    return [
        ("notes_received", notes_received()),
        ("notes_written", notes_written()),
        ("allies", allies()),
        ("supporting", supporting()),
        ("invitations", invitations()),
        ("ally_visits", ally_visits()),
    ]


def profile_data(user) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "timezone": user.timezone,
        "week_starts_on": user.week_starts_on,
        "ally_ask": user.ally_ask,
        "email_on_ally_note": user.email_on_ally_note,
        "daily_reminder": user.daily_reminder,
        "daily_reminder_time": user.daily_reminder_time,
        "weekly_digest": user.weekly_digest,
        "weekly_digest_day": user.weekly_digest_day,
        "weekly_digest_time": user.weekly_digest_time,
        "date_joined": user.date_joined,
    }


def _json_list(key: str, rows: Iterable, *, last: bool = False) -> Iterator[str]:
    """One `"key": [...]` member, a chunk of rows per yielded piece."""
    yield f'  "{key}": ['
    buffer: list[str] = []
    size = 0
    first = True
    for row in rows:
        item = ("\n    " if first else ",\n    ") + _dumps(row)
        buffer.append(item)
        size += len(item)
        first = False
        if len(buffer) >= CHUNK_SIZE or size >= PIECE_BYTES:
            yield "".join(buffer)
            buffer.clear()
            size = 0
    buffer.append("]" if first else "\n  ]")
    buffer.append("\n" if last else ",\n")
    yield "".join(buffer)


def export_json(user) -> Iterator[str]:
    """The whole journal as one JSON document, yielded in pieces."""
    header = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": timezone.now()}
    yield "{\n"
    for key, value in header.items():
        yield f'  "{key}": {_dumps(value)},\n'
    yield f'  "profile": {_dumps(profile_data(user))},\n'
    sections: list[tuple[str, Iterable]] = [
        ("wins", _win_rows(user, with_photos=True)),
        ("reflections", _reflection_rows(user)),
        ("goals", _goal_rows(user)),
    ]
    sections += _ally_sections(user)
    for index, (key, rows) in enumerate(sections):
        yield from _json_list(key, rows, last=index == len(sections) - 1)
    yield "}\n"


CSV_HEADER = ["day", "text", "category", "mood", "hard_day", "shared_with_allies", "logged_at"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; a leading
    # apostrophe makes it plain text (OWASP's advice for CSV exports).
    return "'" + value if value.startswith(_FORMULA_START) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(user) -> Iterator[str]:
    """The wins as CSV for a spreadsheet, with words rather than codes."""
    writer = csv.writer(_Echo())
    categories = dict(Category.choices)
    moods = dict(Mood.choices)
    tz = user.tzinfo
    yield writer.writerow(CSV_HEADER)
    buffer: list[str] = []
    for row in _win_rows(user):
        buffer.append(
            writer.writerow(
                [
                    row["occurred_on"].isoformat(),
                    _cell(row["text"]),
                    categories.get(row["category"], row["category"]),
                    moods.get(row["mood"], "") if row["mood"] else "",
                    "yes" if row["hard_day"] else "no",
                    "yes" if row["shared_with_allies"] else "no",
                    row["created_at"].astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                ]
            )
        )
        if len(buffer) >= CHUNK_SIZE:
            yield "".join(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer)


# --- Import: reading a file ------------------------------------------------


class ImportProblem(Exception):
    """The file cannot be imported. The message says what is wrong and where, for a person."""


@dataclass
class ParsedImport:
    kind: str  # "json" or "daylio"
    wins: list[dict] = field(default_factory=list)
    reflections: list[dict] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)
    profile: dict | None = None
    notices: list[str] = field(default_factory=list)


def too_many_entries(max_rows: int, count: int | None = None) -> ImportProblem:
    """The kind message for a file over IMPORT_MAX_ROWS; `count` when it is known."""
    held = f"{count:,} entries" if count is not None else f"more than {max_rows:,} entries"
    return ImportProblem(
        f"This file holds {held}, and one import can bring in up to {max_rows:,}. "
        "Please split it into smaller files and import them one after another: nothing is added twice."
    )


def parse_import(data: bytes, *, today: datetime.date, tzinfo, max_rows: int) -> ParsedImport:
    """Understand an uploaded file, or raise ImportProblem saying what is wrong and where.

    A file holding more than `max_rows` entries (wins, reflections, goals and
    the days goals were done, or Daylio rows) is refused before any is stored.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem("This file is saved as UTF-16. Please save it as UTF-8 and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(
            f"We can't read this file as text (the first unreadable byte is at position {error.start + 1}). "
            "Please choose a JSON export from Small Wins or a CSV export from Daylio."
        ) from None
    if not text.strip():
        raise ImportProblem("This file is empty. Please choose the file you downloaded.")
    if "\x00" in text:
        raise ImportProblem("This file contains null characters, so it isn't a text export we can read.")
    if text.lstrip().startswith(("{", "[")):
        return _parse_json(text, today=today, max_rows=max_rows)
    return _parse_csv(text, today=today, tzinfo=tzinfo, max_rows=max_rows)


def _storable(value: str) -> bool:
    # PostgreSQL text can hold neither NUL nor lone surrogates (which JSON escapes allow).
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _quote(value, limit: int = 40) -> str:
    shown = str(value)
    if not _storable(shown):
        shown = shown.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return "'" + (shown if len(shown) <= limit else shown[: limit - 1] + "…") + "'"


def _parse_day(value, where: str, what: str, today: datetime.date) -> datetime.date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ImportProblem(f"{where}: the {what} {_quote(value)} isn't a date like 2024-03-15.")
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ImportProblem(f"{where}: the {what} {_quote(value)} isn't a real date.") from None
    if day < FIRST_DAY:
        raise ImportProblem(f"{where}: the {what} {_quote(value)} is before 1900.")
    if day > today + datetime.timedelta(days=1):
        raise ImportProblem(f"{where}: the {what} {_quote(value)} is in the future.")
    return day


# --- Import: our own JSON ----------------------------------------------------

_CATEGORY_VALUES = {value for value, _ in Category.choices}


def _refuse_constant(name: str):
    # JSON has no NaN or Infinity, though Python's reader accepts them; an export never writes them.
    raise ImportProblem(
        f"This JSON file holds {name}, which isn't a number an export writes. "
        "Please download a fresh export and try again."
    )


def _parse_json(text: str, *, today: datetime.date, max_rows: int) -> ParsedImport:
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"This JSON file is damaged at line {error.lineno}, column {error.colno} ({error.msg.lower()}). "
            "Please download a fresh export and try again."
        ) from None
    except RecursionError:
        raise ImportProblem("This JSON file is nested too deeply to be a Small Wins export.") from None
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits (a guard against slow conversions).
        raise ImportProblem(
            "This JSON file holds a number far too long to be part of a Small Wins export. "
            "Please download a fresh export and try again."
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
    parsed = ParsedImport(kind="json")
    wins = document.get("wins", [])
    if not isinstance(wins, list):
        raise ImportProblem('The "wins" part of this file should be a list.')
    reflections = document.get("reflections", [])
    if not isinstance(reflections, list):
        raise ImportProblem('The "reflections" part of this file should be a list.')
    goals = document.get("goals", [])
    if not isinstance(goals, list):
        raise ImportProblem('The "goals" part of this file should be a list.')
    done_lists = [goal.get("done") for goal in goals if isinstance(goal, dict)]
    days_done = sum(len(done) for done in done_lists if isinstance(done, list))
    entries = len(wins) + len(reflections) + len(goals) + days_done
    if entries > max_rows:
        raise too_many_entries(max_rows, entries)
    for number, item in enumerate(wins, start=1):
        parsed.wins.append(_json_win(item, f"Win {number} in the file", today))
    for number, item in enumerate(reflections, start=1):
        parsed.reflections.append(_json_reflection(item, f"Reflection {number} in the file", today))
    for number, item in enumerate(goals, start=1):
        parsed.goals.append(_json_goal(item, f"Goal {number} in the file", today))
    profile = document.get("profile")
    if isinstance(profile, dict):
        parsed.profile = _json_profile(profile)
    return parsed


def _text(item: dict, key: str, where: str, *, limit: int, required: bool = False, label: str = "") -> str:
    label = label or key.replace("_", " ")
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ImportProblem(f"{where}: the {label} should be text.")
    if not _storable(value):
        raise ImportProblem(f"{where}: the {label} contains a character we can't store.")
    if required and not value.strip():
        raise ImportProblem(f"{where}: the {label} is empty.")
    if len(value) > limit:
        raise ImportProblem(f"{where}: the {label} is {len(value):,} characters long; the most we keep is {limit:,}.")
    return value


def _flag(item: dict, key: str, where: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise ImportProblem(f"{where}: “{key}” should be true or false, not {_quote(value)}.")
    return value


def _moment(item: dict, key: str, where: str) -> datetime.datetime | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or not datetime.MINYEAR < moment.year < datetime.MAXYEAR:
        raise ImportProblem(f"{where}: “{key}” {_quote(value)} isn't a date and time we understand.")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _json_win(item, where: str, today: datetime.date) -> dict:
    if not isinstance(item, dict):
        raise ImportProblem(f"{where} should be a set of fields, like the wins in an export.")
    text = _text(item, "text", where, limit=WIN_TEXT_MAX, required=True)
    category = item.get("category", Category.OTHER)
    if not isinstance(category, str) or category not in _CATEGORY_VALUES:
        raise ImportProblem(f"{where}: the category {_quote(category)} isn't one we know.")
    mood = item.get("mood")
    if mood is not None and (not isinstance(mood, int) or isinstance(mood, bool) or mood not in Mood.values):
        raise ImportProblem(f"{where}: the mood should be a number from 1 to 5, not {_quote(mood)}.")
    code = item.get("code")
    try:
        code = uuid.UUID(code) if code is not None else None
    except (TypeError, ValueError, AttributeError):
        raise ImportProblem(f"{where}: the code {_quote(code)} isn't one of ours.") from None
    win = {
        "code": code,
        "text": text.strip(),
        "category": category,
        "mood": mood,
        "hard_day": _flag(item, "hard_day", where),
        "shared_with_allies": _flag(item, "shared_with_allies", where),
        "occurred_on": _parse_day(item.get("occurred_on"), where, "day", today),
        "created_at": _moment(item, "created_at", where),
    }
    if code is not None:
        win["idempotency_key"] = uuid.uuid5(IMPORT_NAMESPACE, f"small-wins-json\x1f{code}")
    else:
        win["idempotency_key"] = uuid.uuid5(IMPORT_NAMESPACE, "small-wins-json\x1f" + _dumps(win))
    win["photo"] = _json_photo(item.get("photo"), where)
    return win


def _json_photo(value, where: str) -> photos.Photo | None:
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


def _json_goal(item, where: str, today: datetime.date) -> dict:
    if not isinstance(item, dict):
        raise ImportProblem(f"{where} should be a set of fields, like the goals in an export.")
    text = _text(item, "text", where, limit=Goal._meta.get_field("text").max_length, required=True)
    category = item.get("category", Category.OTHER)
    if not isinstance(category, str) or category not in _CATEGORY_VALUES:
        raise ImportProblem(f"{where}: the category {_quote(category)} isn't one we know.")
    days = item.get("days", list(WEEKDAYS))
    if not isinstance(days, list) or not days or not all(isinstance(d, str) and d in WEEKDAYS for d in days):
        raise ImportProblem(f'{where}: the days should be a list of weekday names, like ["Monday", "Friday"].')
    code = item.get("code")
    try:
        code = uuid.UUID(code) if code is not None else None
    except (TypeError, ValueError, AttributeError):
        raise ImportProblem(f"{where}: the code {_quote(code)} isn't one of ours.") from None
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
                f"{where}: a day in “done” names a win {_quote(entry.get('win'))} we can't read."
            ) from None
        completions.append({"day": _parse_day(entry.get("day"), where, "day it was done", today), "win": win_code})
    return {
        "code": code,
        "text": text.strip(),
        "category": category,
        "days": sum(1 << WEEKDAYS.index(d) for d in set(days)) or EVERY_DAY,
        "paused": _flag(item, "paused", where),
        "created_at": _moment(item, "created_at", where),
        "done": completions,
    }


def _json_reflection(item, where: str, today: datetime.date) -> dict:
    if not isinstance(item, dict):
        raise ImportProblem(f"{where} should be a set of fields, like the reflections in an export.")
    reflection = {"week_start": _parse_day(item.get("week_start"), where, "week start", today)}
    for key in REFLECTION_FIELDS:
        reflection[key] = _text(item, key, where, limit=REFLECTION_TEXT_MAX)
    reflection["proud"] = _flag(item, "proud", where)
    reflection["created_at"] = _moment(item, "created_at", where)
    return reflection


def _json_profile(item: dict) -> dict:
    """The settings worth restoring; anything odd is left out rather than refused."""
    from accounts.models import User, timezone_choices

    profile = {}
    name = item.get("display_name")
    if isinstance(name, str) and _storable(name) and len(name) <= 80:
        profile["display_name"] = name
    zone = item.get("timezone")
    if isinstance(zone, str) and zone in dict(timezone_choices()):
        profile["timezone"] = zone
    week_start = item.get("week_starts_on")
    if isinstance(week_start, int) and not isinstance(week_start, bool) and week_start in User.WeekStart.values:
        profile["week_starts_on"] = week_start
    ask = item.get("ally_ask")
    if isinstance(ask, str) and _storable(ask) and len(ask) <= 1000:
        profile["ally_ask"] = ask
    for name in ("email_on_ally_note", "daily_reminder", "weekly_digest"):
        if isinstance(item.get(name), bool):
            profile[name] = item[name]
    for name in ("daily_reminder_time", "weekly_digest_time"):
        with contextlib.suppress(TypeError, ValueError):
            profile[name] = datetime.time.fromisoformat(item.get(name))
    digest_day = item.get("weekly_digest_day")
    if isinstance(digest_day, int) and not isinstance(digest_day, bool) and 0 <= digest_day <= 6:
        profile["weekly_digest_day"] = digest_day
    return profile


# --- Import: Daylio's CSV ----------------------------------------------------

DAYLIO_COLUMNS = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
DAYLIO_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
# Daylio activities (its defaults and common custom ones) → our categories.
# The first activity that matches decides; nothing matching means "Other".
_ACTIVITY_KEYWORDS = [
    (Category.REST, ["sleep", "nap", "rest", "relax", "bed", "lazy", "break", "day off"]),
    (Category.REACHING_OUT, ["therapy", "therapist", "counsel", "support group", "call", "phone", "text", "asked"]),
    (Category.CONNECTION, ["friend", "family", "partner", "date", "party", "social", "kids", "pet", "dog", "cat"]),
    (
        Category.BODY_HEALTH,
        [
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
        ],
    ),
    (Category.SELF_CARE, ["shower", "bath", "self-care", "self care", "skincare", "hair", "nails", "dress"]),
    (Category.GRATITUDE, ["gratitude", "grateful", "thankful", "thanks"]),
    (Category.AWARENESS, ["meditat", "journal", "mindful", "breath", "pray"]),
    (Category.BOUNDARIES, ["said no", "boundar"]),
    (Category.FEELINGS, ["cried", "cry", "feel", "talked about"]),
    (
        Category.ROUTINE,
        [
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
        ],
    ),
    (
        Category.JOY,
        [
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
        ],
    ),
]
_TIME_24H = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TIME_12H = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"<\s*br\s*/?\s*>|</\s*(?:p|div|li)\s*>", re.IGNORECASE)


# Keywords match at the start of a word: "eat" finds "eating", never "great"; "cat" never "vacation".
_ACTIVITY_PATTERNS = [
    (category, re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keywords) + ")"))
    for category, keywords in _ACTIVITY_KEYWORDS
]


def category_for_activities(activities: list[str]) -> str:
    for activity in activities:
        lowered = activity.lower()
        for category, pattern in _ACTIVITY_PATTERNS:
            if pattern.search(lowered):
                return category
    return Category.OTHER


def _clean_note(value: str) -> str:
    # Daylio keeps rich-text notes as bits of HTML; most notes have none, and skip the HTML parser.
    if "<" in value or "&" in value:
        value = _LINE_BREAKS.sub(" ", value)
        value = html.unescape(strip_tags(value))
    return " ".join(value.split())


def _parse_time(value: str, where: str) -> datetime.time:
    value = value.strip()
    if not value:
        return datetime.time(12, 0)
    match = _TIME_12H.fullmatch(value)
    if match:
        hour, minute = int(match[1]), int(match[2])
        if 1 <= hour <= 12 and minute < 60:
            hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
            return datetime.time(hour, minute)
    match = _TIME_24H.fullmatch(value)
    if match and int(match[1]) < 24 and int(match[2]) < 60 and int(match[3] or 0) < 60:
        return datetime.time(int(match[1]), int(match[2]), int(match[3] or 0))
    raise ImportProblem(f"{where}: the time {_quote(value)} isn't a time of day like 20:30 or 8:30 PM.")


def _parse_csv(text: str, *, today: datetime.date, tzinfo, max_rows: int) -> ParsedImport:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        header = []
    columns = [name.strip().lower() for name in header]
    if columns[:2] == ["day", "text"] and "category" in columns:
        raise ImportProblem(
            "This is the CSV from Small Wins, which is made for spreadsheets. "
            "To bring your journal back, please import the JSON file from “Download JSON” instead."
        )
    missing = [name for name in ("full_date", "mood") if name not in columns]
    if missing:
        raise ImportProblem(
            "This file isn't a JSON export from Small Wins or a CSV export from Daylio. "
            f"A Daylio export starts with a row naming its columns ({', '.join(DAYLIO_COLUMNS)}); "
            f"this one has no {' or '.join(missing)} column."
        )
    position = {name: columns.index(name) for name in DAYLIO_COLUMNS if name in columns}
    parsed = ParsedImport(kind="daylio")
    unknown_moods: dict[str, int] = {}
    categories: dict[str, str] = {}
    shortened = 0
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportProblem(f"Row {row_number + 1}: this row can't be read as CSV ({error}).") from None
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue
        where = f"Row {row_number}"
        if len(parsed.wins) >= max_rows:
            raise too_many_entries(max_rows)
        if len(row) > len(columns):
            raise ImportProblem(
                f"{where}: this row has {len(row)} columns but the first row names {len(columns)}. "
                "A comma inside a note may be missing its quotes."
            )

        def cell(name: str, row=row) -> str:
            index = position.get(name)
            return row[index] if index is not None and index < len(row) else ""

        day = _parse_day(cell("full_date"), where, "date", today)
        moment = datetime.datetime.combine(day, _parse_time(cell("time"), where), tzinfo=tzinfo)
        mood_name = cell("mood").strip().lower()
        mood = DAYLIO_MOODS.get(mood_name)
        if mood_name and mood is None:
            unknown_moods[mood_name] = unknown_moods.get(mood_name, 0) + 1
        activities_cell = cell("activities")
        activities = [part.strip() for part in activities_cell.split("|") if part.strip()]
        if activities_cell not in categories:
            # A journal repeats a few dozen sets of activities: each set is matched once.
            categories[activities_cell] = category_for_activities(activities)
        parts = [_clean_note(cell("note_title")), _clean_note(cell("note"))]
        text = " — ".join(part for part in parts if part)
        if not text and activities:
            text = "Did: " + ", ".join(activities)
        if not text:
            text = f"Checked in with Daylio (feeling {mood_name})" if mood_name else "Checked in with Daylio"
        if len(text) > WIN_TEXT_MAX:
            text = text[: WIN_TEXT_MAX - 1].rstrip() + "…"
            shortened += 1
        if not _storable(text):
            raise ImportProblem(f"{where}: the note contains a character we can't store.")
        source = "\x1f".join(
            [
                "daylio",
                cell("full_date").strip(),
                cell("time").strip(),
                mood_name,
                cell("activities").strip(),
                cell("note_title"),
                cell("note"),
            ]
        )
        parsed.wins.append(
            {
                "code": None,
                "text": text,
                "category": categories[activities_cell],
                "mood": mood,
                # Daylio's lowest mood is the day the "Hard day — and I kept going" mark is for.
                "hard_day": mood == 1,
                "shared_with_allies": False,
                "occurred_on": day,
                "created_at": moment,
                "idempotency_key": uuid.uuid5(IMPORT_NAMESPACE, source),
                "photo": None,
            }
        )
    if not parsed.wins:
        raise ImportProblem("This Daylio file has its column names but no entries below them.")
    if unknown_moods:
        names = ", ".join(f"“{name}”" for name in sorted(unknown_moods)[:5])
        count = sum(unknown_moods.values())
        parsed.notices.append(
            f"{count} {'entry has' if count == 1 else 'entries have'} a mood we don't know ({names}), "
            "so we kept them without a mood."
        )
    if shortened:
        parsed.notices.append(
            f"{shortened} long {'note was' if shortened == 1 else 'notes were'} shortened to {WIN_TEXT_MAX} characters."
        )
    return parsed
