"""Where the generated rows go: PostgreSQL's COPY in chunks, or bulk_create elsewhere.

Rows arrive as tuples of COPY text values (\\N for NULL, "t"/"f" for
booleans), so the generator writes one format whatever the database.
"""

from collections.abc import Iterable

from django.core.management.base import CommandError
from django.db import connection

CHUNK_ROWS = 100_000  # per COPY transaction, so the deferred foreign-key checks never pile up
BOOLEAN_COLUMNS = {"hard_day", "shared_with_allies", "proud"}


def copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


class CopySink:
    """Streams rows into one table through COPY, a transaction per chunk."""

    def __init__(self, table: str, columns: list[str], constants: dict[str, str]):
        self.sql = f"COPY {table} ({', '.join([*columns, *constants])}) FROM STDIN"
        self.tail = "".join(f"\t{value}" for value in constants.values())
        self.lines: list[str] = []
        self.rows = 0

    def add(self, values: Iterable) -> None:
        self.lines.append("\t".join(values) + self.tail)
        if len(self.lines) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        with connection.cursor() as cursor, cursor.copy(self.sql) as copy:
            for start in range(0, len(self.lines), 10_000):
                copy.write("\n".join(self.lines[start : start + 10_000]) + "\n")
        self.rows += len(self.lines)
        self.lines = []


class BulkCreateSink:
    """The same rows through bulk_create, for databases without COPY."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns
        self.objects: list = []
        self.rows = 0

    def add(self, values: Iterable) -> None:
        fields = {}
        for name, value in zip(self.columns, values, strict=True):
            if value == r"\N":
                value = None
            elif name in BOOLEAN_COLUMNS:
                value = value == "t"
            elif isinstance(value, str):
                value = value.replace("\\n", "\n")
            fields[name] = value
        self.objects.append(self.model(**fields))
        if len(self.objects) >= 2_000:
            self.flush()

    def flush(self) -> None:
        if self.objects:
            self.model.objects.bulk_create(self.objects, batch_size=2_000)
            self.rows += len(self.objects)
            self.objects = []


def sink(model, columns: list[str]) -> CopySink | BulkCreateSink:
    if connection.vendor == "postgresql":
        return CopySink(model._meta.db_table, columns, constant_columns(model, columns))
    return BulkCreateSink(model, columns)


def constant_columns(model, columns: list[str]) -> dict[str, str]:
    """Every other NOT NULL column, with its field's default, so fields added later need no change here."""
    constants = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column in columns or (f.null and f.get_default() is None):
            continue
        if not f.has_default() and not f.empty_strings_allowed:
            raise CommandError(f"seed_bulk does not know what to put in {model._meta.db_table}.{f.column}")
        if f.has_default() and callable(f.default):
            raise CommandError(f"seed_bulk needs a value per row for {model._meta.db_table}.{f.column}")
        value = f.get_db_prep_save(f.get_default(), connection)
        if value is None:
            constants[f.column] = r"\N"
        elif isinstance(value, bool):
            constants[f.column] = "t" if value else "f"
        else:
            constants[f.column] = copy_text(str(value))
    return constants
