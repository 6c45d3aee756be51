"""People who signed up before offline logging each get their own secret, never one shared by all."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User


@pytest.mark.django_db(transaction=True)
def test_everyone_already_here_gets_a_secret_of_their_own():
    call_command("migrate", "accounts", "0009_push_reminders", verbosity=0)
    try:
        old = MigrationExecutor(connection).loader.project_state(("accounts", "0009_push_reminders")).apps
        OldUser = old.get_model("accounts", "User")
        for n in range(3):
            OldUser.objects.create(email=f"early{n}@example.com", password="!")
    finally:
        call_command("migrate", verbosity=0)

    secrets = list(User.objects.filter(email__startswith="early").values_list("offline_secret", flat=True))
    assert len(secrets) == 3
    assert len(set(secrets)) == 3
    assert all(len(secret) >= 40 for secret in secrets)
