"""journal_version also moves with the week page's other parts: the reflection and the allies' notes.

With these the whole week page, reflection and notes included, can be kept per
person. Same reasons and same triggers as 0003. A note
shows its author's name as it is now, so a change to a person's display name or
email moves the version of everyone they have written a note for.

Removed with the page cache in journal migration 0006.
"""

from importlib import import_module

from django.db import migrations

# A module name that starts with a digit can only be imported this way.
v3 = import_module("journal.migrations.0003_journal_version_triggers")
install, postgresql_bumps, postgresql_drops = v3.install, v3.postgresql_bumps, v3.postgresql_drops
sqlite_bumps, sqlite_drops = v3.sqlite_bumps, v3.sqlite_drops

TABLES = ("journal_reflection", "allies_allynote")

POSTGRESQL_FORWARD = "".join(postgresql_bumps(table) for table in TABLES) + (
    """
CREATE FUNCTION accounts_user_name_bumps_note_owners() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts_user SET journal_version = next_journal_version(journal_version)
    WHERE id IN (SELECT owner_id FROM allies_allynote WHERE author_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_user_name_bumps_note_owners AFTER UPDATE OF display_name, email ON accounts_user
    FOR EACH ROW
    WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION accounts_user_name_bumps_note_owners();
"""
)

POSTGRESQL_BACKWARD = (
    """
DROP TRIGGER IF EXISTS accounts_user_name_bumps_note_owners ON accounts_user;
DROP FUNCTION IF EXISTS accounts_user_name_bumps_note_owners();
"""
    + "".join(postgresql_drops(table) for table in TABLES)
)

SQLITE_FORWARD = [statement for table in TABLES for statement in sqlite_bumps(table)] + [
    """CREATE TRIGGER accounts_user_name_bumps_note_owners AFTER UPDATE OF display_name, email ON accounts_user
    WHEN OLD.display_name IS NOT NEW.display_name OR OLD.email IS NOT NEW.email BEGIN
        UPDATE accounts_user SET journal_version = journal_version + 1
        WHERE id IN (SELECT owner_id FROM allies_allynote WHERE author_id = NEW.id);
    END""",
]

SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS accounts_user_name_bumps_note_owners"] + [
    statement for table in TABLES for statement in sqlite_drops(table)
]


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0003_journal_version_triggers"),
        ("allies", "0001_allies_invitations_links_notes"),
    ]

    operations = [
        install(
            postgresql=(POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
            sqlite=(SQLITE_FORWARD, SQLITE_BACKWARD),
        )
    ]
