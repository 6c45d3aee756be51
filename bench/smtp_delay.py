#!/usr/bin/env python
"""How long a note, an invitation and a win take while the mail server is up, slow, refusing or hanging.

    .venv/bin/python bench/smtp_delay.py                  # this checkout
    .venv/bin/python bench/smtp_delay.py --app-dir DIR    # another checkout (say, a worktree at main), same venv

One run:
1. makes its own database (smallwins_smtp, dropped and made afresh), migrates
   it, and adds an owner who asked for note emails and an ally of theirs;
2. for each mail server condition, starts a local SMTP server on 127.0.0.1:
     up       answers at once;
     slow     waits --delay seconds (5) before accepting each message;
     refused  nothing listens on the port;
     hanging  accepts the connection and never says a word (the app's SMTP
              timeout, 10 s, decides);
   then gunicorn as in production with EMAIL_URL pointing at it, and, where the
   checkout has one, `manage.py worker` beside it;
3. the ally, logged in through the real form, posts --posts notes (each emails
   the owner); the owner posts as many invitations (each emails the invitee)
   and quick-logs as many wins (no email), timing each request from the client;
4. prints median and slowest per condition and action, and how many of the
   emails the mail server had received when the condition ended.

It touches only its own database and ports on 127.0.0.1; it runs a few minutes.
"""

# A developer's tool that runs our own programs against localhost:
# ruff: noqa: S603
import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))
from outage import Person, free_port

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
DATABASE = "smallwins_smtp"
PASSWORD = "steady through the storm 7"  # noqa: S105 (outage.Person logs in with this)
CONDITIONS = ("up", "slow", "refused", "hanging")


def say(message: str) -> None:
    print(f"[smtp {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Inbox:
    def __init__(self, delay: float):
        self.delay = delay
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.received += 1
        return "250 OK"


class Silent(threading.Thread):
    """Accepts connections and never answers, like a mail server that hangs."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.listener = socket.create_server(("127.0.0.1", port))
        self.held: list[socket.socket] = []
        self.received = 0

    def run(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)

    def stop(self) -> None:
        self.listener.close()
        for connection in self.held:
            connection.close()


def mail_server(condition: str, port: int, delay: float):
    if condition == "refused":
        return None
    if condition == "hanging":
        server = Silent(port)
        server.start()
        return server
    inbox = Inbox(delay if condition == "slow" else 0)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


class Web:
    """gunicorn as in production (config/gunicorn.py), minus HTTPS, in the checkout being measured."""

    def __init__(self, env: dict, app_dir: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=app_dir,
            env={**env, "PORT": str(self.port), "WEB_CONCURRENCY": "2"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.5)

    def _healthy(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as probe:
                probe.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                return probe.recv(64).split(b"\r\n")[0].endswith(b" 200 OK")
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def waiting_in_outbox() -> int | None:
    """Emails queued and not yet sent; None for a checkout without the outbox."""
    with psycopg.connect(f"{SERVER_URL}/{DATABASE}", autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('background_email')").fetchone()[0] is None:
            return None
        query = "SELECT count(*) FROM background_email WHERE status IN ('waiting', 'sending')"
        return conn.execute(query).fetchone()[0]


def fresh_database(env: dict, app_dir: Path) -> str:
    """The owner and the ally; the ally link's code."""
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=app_dir, env=env, check=True)
    script = (
        "from accounts.models import User\n"
        "from allies.models import AllyLink\n"
        f"owner = User.objects.create_user(email='owner@example.com', password={PASSWORD!r}, timezone='UTC')\n"
        "owner.email_on_ally_note = True\n"
        "owner.save()\n"
        f"ally = User.objects.create_user(email='ally@example.com', password={PASSWORD!r}, timezone='UTC')\n"
        "print(AllyLink.objects.create(owner=owner, ally=ally, scope='shared_wins').code)\n"
    )
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=app_dir, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def timed(person: Person, path: str, body: dict, *, expect: tuple[int, ...], htmx: bool = False) -> float:
    """Seconds one POST took, from the client's side."""
    token = person.cookies["csrftoken"]
    headers = {"HX-Request": "true", "X-CSRFToken": token} if htmx else None
    started = time.perf_counter()
    status, _ = person.request("POST", path, {**body, "csrfmiddlewaretoken": token}, headers)
    seconds = time.perf_counter() - started
    if status not in expect:
        raise RuntimeError(f"POST {path} answered {status}")
    return seconds


