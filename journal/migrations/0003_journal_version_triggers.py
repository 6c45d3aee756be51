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
"""

from django.db import migrations

from journal.triggers import install, postgresql_bumps, postgresql_drops, sqlite_bumps, sqlite_drops

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
