"""The real worker process (`manage.py worker`) against the test database and a local SMTP server.

The last test restarts the whole PostgreSQL cluster of this machine: every
other database on it feels the restart for a few seconds. It is marked
`restarts_postgres`; leave it out with `-m "not restarts_postgres"`.
"""

import email
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.core.mail import send_mail
from django.db import connection, connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from psycopg import sql

from background.models import Email

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, *, seconds: float = 60) -> bool:
    """Poll `condition` until it holds or `seconds` pass; whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:
            connections.close_all()
        time.sleep(0.2)
    return False


def database_url_for_the_worker() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@contextmanager
def running_worker(smtp_server, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url_for_the_worker(), "EMAIL_URL": smtp_server.url, "DEBUG": "0"}
    env.pop("EMAIL_HOST", None)
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay", "--no-clock"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


def nothing_left() -> bool:
    return not DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists()


def message_ids(smtp_server) -> list[str]:
    return [email.message_from_bytes(raw)["Message-ID"] for raw in smtp_server.received]


def test_the_worker_sends_an_email_once_after_the_server_refused_the_first_attempt(smtp_server, queue, tmp_path):
    smtp_server.refuse = 1
    send_mail("Small Wins: a note from Sam", "Proud of you", None, ["robin@example.com"])
    stored = Email.objects.get()

    with running_worker(smtp_server, tmp_path) as worker:
        assert wait_for(lambda: Email.objects.get().attempts == 1), (tmp_path / "worker.log").read_text()
        assert Email.objects.get().status == Email.Status.WAITING
        assert smtp_server.received == []
        # The retry waits ten seconds; make them pass.
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        assert wait_for(lambda: len(smtp_server.received) == 1 and nothing_left())
        assert worker.poll() is None, "the worker keeps running"

    assert message_ids(smtp_server) == [stored.message["headers"]["Message-ID"]]
    stored.refresh_from_db()
    assert (stored.status, stored.message, stored.attempts) == (Email.Status.SENT, {}, 2)


def test_the_worker_runs_on_the_zero_setup_sqlite_database_too(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith(("EMAIL_", "DATABASE_URL"))}
    env["VAR_DIR"] = str(tmp_path)

    def manage(*args: str) -> None:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    manage("migrate", "-v0")
    manage(
        "shell", "-c", "from django.core.mail import send_mail; send_mail('Hello', 'Kind words', None, ['a@b.example'])"
    )
    manage("worker", "--batch", "--no-startup-delay")
    [saved] = (tmp_path / "mail").iterdir()
    assert "Kind words" in saved.read_text()


def cut_off(seconds: float) -> None:
    """The test database refuses connections and drops every one it has, for `seconds`; nothing else is touched."""
    name = connection.settings_dict["NAME"]
    maintenance = database_url_for_the_worker().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name)))
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            time.sleep(seconds)
        finally:
            admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(name)))
    connections.close_all()


def test_the_worker_outlives_its_database_going_away_and_sends_every_email_once(smtp_server, queue, tmp_path):
    smtp_server.delay = 0.03
    for number in range(50):
        send_mail(f"Small Wins: email {number}", "Words", None, [f"person{number}@example.com"])

    with running_worker(smtp_server, tmp_path) as worker:
        assert wait_for(lambda: len(smtp_server.received) >= 5), (tmp_path / "worker.log").read_text()
        cut_off(3)
        sent_while_away = len(smtp_server.received)
        assert wait_for(lambda: len(smtp_server.received) >= 50 and nothing_left(), seconds=120), (
            tmp_path / "worker.log"
        ).read_text()
        assert worker.poll() is None, "the worker outlived the outage"
        log = (tmp_path / "worker.log").read_text()

    assert sent_while_away < 50
    assert "The database is out of reach" in log
    ids = message_ids(smtp_server)
    assert (len(ids), len(set(ids))) == (50, 50)
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}


def _postgres_cluster() -> str | None:
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        return None
    versions = sorted(os.listdir("/etc/postgresql"))
    return versions[-1] if versions else None


@pytest.mark.restarts_postgres
@pytest.mark.skipif(_postgres_cluster() is None, reason="needs a local PostgreSQL cluster (pg_ctlcluster)")
def test_a_postgresql_restart_with_100_emails_queued_loses_none_and_sends_none_twice(smtp_server, queue, tmp_path):
    smtp_server.delay = 0.03  # so the restart lands while most are still queued
    for number in range(100):
        send_mail(f"Small Wins: email {number}", "Words", None, [f"person{number}@example.com"])
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 100

    with running_worker(smtp_server, tmp_path) as worker:
        assert wait_for(lambda: len(smtp_server.received) >= 10), (tmp_path / "worker.log").read_text()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", _postgres_cluster(), "main", "restart"],
            check=True,
            timeout=120,
        )
        connections.close_all()
        sent_at_restart = len(smtp_server.received)
        assert wait_for(lambda: len(smtp_server.received) >= 100 and nothing_left(), seconds=180), (
            tmp_path / "worker.log"
        ).read_text()
        assert worker.poll() is None, "the worker outlived the restart"
        log = (tmp_path / "worker.log").read_text()

    assert sent_at_restart < 100, "the restart happened while emails were still queued"
    assert "The database is out of reach" in log
    ids = message_ids(smtp_server)
    assert len(ids) == 100
    assert len(set(ids)) == 100, "no email sent twice"
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}
