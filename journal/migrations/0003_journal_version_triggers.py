"""Database triggers that move accounts_user.journal_version on every change to journal_win.

The version keys the cached week and year pages (journal/timeline.py). It is
moved by the database rather than by Django signals because signals miss
QuerySet.update(), bulk_create() and raw SQL, and a missed change would show
someone an out-of-date journal. A second trigger stops an older copy of the user
row, saved later by Django, from moving the version back.

On PostgreSQL a new version comes from a sequence (never less than the old one
plus one), because a sequence never hands out a number twice, not even after a
rollback: a page drawn inside a transaction that was then rolled back must never
match the version a later, committed change gets. (SQLite adds one: it has no
sequences, and it only serves `make run`.)

PostgreSQL uses statement-level triggers, so a bulk insert (an import, seed_bulk's
COPY of millions of rows) bumps each person once, not once per row. SQLite (only
the zero-setup `make run`) has row-level triggers only. Note for later migrations
on SQLite: Django rebuilds a table to alter it there, which drops its triggers;
such a migration has to install them again.

The page cache and these triggers were removed in journal migration 0006.
"""

from django.db import migrations

# The helpers below lived in journal/triggers.py while the page cache did (journal migration 0006
# removed both); 0004 and 0006 use them from here. The names put into the SQL are this
# migration's own constants, never input, hence the noqa marks.
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

POSTGRESQL_FORWARD = (
    """
CREATE SEQUENCE journal_version_seq;

CREATE FUNCTION next_journal_version(current bigint) RETURNS bigint LANGUAGE sql AS $$
    SELECT GREATEST(current + 1, nextval('journal_version_seq'))
$$;

CREATE FUNCTION bump_owner_journal_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accounts_user SET journal_version = next_journal_version(journal_version)
        WHERE id IN (SELECT owner_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE accounts_user SET journal_version = next_journal_version(journal_version)
        WHERE id IN (SELECT owner_id FROM old_rows);
    ELSE
        UPDATE accounts_user SET journal_version = next_journal_version(journal_version)
        WHERE id IN (SELECT owner_id FROM old_rows UNION SELECT owner_id FROM new_rows);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION accounts_user_keep_journal_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.journal_version := GREATEST(NEW.journal_version, OLD.journal_version);
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_user_keeps_journal_version BEFORE UPDATE ON accounts_user
    FOR EACH ROW EXECUTE FUNCTION accounts_user_keep_journal_version();
"""
    + postgresql_bumps("journal_win")
)

POSTGRESQL_BACKWARD = (
    postgresql_drops("journal_win")
    + """
DROP TRIGGER IF EXISTS accounts_user_keeps_journal_version ON accounts_user;
DROP FUNCTION IF EXISTS accounts_user_keep_journal_version();
DROP FUNCTION IF EXISTS bump_owner_journal_version();
DROP FUNCTION IF EXISTS next_journal_version(bigint);
DROP SEQUENCE IF EXISTS journal_version_seq;
"""
)

SQLITE_FORWARD = [
    *sqlite_bumps("journal_win"),
    # SQLite cannot change NEW in a trigger: put the higher number back after the update.
    """CREATE TRIGGER accounts_user_keeps_journal_version AFTER UPDATE OF journal_version ON accounts_user
    WHEN NEW.journal_version < OLD.journal_version BEGIN
        UPDATE accounts_user SET journal_version = OLD.journal_version WHERE id = NEW.id;
    END""",
]

SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS accounts_user_keeps_journal_version", *sqlite_drops("journal_win")]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_journal_version"),
        ("journal", "0002_photos_goals_gratitude"),
    ]

    operations = [
        install(
            postgresql=(POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
            sqlite=(SQLITE_FORWARD, SQLITE_BACKWARD),
        )
    ]
