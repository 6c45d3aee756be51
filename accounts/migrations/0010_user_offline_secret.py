import secrets

from django.db import migrations, models

import accounts.models


def give_everyone_their_own_secret(apps, schema_editor):
    # AddField would give every existing row the same default value: one secret shared by all
    # would let one person's waiting wins be opened in another's account.
    User = apps.get_model("accounts", "User")
    batch = []
    for user in User.objects.only("pk").iterator(chunk_size=1000):
        user.offline_secret = secrets.token_urlsafe(32)
        batch.append(user)
        if len(batch) == 1000:
            User.objects.bulk_update(batch, ["offline_secret"])
            batch = []
    User.objects.bulk_update(batch, ["offline_secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_push_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="offline_secret",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_everyone_their_own_secret, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="user",
            name="offline_secret",
            field=models.CharField(default=accounts.models.new_offline_secret, editable=False, max_length=64),
        ),
    ]
