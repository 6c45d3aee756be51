"""Runs the SQL of the migrations that install journal_version's triggers (journal migrations 0003, 0004).

Triggers are written once per database we run on: PostgreSQL everywhere that
matters, SQLite for the zero-setup `make run`. Kept small and stable, as
migrations import it.
"""


def run_for_vendor(schema_editor, *, postgresql: str, sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the script holds several statements and dollar quotes, sent as they are.
        schema_editor.execute(postgresql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"journal_version triggers are written for PostgreSQL and SQLite, not {vendor}")
