"""What an import file becomes, what refuses it, and the readers both file formats share.

A reader (import_json.py, import_daylio.py) turns a file into a ParsedImport
of plain dicts, or raises ImportProblem with a message that tells a person what
is wrong and where. Nothing is stored until the whole file is understood
(store.py).
"""

import datetime
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from journal.weeks import FIRST_DAY

# Every imported win gets an idempotency key derived from its content (or, for
# our own export, from the win's code), so the same file imported twice finds
# its first copy instead of making a second.
IMPORT_NAMESPACE = uuid.UUID("5b0f8a0e-2d4e-4c53-9a55-7f3f0c9e2a61")


class ImportProblem(Exception):
    """The file cannot be imported. The message says what is wrong and where, for a person."""


@dataclass
class ParsedImport:
    kind: str  # "json" or "daylio"
    # A list for JSON; for Daylio a re-readable walk over the checked file (import_daylio.DaylioEntries),
    # so 300,000 rows never sit in memory at once.
    wins: Iterable[dict] = field(default_factory=list)
    reflections: list[dict] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)
    profile: dict | None = None
    safety_plan: dict | None = None  # {step name: entries}, from a Small Wins file that has one
    # Things worth saying about the file, as keys and counts that journal/words.py puts into words.
    notices: list[dict] = field(default_factory=list)
    entries: int = 0  # what counts against IMPORT_MAX_ROWS: the rows the progress bar walks through


def too_many_entries(max_rows: int, count: int | None = None) -> ImportProblem:
    """The kind message for a file over IMPORT_MAX_ROWS; `count` when it is known."""
    held = f"{count:,} entries" if count is not None else f"more than {max_rows:,} entries"
    return ImportProblem(
        f"This file holds {held}, and one import can bring in up to {max_rows:,}. "
        "Please split it into smaller files and import them one after another: nothing is added twice."
    )


def storable(value: str) -> bool:
    # PostgreSQL text can hold neither NUL nor lone surrogates (which JSON escapes allow).
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def quote(value, limit: int = 40) -> str:
    """A value from the file, shortened and made printable, to show in a message."""
    shown = str(value)
    if not storable(shown):
        shown = shown.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return "'" + (shown if len(shown) <= limit else shown[: limit - 1] + "…") + "'"


def read_day(value, where: str, what: str, today: datetime.date) -> datetime.date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ImportProblem(f"{where}: the {what} {quote(value)} isn't a date like 2024-03-15.")
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ImportProblem(f"{where}: the {what} {quote(value)} isn't a real date.") from None
    if day < FIRST_DAY:
        raise ImportProblem(f"{where}: the {what} {quote(value)} is before 1900.")
    if day > today + datetime.timedelta(days=1):
        raise ImportProblem(f"{where}: the {what} {quote(value)} is in the future.")
    return day


def read_text(item: dict, key: str, where: str, *, limit: int, required: bool = False) -> str:
    label = key.replace("_", " ")
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ImportProblem(f"{where}: the {label} should be text.")
    if not storable(value):
        raise ImportProblem(f"{where}: the {label} contains a character we can't store.")
    if required and not value.strip():
        raise ImportProblem(f"{where}: the {label} is empty.")
    if len(value) > limit:
        raise ImportProblem(f"{where}: the {label} is {len(value):,} characters long; the most we keep is {limit:,}.")
    return value


def read_flag(item: dict, key: str, where: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise ImportProblem(f"{where}: “{key}” should be true or false, not {quote(value)}.")
    return value


def read_moment(item: dict, key: str, where: str) -> datetime.datetime | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or not datetime.MINYEAR < moment.year < datetime.MAXYEAR:
        raise ImportProblem(f"{where}: “{key}” {quote(value)} isn't a date and time we understand.")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment
