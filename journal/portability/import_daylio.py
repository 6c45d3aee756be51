"""Reading a Daylio CSV export: each entry becomes a win (docs/EXPORT.md has the column table)."""

import csv
import datetime
import html
import io
import re
import uuid

from django.utils.html import strip_tags

from journal.categories import category_for_activities
from journal.models import Win

from .parsed import IMPORT_NAMESPACE, ImportProblem, ParsedImport, quote, read_day, storable, too_many_entries

DAYLIO_COLUMNS = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
DAYLIO_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
_TIME_24H = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TIME_12H = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"<\s*br\s*/?\s*>|</\s*(?:p|div|li)\s*>", re.IGNORECASE)


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
    raise ImportProblem(f"{where}: the time {quote(value)} isn't a time of day like 20:30 or 8:30 PM.")


def _columns(reader) -> list[str]:
    """The header row's column names, or a message for a file that isn't Daylio's."""
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
    return columns


def parse_daylio(text: str, *, today: datetime.date, tzinfo, max_rows: int) -> ParsedImport:
    text_max = Win._meta.get_field("text").max_length
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _columns(reader)
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

        day = read_day(cell("full_date"), where, "date", today)
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
        if len(text) > text_max:
            text = text[: text_max - 1].rstrip() + "…"
            shortened += 1
        if not storable(text):
            raise ImportProblem(f"{where}: the note contains a character we can't store.")
        # The key must never change: a file imported again finds its wins by it.
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
            f"{shortened} long {'note was' if shortened == 1 else 'notes were'} shortened to {text_max} characters."
        )
    return parsed
