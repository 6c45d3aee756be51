"""SentReminder moves to the journal app (reminders are the journal's): here it only leaves accounts' state.

The table stays; journal/migrations/0007_sentreminder_from_accounts.py takes it
over and renames it, so no row is copied and no reminder is sent twice.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_remove_user_journal_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SentReminder")],
            database_operations=[],
        ),
    ]
