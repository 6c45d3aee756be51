"""Database triggers that move accounts_user.journal_version on every change to journal_win.

The version keys the cached week and year pages (journal/timeline.py). It is
moved by the database rather than by Django signals because signals miss
QuerySet.update(), bulk_create() and raw SQL, and a missed change would show
someone an out-of-date journal. A second trigger stops an older copy of the user
row, saved later by Django, from moving the version back.

PostgreSQL uses statement-level triggers, so a bulk insert (an import, seed_bulk's
COPY of millions of rows) bumps each person once, not once per row. SQLite (only
the zero-setup `make run`) has row-level triggers only. Note for later migrations
on SQLite: Django rebuilds a table to alter it there, which drops its triggers;
such a migration has to run this one's SQL again.
"""

from django.db import migrations

from journal.triggers import run_for_vendor

POSTGRESQL_FORWARD = """
CREATE FUNCTION journal_win_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accounts_user SET journal_version = journal_version + 1
        WHERE id IN (SELECT owner_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE accounts_user SET journal_version = journal_version + 1
        WHERE id IN (SELECT owner_id FROM old_rows);
    ELSE
        UPDATE accounts_user SET journal_version = journal_version + 1
        WHERE id IN (SELECT owner_id FROM old_rows UNION SELECT owner_id FROM new_rows);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER journal_win_insert_bumps_version AFTER INSERT ON journal_win
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION journal_win_bump_version();
CREATE TRIGGER journal_win_update_bumps_version AFTER UPDATE ON journal_win
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION journal_win_bump_version();
CREATE TRIGGER journal_win_delete_bumps_version AFTER DELETE ON journal_win
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION journal_win_bump_version();

CREATE FUNCTION accounts_user_keep_journal_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.journal_version := GREATEST(NEW.journal_version, OLD.journal_version);
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_user_keeps_journal_version BEFORE UPDATE ON accounts_user
    FOR EACH ROW EXECUTE FUNCTION accounts_user_keep_journal_version();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS accounts_user_keeps_journal_version ON accounts_user;
DROP FUNCTION IF EXISTS accounts_user_keep_journal_version();
DROP TRIGGER IF EXISTS journal_win_delete_bumps_version ON journal_win;
DROP TRIGGER IF EXISTS journal_win_update_bumps_version ON journal_win;
DROP TRIGGER IF EXISTS journal_win_insert_bumps_version ON journal_win;
DROP FUNCTION IF EXISTS journal_win_bump_version();
"""

SQLITE_FORWARD = [
    """CREATE TRIGGER journal_win_insert_bumps_version AFTER INSERT ON journal_win BEGIN
        UPDATE accounts_user SET journal_version = journal_version + 1 WHERE id = NEW.owner_id;
    END""",
    """CREATE TRIGGER journal_win_update_bumps_version AFTER UPDATE ON journal_win BEGIN
        UPDATE accounts_user SET journal_version = journal_version + 1 WHERE id IN (OLD.owner_id, NEW.owner_id);
    END""",
    """CREATE TRIGGER journal_win_delete_bumps_version AFTER DELETE ON journal_win BEGIN
        UPDATE accounts_user SET journal_version = journal_version + 1 WHERE id = OLD.owner_id;
    END""",
    # SQLite cannot change NEW in a trigger: put the higher number back after the update.
    """CREATE TRIGGER accounts_user_keeps_journal_version AFTER UPDATE OF journal_version ON accounts_user
    WHEN NEW.journal_version < OLD.journal_version BEGIN
        UPDATE accounts_user SET journal_version = OLD.journal_version WHERE id = NEW.id;
    END""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS accounts_user_keeps_journal_version",
    "DROP TRIGGER IF EXISTS journal_win_delete_bumps_version",
    "DROP TRIGGER IF EXISTS journal_win_update_bumps_version",
    "DROP TRIGGER IF EXISTS journal_win_insert_bumps_version",
]


def forward(apps, schema_editor):
    run_for_vendor(schema_editor, postgresql=POSTGRESQL_FORWARD, sqlite=SQLITE_FORWARD)


def backward(apps, schema_editor):
    run_for_vendor(schema_editor, postgresql=POSTGRESQL_BACKWARD, sqlite=SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_journal_version"),
        ("journal", "0002_photos_goals_gratitude"),
    ]

    operations = [migrations.RunPython(forward, backward)]
