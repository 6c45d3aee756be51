"""Kept reflection drafts move out of the session into their own small table.

Before this, a reflection posted after its writer's session ended was kept in
that anonymous session's row, where nothing could find it when the account was
deleted, and where any number of posts could pile up. Drafts are now rows tied
to their writer (deleted with the account) and the old session copies go.
"""

from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


OLD_SESSION_KEY = "journal.reflection_drafts"


def drop_drafts_kept_in_sessions(apps, schema_editor):
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    Session = apps.get_model("sessions", "Session")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for session in Session.objects.using(schema_editor.connection.alias).iterator(chunk_size=1000):
        data = store.decode(session.session_data)  # an unreadable session decodes to {}
        if data.pop(OLD_SESSION_KEY, None) is not None:
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0004_journal_version_reflections_notes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('sessions', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='KeptDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('week_start', models.DateField()),
                ('holder', models.CharField(db_index=True, max_length=64)),
                ('based_on', models.DateTimeField(blank=True, null=True)),
                ('answers', models.JSONField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('owner', 'week_start'), name='keptdraft_owner_week_uniq')],
            },
        ),
        migrations.RunPython(drop_drafts_kept_in_sessions, migrations.RunPython.noop, elidable=True),
    ]
