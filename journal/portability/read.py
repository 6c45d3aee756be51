"""The one way in for an uploaded file: cheap checks on its bytes, then the reader for its format."""

import codecs
import datetime
from typing import NoReturn

from journal.words import with_next_step

from .import_daylio import check_header, parse_daylio
from .import_json import parse_json
from .parsed import ImportProblem, ParsedImport

PIECE = 1024 * 1024  # bytes decoded at a time while checking


def check_upload(data: bytes) -> str:
    """ "json" or "daylio" for a file worth reading through, or ImportProblem for one that plainly isn't.

    Quick enough for the upload's own request (the page answers next to the
    field at once): the text is decoded a piece at a time and never kept, and a
    CSV's first row alone says whether it is Daylio's.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem("This file is saved as UTF-16. Please save it as UTF-8 and try again.")
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    view = memoryview(data)
    start_of_text = ""
    for start in range(0, len(data), PIECE):
        try:
            piece = decoder.decode(view[start : start + PIECE], final=start + PIECE >= len(data))
        except UnicodeDecodeError:
            _refuse_undecodable(data)
        if "\x00" in piece:
            raise ImportProblem("This file contains null characters, so it isn't a text export we can read.")
        if not start_of_text:
            start_of_text = piece.lstrip()[:1]
    if not start_of_text:
        raise ImportProblem("This file is empty. Please choose the file you downloaded.")
    if start_of_text in "{[":
        return "json"
    try:
        check_header(data)
    except ImportProblem as problem:
        raise ImportProblem(with_next_step(str(problem), "daylio")) from None
    return "daylio"


def _refuse_undecodable(data: bytes) -> NoReturn:
    # Decoded whole only now, so the message names the same byte however the pieces fell.
    where = ""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = f" (the first unreadable byte is at position {error.start + 1})"
    raise ImportProblem(
        f"We can't read this file as text{where}. "
        "Please choose a JSON export from Small Wins or a CSV export from Daylio."
    )


def parse_import(data: bytes, *, today: datetime.date, tzinfo, max_rows: int) -> ParsedImport:
    """Understand an uploaded file, or raise ImportProblem saying what is wrong and where.

    A file holding more than `max_rows` entries (wins, reflections, goals and
    the days goals were done, or Daylio rows) is refused before any is stored.
    """
    kind = check_upload(data)
    try:
        if kind == "json":
            return parse_json(data.decode("utf-8-sig"), today=today, max_rows=max_rows)
        return parse_daylio(data, today=today, tzinfo=tzinfo, max_rows=max_rows)
    except ImportProblem as problem:
        raise ImportProblem(with_next_step(str(problem), kind)) from None
