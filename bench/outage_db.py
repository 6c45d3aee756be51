"""The outage run's own database, smallwins_outage: made afresh with its people, and read back at the end."""

# A developer's tool that runs our own programs against localhost:
# ruff: noqa: S603
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
DATABASE = "smallwins_outage"
PASSWORD = "steady through the storm 7"  # noqa: S105 (the synthetic clients' password)


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True, connect_timeout=5)


def wait_for_postgres(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            admin_connection().close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def fresh_database(env: dict, clients: int) -> list[str]:
    with admin_connection() as conn:
        if _exists(conn):
            conn.execute(f"ALTER DATABASE {DATABASE} ALLOW_CONNECTIONS true")
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    emails = [f"outage-{n}@example.com" for n in range(clients)]
    script = (
        "from accounts.models import User\n"
        f"for email in {emails!r}:\n"
        f"    User.objects.create_user(email=email, password={PASSWORD!r}, timezone='UTC')\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)
    return emails


def _exists(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is not None


def cluster_version() -> str:
    versions = sorted(os.listdir("/etc/postgresql"))
    return versions[-1]


def stored_keys(env: dict, emails: list[str]) -> Counter:
    with psycopg.connect(env["DATABASE_URL"], connect_timeout=10) as conn:
        rows = conn.execute(
            "SELECT w.idempotency_key::text, count(*) FROM journal_win w JOIN accounts_user u ON u.id = w.owner_id "
            "WHERE u.email = ANY(%s) GROUP BY 1",
            [emails],
        ).fetchall()
    return Counter({key: count for key, count in rows})
