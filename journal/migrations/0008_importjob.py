"""Imports become jobs for the task worker: ImportJob holds the uploaded file until the worker is done with it."""


import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0007_sentreminder_from_accounts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('json', 'Small Wins JSON'), ('daylio', 'Daylio CSV')], max_length=8)),
                ('status', models.CharField(choices=[('pending', 'Waiting to start'), ('running', 'Importing'), ('done', 'Done'), ('refused', 'Not imported')], default='pending', max_length=8)),
                ('restore_settings', models.BooleanField(default=False)),
                ('data', models.BinaryField(null=True)),
                ('rows_done', models.PositiveIntegerField(default=0)),
                ('rows_total', models.PositiveIntegerField(blank=True, null=True)),
                ('result', models.JSONField(blank=True, default=dict)),
                ('problem', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('shown_at', models.DateTimeField(blank=True, null=True)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'running'])), fields=('owner',), name='importjob_one_on_its_way_per_owner')],
            },
        ),
    ]
