"""journal_version also moves with the week page's other parts: the reflection and the allies' notes.

With these the whole week page, reflection and notes included, can be kept per
person (journal/timeline.py). Same reasons and same shape as 0003: triggers
see every write path. A note shows its author's name as it is now, so a change
to a person's display name or email moves the version of everyone they have
written a note for.
"""

from django.db import migrations

from journal.triggers import run_for_vendor

POSTGRESQL_FORWARD = """
CREATE FUNCTION bump_owner_journal_version() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER journal_reflection_insert_bumps_version AFTER INSERT ON journal_reflection
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bump_owner_journal_version();
CREATE TRIGGER journal_reflection_update_bumps_version AFTER UPDATE ON journal_reflection
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bump_owner_journal_version();
CREATE TRIGGER journal_reflection_delete_bumps_version AFTER DELETE ON journal_reflection
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bump_owner_journal_version();
CREATE TRIGGER allies_allynote_insert_bumps_version AFTER INSERT ON allies_allynote
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bump_owner_journal_version();
CREATE TRIGGER allies_allynote_update_bumps_version AFTER UPDATE ON allies_allynote
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bump_owner_journal_version();
CREATE TRIGGER allies_allynote_delete_bumps_version AFTER DELETE ON allies_allynote
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bump_owner_journal_version();

CREATE FUNCTION accounts_user_name_bumps_note_owners() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts_user SET journal_version = journal_version + 1
    WHERE id IN (SELECT owner_id FROM allies_allynote WHERE author_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_user_name_bumps_note_owners AFTER UPDATE OF display_name, email ON accounts_user
    FOR EACH ROW
    WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION accounts_user_name_bumps_note_owners();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS accounts_user_name_bumps_note_owners ON accounts_user;
DROP FUNCTION IF EXISTS accounts_user_name_bumps_note_owners();
DROP TRIGGER IF EXISTS allies_allynote_delete_bumps_version ON allies_allynote;
DROP TRIGGER IF EXISTS allies_allynote_update_bumps_version ON allies_allynote;
DROP TRIGGER IF EXISTS allies_allynote_insert_bumps_version ON allies_allynote;
DROP TRIGGER IF EXISTS journal_reflection_delete_bumps_version ON journal_reflection;
DROP TRIGGER IF EXISTS journal_reflection_update_bumps_version ON journal_reflection;
DROP TRIGGER IF EXISTS journal_reflection_insert_bumps_version ON journal_reflection;
DROP FUNCTION IF EXISTS bump_owner_journal_version();
"""

SQLITE_FORWARD = [
    statement
    for table in ("journal_reflection", "allies_allynote")
    for statement in (
        f"""CREATE TRIGGER {table}_insert_bumps_version AFTER INSERT ON {table} BEGIN
            UPDATE accounts_user SET journal_version = journal_version + 1 WHERE id = NEW.owner_id;
        END""",
        f"""CREATE TRIGGER {table}_update_bumps_version AFTER UPDATE ON {table} BEGIN
            UPDATE accounts_user SET journal_version = journal_version + 1 WHERE id IN (OLD.owner_id, NEW.owner_id);
        END""",
        f"""CREATE TRIGGER {table}_delete_bumps_version AFTER DELETE ON {table} BEGIN
            UPDATE accounts_user SET journal_version = journal_version + 1 WHERE id = OLD.owner_id;
        END""",
    )
] + [
    """CREATE TRIGGER accounts_user_name_bumps_note_owners AFTER UPDATE OF display_name, email ON accounts_user
    WHEN OLD.display_name IS NOT NEW.display_name OR OLD.email IS NOT NEW.email BEGIN
        UPDATE accounts_user SET journal_version = journal_version + 1
        WHERE id IN (SELECT owner_id FROM allies_allynote WHERE author_id = NEW.id);
    END""",
]

SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS accounts_user_name_bumps_note_owners"] + [
    f"DROP TRIGGER IF EXISTS {table}_{event}_bumps_version"
    for table in ("journal_reflection", "allies_allynote")
    for event in ("insert", "update", "delete")
]


def forward(apps, schema_editor):
    run_for_vendor(schema_editor, postgresql=POSTGRESQL_FORWARD, sqlite=SQLITE_FORWARD)


def backward(apps, schema_editor):
    run_for_vendor(schema_editor, postgresql=POSTGRESQL_BACKWARD, sqlite=SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0003_journal_version_triggers"),
        ("allies", "0001_allies_invitations_links_notes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
