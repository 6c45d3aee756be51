"""SentReminder joins the journal (reminders are the journal's) and takes over its table from accounts.

The model enters the journal's state on the existing table, which is then
renamed to journal_sentreminder: every row stays, with its unique constraint,
so a reminder already sent is never sent again. Its content type (and with it
any permission granted on it) follows the model.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_to(app_label: str, other: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(schema_editor.connection.alias)
        if not types.filter(app_label=app_label, model="sentreminder").exists():
            types.filter(app_label=other, model="sentreminder").update(app_label=app_label)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_sentreminder_to_journal"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("journal", "0006_drop_journal_version_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SentReminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("daily", "Daily reminder"), ("weekly", "Weekly digest")], max_length=16
                            ),
                        ),
                        ("period", models.CharField(max_length=16)),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sent_reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_sentreminder",
                        "ordering": ["-sent_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "kind", "period"), name="sentreminder_user_kind_period_uniq"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="sentreminder", table=None),
        migrations.RunPython(content_type_to("journal", "accounts"), content_type_to("accounts", "journal")),
    ]
