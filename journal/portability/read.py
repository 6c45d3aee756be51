"""The one way in for an uploaded file: decode it, then hand it to the reader for its format."""

import datetime

from journal.words import with_next_step

from .import_daylio import parse_daylio
from .import_json import parse_json
from .parsed import ImportProblem, ParsedImport


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
    kind = "json" if text.lstrip().startswith(("{", "[")) else "daylio"
    try:
        if kind == "json":
            return parse_json(text, today=today, max_rows=max_rows)
        return parse_daylio(text, today=today, tzinfo=tzinfo, max_rows=max_rows)
    except ImportProblem as problem:
        raise ImportProblem(with_next_step(str(problem), kind)) from None
