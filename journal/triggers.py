"""The SQL of the triggers that move accounts_user.journal_version (journal migrations 0003, 0004).

Written once per database we run on: PostgreSQL everywhere that matters, SQLite
for the zero-setup `make run`. Kept small and stable, as migrations import it.
Every table given here has an owner_id column naming the person whose journal
it belongs to. The names put into the SQL are the migrations' own constants,
never input, hence the noqa marks.
"""

from django.db import migrations

EVENTS = ("insert", "update", "delete")


def postgresql_bumps(table: str) -> str:
    """Statement-level triggers: a bulk insert or COPY bumps each person once, not once per row."""
    referencing = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
    }
    return "".join(
        f"CREATE TRIGGER {table}_{event}_bumps_version AFTER {event.upper()} ON {table} {referencing[event]} "
        "FOR EACH STATEMENT EXECUTE FUNCTION bump_owner_journal_version();\n"
        for event in EVENTS
    )


def postgresql_drops(table: str) -> str:
    return "".join(f"DROP TRIGGER IF EXISTS {table}_{event}_bumps_version ON {table};\n" for event in EVENTS)


def sqlite_bumps(table: str) -> list[str]:
    """Row-level, the only kind SQLite has."""
    owners = {"insert": "NEW.owner_id", "update": "OLD.owner_id, NEW.owner_id", "delete": "OLD.owner_id"}
    return [
        f"CREATE TRIGGER {table}_{event}_bumps_version AFTER {event.upper()} ON {table} BEGIN "  # noqa: S608
        f"UPDATE accounts_user SET journal_version = journal_version + 1 WHERE id IN ({owners[event]}); END"
        for event in EVENTS
    ]


def sqlite_drops(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_{event}_bumps_version" for event in EVENTS]


def run_for_vendor(schema_editor, *, postgresql: str, sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the script holds several statements and dollar quotes, sent as they are.
        schema_editor.execute(postgresql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"journal_version triggers are written for PostgreSQL and SQLite, not {vendor}")


def install(*, postgresql: tuple[str, str], sqlite: tuple[list[str], list[str]]) -> migrations.RunPython:
    """The migration operation: (forward, backward) SQL for each database, run for the one in use."""

    def forward(apps, schema_editor):
        run_for_vendor(schema_editor, postgresql=postgresql[0], sqlite=sqlite[0])

    def backward(apps, schema_editor):
        run_for_vendor(schema_editor, postgresql=postgresql[1], sqlite=sqlite[1])

    return migrations.RunPython(forward, backward)
