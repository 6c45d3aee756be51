"""accounts_user.journal_version keyed the per-person page cache, now removed (journal migration 0006
drops the triggers that moved it, before this runs)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_cache_table"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="journal_version"),
    ]
