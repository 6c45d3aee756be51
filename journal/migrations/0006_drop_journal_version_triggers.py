"""The per-person page cache is gone, and with it the triggers that moved accounts_user.journal_version.

Undoes migrations 0004 and 0003, newest first: their triggers, functions and
sequence on PostgreSQL (each dropped only if it exists), their triggers on
SQLite. It runs before accounts 0006 removes the column, as SQLite will not drop
a column a trigger still names. Migrating back puts the triggers in again.
"""

from importlib import import_module

from django.db import migrations

# Module names that start with a digit can only be imported this way.
v3 = import_module("journal.migrations.0003_journal_version_triggers")
v4 = import_module("journal.migrations.0004_journal_version_reflections_notes")


def drop_triggers(apps, schema_editor):
    for old in (v4, v3):
        v3.run_for_vendor(schema_editor, postgresql=old.POSTGRESQL_BACKWARD, sqlite=old.SQLITE_BACKWARD)


def put_triggers_back(apps, schema_editor):
    for old in (v3, v4):
        v3.run_for_vendor(schema_editor, postgresql=old.POSTGRESQL_FORWARD, sqlite=old.SQLITE_FORWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0005_kept_drafts"),
    ]
    run_before = [
        ("accounts", "0006_remove_user_journal_version"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, put_triggers_back),
    ]
