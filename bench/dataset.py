"""The benchmark's database: creating it, sizing its seeded data, and removing the wins the benchmark logs."""

import datetime
import urllib.parse
from dataclasses import dataclass

import psycopg

from bench.console import say

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/smallwins_bench"

# Kept in step with bench/seeding/people.py (bench/run.py runs outside Django).
HEAVY_EMAIL = "heavy@example.com"
NEW_EMAIL = "new@example.com"
ALLY_EMAIL = "ally@example.com"


def pg_connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, **kwargs)


def ensure_database(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with pg_connect(maintenance) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            say(f"Creating the database {name}.")
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class DataSize:
    wins: int
    people: int
    heavy_wins: int
    link_codes: dict[str, str]  # owner email -> the ally's link code

    def describe(self) -> str:
        return (
            f"{self.wins:,} wins of {self.people:,} people (the heavy person: {self.heavy_wins:,} wins over five years)"
        )


def data_size(url: str) -> DataSize | None:
    with pg_connect(url) as conn:
        heavy = conn.execute("SELECT id FROM accounts_user WHERE email = %s", [HEAVY_EMAIL]).fetchone()
        if heavy is None:
            return None
        wins = conn.execute("SELECT count(*) FROM journal_win").fetchone()[0]
        people = conn.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
        heavy_wins = conn.execute("SELECT count(*) FROM journal_win WHERE owner_id = %s", heavy).fetchone()[0]
        links = conn.execute(
            "SELECT o.email, l.code FROM allies_allylink l"
            " JOIN accounts_user o ON o.id = l.owner_id JOIN accounts_user a ON a.id = l.ally_id"
            " WHERE a.email = %s",
            [ALLY_EMAIL],
        ).fetchall()
    return DataSize(wins, people, heavy_wins, {email: str(code) for email, code in links})


def remove_benchmark_wins(url: str, since: datetime.datetime, *, vacuum: bool = False) -> int:
    """The quick-log runs wrote wins with idempotency keys; the seeded ones have none."""
    with pg_connect(url) as conn:
        removed = conn.execute(
            "DELETE FROM journal_win WHERE idempotency_key IS NOT NULL AND created_at >= %s"
            " AND owner_id IN (SELECT id FROM accounts_user WHERE email = ANY(%s))",
            [since, [HEAVY_EMAIL, NEW_EMAIL]],
        ).rowcount
        if vacuum:
            conn.execute("VACUUM ANALYZE journal_win")
    return removed


def remove_mix_wins(url: str, since: datetime.datetime, emails: list[str]) -> int:
    """The wins the mix's people logged (its edits only touched those); their seeded wins are older."""
    with pg_connect(url) as conn:
        return conn.execute(
            "DELETE FROM journal_win WHERE created_at >= %s"
            " AND owner_id IN (SELECT id FROM accounts_user WHERE email = ANY(%s))",
            [since, emails],
        ).rowcount
