"""`manage.py migrate` and nothing else gives a working app (the review found sign-up answering 500)."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from accounts.models import User


@pytest.mark.django_db(transaction=True)
def test_a_plain_migrate_makes_the_cache_table_and_sign_up_works(client):
    table = caches["default"]._table
    # As on a database that has never seen this project's migrations past this point (the
    # migrations that came after it, in any app, step back with it).
    call_command("migrate", "accounts", "0004_one_email_per_account", verbosity=0)
    assert table not in connection.introspection.table_names()
    try:
        call_command("migrate", verbosity=0)

        assert table in connection.introspection.table_names()
        response = client.post(
            "/accounts/signup/",
            {"email": "new@example.com", "password1": "a calm river at dawn 42", "timezone": "UTC"},
        )
        assert response.status_code == 302
        assert User.objects.filter(email="new@example.com").exists()
    finally:
        # The other tests need the table whatever happened here.
        call_command("createcachetable", verbosity=0)
