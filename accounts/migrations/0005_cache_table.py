"""The database cache's table, so `migrate` alone gives a working app.

allauth counts log-in and sign-up attempts in the "default" cache, a database
cache shared by every worker; without its table those pages answered 500.
Django's createcachetable makes the table exactly as the cache expects and
leaves one that already exists (made by hand before this migration) alone.
"""

from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_tables(apps, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    for alias in caches:
        cache = caches[alias]
        if isinstance(cache, BaseDatabaseCache):
            schema_editor.execute(f"DROP TABLE IF EXISTS {quote(cache._table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_one_email_per_account"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, drop_cache_tables, elidable=False),
    ]
