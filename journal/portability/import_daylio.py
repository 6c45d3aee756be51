"""Reading a Daylio CSV export: each entry becomes a win (docs/EXPORT.md has the column table)."""

import csv
import datetime
import html
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

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


def _reader(data: bytes):
    # Decoded a piece at a time as the rows are read: the file's text is never in memory whole.
    return csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""))


def check_header(data: bytes) -> None:
    """Refuse a CSV that isn't Daylio's from its first row alone (cheap: the page answers at once)."""
    _columns(_reader(data))


@dataclass
class _Tally:
    """What the reading noticed along the way, for the notices after the import."""

    unknown_moods: dict[str, int] = field(default_factory=dict)
    shortened: int = 0


def _entries(
    data: bytes, *, today: datetime.date, tzinfo, max_rows: int, tally: _Tally, wins: bool = True
) -> Iterator[dict | None]:
    """Each entry of the file as a win, in file order; ImportProblem for the first row that can't be used.

    With `wins` off every row is still checked and counted, but yields None: the first reading needs no more.
    """
    text_max = Win._meta.get_field("text").max_length
    reader = _reader(data)
    columns = _columns(reader)
    width = len(columns)
    at = {name: columns.index(name) if name in columns else width for name in DAYLIO_COLUMNS}
    categories: dict[str, str] = {}
    count = 0
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # The csv module's own words ("field larger than field limit") mean nothing to a person.
            raise ImportProblem(
                f"Row {row_number + 1:,} can't be read: a note may be very long, or a quote mark in it may have lost "
                "its partner."
            ) from None
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue
        where = f"Row {row_number}"
        if count >= max_rows:
            raise too_many_entries(max_rows)
        if len(row) > width:
            raise ImportProblem(
                f"{where}: this row has {len(row)} columns but the first row names {width}. "
                "A comma inside a note may be missing its quotes."
            )
        # A short row reads as empty cells from where it ends (and a missing column is always empty).
        row += [""] * (width + 1 - len(row))
        full_date, time_cell, mood_cell = row[at["full_date"]], row[at["time"]], row[at["mood"]]
        activities_cell, note_title, note = row[at["activities"]], row[at["note_title"]], row[at["note"]]

        day = read_day(full_date, where, "date", today)
        moment = datetime.datetime.combine(day, _parse_time(time_cell, where), tzinfo=tzinfo)
        mood_name = mood_cell.strip().lower()
        mood = DAYLIO_MOODS.get(mood_name)
        if mood_name and mood is None:
            tally.unknown_moods[mood_name] = tally.unknown_moods.get(mood_name, 0) + 1
        activities = [part.strip() for part in activities_cell.split("|") if part.strip()]
        if activities_cell not in categories:
            # A journal repeats a few dozen sets of activities: each set is matched once.
            categories[activities_cell] = category_for_activities(activities)
        parts = [_clean_note(note_title), _clean_note(note)]
        text = " — ".join(part for part in parts if part)
        if not text and activities:
            text = "Did: " + ", ".join(activities)
        if not text:
            text = f"Checked in with Daylio (feeling {mood_name})" if mood_name else "Checked in with Daylio"
        if len(text) > text_max:
            text = text[: text_max - 1].rstrip() + "…"
            tally.shortened += 1
        if not storable(text):
            raise ImportProblem(f"{where}: the note contains a character we can't store.")
        count += 1
        if not wins:
            yield None
            continue
        # The key must never change: a file imported again finds its wins by it.
        source = "\x1f".join(
            ["daylio", full_date.strip(), time_cell.strip(), mood_name, activities_cell.strip(), note_title, note]
        )
        yield {
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


class DaylioEntries:
    """The wins of a Daylio file that has been read through once without a problem.

    Each walk reads them again from the file's bytes, a row at a time, so the
    store can take them in chunks while memory stays flat however long the file is.
    """

    def __init__(self, data: bytes, *, today: datetime.date, tzinfo, count: int):
        self._data, self._today, self._tzinfo, self._count = data, today, tzinfo, count

    def __iter__(self) -> Iterator[dict]:
        return _entries(self._data, today=self._today, tzinfo=self._tzinfo, max_rows=self._count, tally=_Tally())

    def __len__(self) -> int:
        return self._count


def parse_daylio(data: bytes, *, today: datetime.date, tzinfo, max_rows: int) -> ParsedImport:
    """Read the whole file once, keeping nothing but counts: any problem is found before anything is stored."""
    tally = _Tally()
    count = sum(1 for _row in _entries(data, today=today, tzinfo=tzinfo, max_rows=max_rows, tally=tally, wins=False))
    if not count:
        raise ImportProblem("This Daylio file has its column names but no entries below them.")
    parsed = ParsedImport(kind="daylio", wins=DaylioEntries(data, today=today, tzinfo=tzinfo, count=count))
    parsed.entries = count
    if tally.unknown_moods:
        parsed.notices.append(
            {
                "key": "unknown_moods",
                "count": sum(tally.unknown_moods.values()),
                "names": sorted(tally.unknown_moods)[:5],
            }
        )
    if tally.shortened:
        parsed.notices.append(
            {"key": "shortened", "count": tally.shortened, "limit": Win._meta.get_field("text").max_length}
        )
    return parsed
