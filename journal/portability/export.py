"""A person's journal out as JSON (everything, docs/EXPORT.md) or CSV (the wins, for a spreadsheet).

Both are streamed: rows come from the database a chunk at a time through
`iterator(chunk_size=...)` and leave as text straight away, so a history of
tens of thousands of wins never sits in memory at once. Bump EXPORT_VERSION
whenever the JSON format changes.

Apps built on the journal add what they keep about the person to the JSON
file by answering `export_sections` (the allies app adds notes, allies,
invitations and visits: allies/export.py), so the journal never imports them.
"""

import base64
import csv
import datetime
import json
from collections.abc import Iterable, Iterator

from django.dispatch import Signal
from django.utils import timezone

from journal import photos
from journal.models import (
    REFLECTION_FIELDS,
    WEEKDAYS,
    Category,
    Goal,
    GoalCompletion,
    Mood,
    Reflection,
    SafetyPlan,
    Win,
)

EXPORT_FORMAT = "small-wins-export"
EXPORT_VERSION = 1
CHUNK_SIZE = 500  # rows fetched per round trip, and at most per piece of the stream
PIECE_BYTES = 256 * 1024  # a piece leaves early once it is this big (photos)

# Sent while the JSON export is written. Each receiver returns a list of
# (key, rows) pairs: a top-level key of the file and an iterable of JSON-ready
# dicts, read lazily. Argument: user.
export_sections = Signal()


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value.isoformat()


def dumps(value) -> str:
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
    fields = ["week_start", *REFLECTION_FIELDS, "created_at", "updated_at"]
    queryset = Reflection.objects.filter(owner=user).order_by("week_start").values(*fields)
    yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def profile_data(user) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "timezone": user.timezone,
        "country": user.country,
        "week_starts_on": user.week_starts_on,
        "ally_ask": user.ally_ask,
        "email_on_ally_note": user.email_on_ally_note,
        "daily_reminder": user.daily_reminder,
        "daily_reminder_time": user.daily_reminder_time,
        "daily_reminder_by": user.daily_reminder_by,
        "quiet_from": user.quiet_from,
        "quiet_until": user.quiet_until,
        "weekly_digest": user.weekly_digest,
        "weekly_digest_day": user.weekly_digest_day,
        "weekly_digest_time": user.weekly_digest_time,
        "date_joined": user.date_joined,
    }


def safety_plan_data(user) -> dict | None:
    """My safety plan: each step's list in the person's words (None when they have not written one)."""
    plan = SafetyPlan.objects.filter(owner=user).first()
    if plan is None:
        return None
    return {**plan.answers, "created_at": plan.created_at, "updated_at": plan.updated_at}


def _json_list(key: str, rows: Iterable, *, last: bool = False) -> Iterator[str]:
    """One `"key": [...]` member, a chunk of rows per yielded piece."""
    yield f'  "{key}": ['
    buffer: list[str] = []
    size = 0
    first = True
    for row in rows:
        item = ("\n    " if first else ",\n    ") + dumps(row)
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
        yield f'  "{key}": {dumps(value)},\n'
    yield f'  "profile": {dumps(profile_data(user))},\n'
    yield f'  "safety_plan": {dumps(safety_plan_data(user))},\n'
    sections: list[tuple[str, Iterable]] = [
        ("wins", _win_rows(user, with_photos=True)),
        ("reflections", _reflection_rows(user)),
        ("goals", _goal_rows(user)),
    ]
    for _receiver, more in export_sections.send(sender=type(user), user=user):
        sections += more
    for index, (key, rows) in enumerate(sections):
        yield from _json_list(key, rows, last=index == len(sections) - 1)
    yield "}\n"


PLAN_CSV_HEADER = ["step", "entry", "phone"]


def export_safety_plan_csv(user) -> Iterator[str]:
    """My safety plan as CSV: one row per entry, under the step's heading (small: one piece)."""
    writer = csv.writer(_Echo())
    plan = SafetyPlan.objects.filter(owner=user).first() or SafetyPlan(owner=user)
    rows = [writer.writerow(PLAN_CSV_HEADER)]
    for step, entries in plan.steps:
        for entry in entries:
            name, phone = (entry["name"], entry["phone"]) if step.contacts else (entry, "")
            rows.append(writer.writerow([step.heading, _cell(name), _cell(phone)]))
    yield "".join(rows)


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
