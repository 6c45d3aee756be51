"""One email address per account, and no address on two accounts.

Before this, any logged-in person could add someone else's address to their own
account (unconfirmed), and a password reset or log-in by that address could then
reach the wrong account. This keeps, for every person, exactly one EmailAddress:
their User.email, marked primary (and confirmed only if it already was). Every
other row goes, including any copy of another person's address. A unique index
on the lower-cased address then keeps any address on one account only, whatever
the code above the database does.

Written with plain queries in batches, so it runs the same on PostgreSQL and
SQLite and stays proportional on a large table.
"""

from django.db import migrations

BATCH = 2000
INDEX = "account_emailaddress_one_account"


def keep_one_address_per_account(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    db = schema_editor.connection.alias
    users = User.objects.using(db).order_by("pk").values_list("pk", "email")
    addresses = EmailAddress.objects.using(db)
    # Two accounts whose User.email differ only in case (possible only for
    # accounts made outside sign-up): the older keeps the address row.
    claimed = set()
    last_pk = None
    while True:
        batch = users.filter(pk__gt=last_pk) if last_pk is not None else users
        batch = list(batch[:BATCH])
        if not batch:
            break
        last_pk = batch[-1][0]
        wanted = {}
        for pk, email in batch:
            email = (email or "").strip().lower()
            if email and email not in claimed:
                claimed.add(email)
                wanted[pk] = email
        rows = list(addresses.filter(user_id__in=[pk for pk, _ in batch]).order_by("-verified", "pk"))
        keep, drop = {}, []
        for row in rows:
            if wanted.get(row.user_id) == row.email.lower() and row.user_id not in keep:
                keep[row.user_id] = row
            else:
                drop.append(row.pk)
        # Drop first: the kept row may become primary only once the old primary is gone.
        addresses.filter(pk__in=drop).delete()
        for row in keep.values():
            if not row.primary or row.email != wanted[row.user_id]:
                row.primary = True
                row.email = wanted[row.user_id]
                row.save(update_fields=["primary", "email"])
        addresses.bulk_create(
            EmailAddress(user_id=pk, email=email, primary=True, verified=False)
            for pk, email in wanted.items()
            if pk not in keep
        )
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys of the rows just deleted now: PostgreSQL
        # builds no index on a table with checks still pending in the transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_journal_version"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(keep_one_address_per_account, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON account_emailaddress (LOWER(email))",
            f"DROP INDEX {INDEX}",
        ),
    ]