def measure(owner: Person, ally: Person, code: str, posts: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"note": [], "invite": [], "win": []}
    for number in range(posts):
        note = {"text": f"Proud of you, {number}"}
        times["note"].append(timed(ally, f"/allies/{code}/", note, expect=(302,)))
        invitation = {
            "delivery": "email",
            "email": f"friend-{uuid.uuid4().hex[:8]}@example.com",
            "message": "Would you be my ally?",
            "scope": "shared_wins",
        }
        times["invite"].append(timed(owner, "/allies/", invitation, expect=(200, 302)))
        win = {"text": f"Made tea {number}", "category": "other", "idempotency_key": str(uuid.uuid4())}
        times["win"].append(timed(owner, "/", win, expect=(200,), htmx=True))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    parser.add_argument("--posts", type=int, default=5, help="requests of each kind per condition (default 5)")
    parser.add_argument("--delay", type=float, default=5.0, help="the slow server's delay in seconds (default 5)")
    parser.add_argument("--drain", type=float, default=90, help="seconds to wait for a worker's emails (default 90)")
    parser.add_argument("--conditions", default=",".join(CONDITIONS), help=f"some of {','.join(CONDITIONS)}")
    args = parser.parse_args()
    app_dir = args.app_dir.resolve()
    has_worker = (app_dir / "background" / "management" / "commands" / "worker.py").exists()
    env = {
        "PATH": str(Path(PYTHON).parent),
        "DATABASE_URL": f"{SERVER_URL}/{DATABASE}",
        "VAR_DIR": str(ROOT / "var" / "smtp_delay"),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    say(f"{app_dir} ({'with' if has_worker else 'without'} a worker); a fresh {DATABASE}")
    code = fresh_database(env, app_dir)
    rows = []
    for condition in args.conditions.split(","):
        smtp_port = free_port()
        server = mail_server(condition, smtp_port, args.delay)
        waiting_before = waiting_in_outbox()
        run_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}?tls=0"}
        web = Web(run_env, app_dir)
        worker = None
        if has_worker:
            worker = subprocess.Popen([PYTHON, "manage.py", "worker", "--no-clock", "-v0"], cwd=app_dir, env=run_env)
        try:
            # gunicorn's own timeout (30 s) is the longest a request can take.
            owner, ally = (Person(web.port, email, timeout=60) for email in ("owner@example.com", "ally@example.com"))
            owner.log_in()
            ally.log_in()
            times = measure(owner, ally, code, args.posts)
            if isinstance(server, tuple):  # a server that accepts: give the worker time to hand them over
                deadline = time.monotonic() + args.drain
                while server[1].received < 2 * args.posts and time.monotonic() < deadline:
                    time.sleep(0.5)
        finally:
            web.stop()
            if worker:
                worker.terminate()
                worker.wait(timeout=60)
        received = 0
        if isinstance(server, tuple):
            controller, inbox = server
            received = inbox.received
            controller.stop()
        elif server is not None:
            server.stop()
        waiting = waiting_in_outbox()
        waiting = "-" if waiting is None else waiting - waiting_before
        for action, seconds in times.items():
            rows.append((condition, action, statistics.median(seconds), max(seconds), received, waiting))
        for action, seconds in times.items():
            say(f"{condition} {action}: median {statistics.median(seconds):.3f} s, slowest {max(seconds):.3f} s")
        say(f"{condition}: the mail server received {received} of {2 * args.posts}; {waiting} wait in the outbox")
    print()
    print("| mail server | request | median | slowest | emails received by the end | waiting in the outbox |")
    print("| --- | --- | --- | --- | --- | --- |")
    for condition, action, median, slowest, received, waiting in rows:
        print(f"| {condition} | {action} | {median * 1000:.0f} ms | {slowest * 1000:.0f} ms | {received} | {waiting} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
