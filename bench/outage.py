#!/usr/bin/env python
"""Outages under load: `make outage` or `.venv/bin/python bench/outage.py --help`.

What one run does, in order:

1. creates its own database (smallwins_outage, dropped and made afresh),
   migrates it and adds one person per client;
2. starts gunicorn as in production (config/gunicorn.py, sync workers,
   persistent connections with health checks) but without HTTPS;
3. logs each client in through the real log-in form, so each has its own
   session cookie and CSRF token;
4. for --duration seconds, sends --rate quick-log posts per second in total,
   shared between the clients, exactly as htmx sends them from Today. Every
   post carries its own idempotency key; after an error (a 5xx, a dropped
   connection, a timeout) the client sends the same post again, with the same
   key, a moment later, while new posts keep to the schedule;
5. a third of the way in, takes the database away:
     --scenario terminate  refuses new connections to smallwins_outage and
                           terminates every backend connected to it
                           (pg_terminate_backend), for --outage-seconds; only
                           this database is touched, so it is safe while
                           others run tests on the machine;
     --scenario restart    restarts the whole PostgreSQL cluster
                           (pg_ctlcluster ... restart). Every database on the
                           machine goes away for a moment: run it last;
6. two thirds of the way in, kills one gunicorn worker with SIGKILL; the master
   starts a new one;
7. polls the static crisis page (/crisis/) four times a second throughout;
8. then checks, straight from the database: every post acknowledged with a
   2xx is there exactly once; no idempotency key is there twice; every error
   answer during the outage was the kind 503 page; the app answered 2xx again
   after the outage without gunicorn being restarted (same master process);
   the crisis page answered 200 every time.

It prints a summary, writes the details as JSON to var/outage/, and with
--record adds a row to the table in docs/RELIABILITY.md. The exit status is 0
only if every check passed.
"""

# A developer's tool that runs our own programs against localhost:
# ruff: noqa: S603
import argparse
import datetime
import http.client
import http.cookies
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = ROOT / "var" / "outage"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
DATABASE = "smallwins_outage"
PASSWORD = "steady through the storm 7"  # noqa: S105 (the synthetic clients' password)
KIND_503 = "reach your journal right now"
RELIABILITY = ROOT / "docs" / "RELIABILITY.md"
LOG_MARKERS = ("<!-- outage:log:begin -->", "<!-- outage:log:end -->")


def say(message: str) -> None:
    print(f"[outage {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The database -----------------------------------------------------------------


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


# --- gunicorn ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production configuration, minus HTTPS, on a port of its own."""

    def __init__(self, env: dict, port: int, workers: int):
        self.port = port
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = VAR_DIR / "gunicorn.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while len(self.workers()) < workers or not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {self.log_path}")
            time.sleep(0.5)

    def _healthy(self) -> bool:
        """A worker has loaded the app and reached the database."""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request("GET", "/healthz")
            healthy = conn.getresponse().status == 200
            conn.close()
            return healthy
        except (OSError, http.client.HTTPException):
            return False

    def workers(self) -> list[int]:
        """The master's children, read from /proc."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(entry.name))
        return sorted(children)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


# --- Clients -------------------------------------------------------------------------


@dataclass
class Answer:
    at: float  # seconds since the load started
    status: int | None  # None: no HTTP answer at all
    kind: str  # ok, kind-503, unkind-error, dropped, other
    seconds: float


@dataclass
class Post:
    client: int
    key: str
    text: str
    due: float
    # An earlier day (the form's "Another day?"), as bench/quick_log.lua does, so
    # each person's Today keeps its real size instead of growing by hundreds of wins.
    day: str
    answers: list[Answer] = field(default_factory=list)
    acknowledged: bool = False


class Person:
    """One logged-in browser: its own cookies, session and CSRF token."""

    def __init__(self, port: int, email: str, timeout: float = 10):
        self.port = port
        self.email = email
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
            data = None
            if body is not None:
                data = urllib.parse.urlencode(body)
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            if response.status < 500:
                for header in response.headers.get_all("Set-Cookie") or []:
                    cookie = http.cookies.SimpleCookie(header)
                    for name, morsel in cookie.items():
                        if morsel["max-age"] == "0" or morsel.value == "":
                            self.cookies.pop(name, None)
                        else:
                            self.cookies[name] = morsel.value
            return response.status, content
        finally:
            conn.close()

    def log_in(self) -> None:
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies["csrftoken"]},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.email} could not log in (status {status})")
        status, body = self.request("GET", "/")
        if status != 200 or "Today I" not in body:
            raise RuntimeError(f"{self.email} logged in but Today answered {status}")

    def post_win(self, post: Post) -> tuple[int, str]:
        token = self.cookies["csrftoken"]
        return self.request(
            "POST",
            "/",
            {
                "text": post.text,
                "category": "other",
                "occurred_on": post.day,
                "idempotency_key": post.key,
                "csrfmiddlewaretoken": token,
            },
            {"HX-Request": "true", "X-CSRFToken": token},
        )


def classify(status: int | None, body: str) -> str:
    if status is None:
        return "dropped"
    if 200 <= status < 300:
        return "ok"
    if status == 503 and KIND_503 in body:
        return "kind-503"
    if status >= 500:
        return "unkind-error"
    return "other"


@dataclass
class Run:
    scenario: str
    rate: float
    duration: float
    clients: int
    workers: int
    outage_seconds: float
    started: float = 0.0
    today: datetime.date = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).date())
    posts: list[Post] = field(default_factory=list)
    crisis: list[Answer] = field(default_factory=list)
    events: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def now(self) -> float:
        return time.monotonic() - self.started


def client_loop(run: Run, number: int, person: Person, grace: float) -> None:
    """New posts on schedule; failed ones again with the same key until they are acknowledged."""
    sequence = 0
    retries: list[tuple[float, Post]] = []
    while True:
        now = run.now()
        next_new = (sequence * run.clients + number) / run.rate
        stop_new = next_new >= run.duration
        if stop_new and not retries:
            return
        if now > run.duration + grace:
            return
        due_retry = min(retries, key=lambda item: item[0]) if retries else None
        if due_retry and due_retry[0] <= now:
            # An earlier post waiting for its answer goes first, as a browser's retry would.
            retries.remove(due_retry)
            post = due_retry[1]
        elif not stop_new and next_new <= now:
            day = (run.today - datetime.timedelta(days=random.randint(30, 1500))).isoformat()  # noqa: S311
            post = Post(number, str(uuid.uuid4()), f"Outage check: client {number}, win {sequence}", next_new, day)
            sequence += 1
            with run.lock:
                run.posts.append(post)
        else:
            wake = min([t for t, _ in retries] + ([next_new] if not stop_new else []))
            time.sleep(max(0.0, min(wake - now, 0.05)))
            continue
        began = run.now()
        try:
            status, body = person.post_win(post)
        except (OSError, http.client.HTTPException):
            status, body = None, ""
        answer = Answer(began, status, classify(status, body), round(run.now() - began, 4))
        post.answers.append(answer)
        if answer.kind == "ok":
            post.acknowledged = True
        elif answer.kind != "other":
            delay = min(2.0, 0.25 * 2 ** (len(post.answers) - 1))
            retries.append((run.now() + delay, post))


def crisis_loop(run: Run, port: int) -> None:
    while not run.stop.is_set():
        began = run.now()
        status = None
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/crisis/")
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            status = response.status if "988" in body else -response.status
            conn.close()
        except (OSError, http.client.HTTPException):
            pass
        run.crisis.append(Answer(began, status, "ok" if status == 200 else "failed", round(run.now() - began, 4)))
        time.sleep(0.25)


# --- Disruptions ---------------------------------------------------------------------


def take_database_away(run: Run, scenario: str, seconds: float) -> None:
    if scenario == "terminate":
        with admin_connection() as conn:
            run.events["outage_start"] = run.now()
            conn.execute(f"ALTER DATABASE {DATABASE} ALLOW_CONNECTIONS false")
            killed = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [DATABASE],
            ).fetchone()[0]
            run.events["backends_terminated"] = killed
            time.sleep(seconds)
            conn.execute(f"ALTER DATABASE {DATABASE} ALLOW_CONNECTIONS true")
            run.events["outage_end"] = run.now()
    else:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main"]
        run.events["outage_start"] = run.now()
        if seconds:
            subprocess.run([*command, "stop", "-m", "fast"], check=True)
            time.sleep(seconds)
            subprocess.run([*command, "start"], check=True)
        else:
            subprocess.run([*command, "restart"], check=True)
        wait_for_postgres()
        run.events["outage_end"] = run.now()


def kill_a_worker(run: Run, server: Server) -> None:
    workers = server.workers()
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    run.events["worker_killed"] = {"at": run.now(), "pid": victim, "workers_before": workers}
    deadline = time.monotonic() + 30
    while victim in server.workers() or len(server.workers()) < len(workers):
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    run.events["worker_replaced"] = {"at": run.now(), "workers_after": server.workers()}


# --- Checking ----------------------------------------------------------------------------


def stored_keys(env: dict, emails: list[str]) -> Counter:
    with psycopg.connect(env["DATABASE_URL"], connect_timeout=10) as conn:
        rows = conn.execute(
            "SELECT w.idempotency_key::text, count(*) FROM journal_win w JOIN accounts_user u ON u.id = w.owner_id "
            "WHERE u.email = ANY(%s) GROUP BY 1",
            [emails],
        ).fetchall()
    return Counter({key: count for key, count in rows})


def check(run: Run, stored: Counter, server_pid_same: bool) -> dict:
    acknowledged = [p for p in run.posts if p.acknowledged]
    start, end = run.events["outage_start"], run.events["outage_end"]
    kill_at = run.events.get("worker_killed", {}).get("at", float("inf"))
    replaced_at = run.events.get("worker_replaced", {}).get("at", kill_at)
    answers = [a for p in run.posts for a in p.answers]

    def during_outage(a: Answer) -> bool:
        # A request that began up to its own length before the outage can meet it.
        return start - 10 <= a.at <= end + 1 and a.at + a.seconds >= start

    def near_kill(a: Answer) -> bool:
        return kill_at - 10 <= a.at <= replaced_at + 1 and a.at + a.seconds >= kill_at

    outage_answers = [a for a in answers if during_outage(a)]
    after = [a for a in answers if a.at > end]
    first_ok_after = min((a.at for a in after if a.kind == "ok"), default=None)
    unkind = [a for a in answers if a.kind in ("unkind-error", "other")]
    dropped = [a for a in answers if a.kind == "dropped"]
    dropped_unexplained = [a for a in dropped if not near_kill(a)]
    missing = [p.key for p in acknowledged if stored.get(p.key, 0) != 1]
    duplicates = [key for key, count in stored.items() if count > 1]
    unknown = [key for key in stored if key not in {p.key for p in run.posts}]
    crisis_failures = [a for a in run.crisis if a.status != 200]
    last_new = max((p.answers[0].at for p in run.posts if p.answers), default=0.0)
    ok_seconds = sorted(a.seconds for a in answers if a.kind == "ok") or [0.0]
    results = {
        "posts sent": len(run.posts),
        "posts per second achieved": round(len(run.posts) / last_new, 1) if last_new else None,
        "2xx answer time p50 / p99 (s)": f"{ok_seconds[len(ok_seconds) // 2]:.3f} / "
        f"{ok_seconds[min(len(ok_seconds) - 1, int(len(ok_seconds) * 0.99))]:.3f}",
        "requests (with retries)": len(answers),
        "acknowledged with 2xx": len(acknowledged),
        "never acknowledged": len(run.posts) - len(acknowledged),
        "acknowledged but not stored exactly once": len(missing),
        "keys stored twice": len(duplicates),
        "stored rows without a post": len(unknown),
        "answers by kind": dict(Counter(a.kind for a in answers)),
        "answers during the outage": dict(Counter(a.kind for a in outage_answers)),
        "unkind error answers (any time)": len(unkind),
        "dropped connections": len(dropped),
        "dropped connections away from the worker kill": len(dropped_unexplained),
        "outage seconds": round(end - start, 2),
        "first 2xx after the outage (s after it ended)": None
        if first_ok_after is None
        else round(max(0.0, first_ok_after - end), 2),
        "2xx share after the outage": round(sum(a.kind == "ok" for a in after) / len(after), 4) if after else None,
        "crisis polls": len(run.crisis),
        "crisis polls not 200": len(crisis_failures),
        "gunicorn master never restarted": server_pid_same,
    }
    checks = {
        "every acknowledged win stored exactly once": not missing,
        "no duplicate keys": not duplicates and not unknown,
        "errors during the outage were the kind 503 page": not [
            a for a in outage_answers if a.kind in ("unkind-error", "other")
        ],
        "no unkind error at any time": not unkind,
        "connections dropped only by the worker kill": not dropped_unexplained,
        "the outage was felt (some kind 503s or retries)": any(a.kind != "ok" for a in outage_answers)
        or run.scenario == "restart",
        "served 2xx again after the outage, same gunicorn": first_ok_after is not None and server_pid_same,
        "every post acknowledged in the end": len(acknowledged) == len(run.posts),
        "crisis page 200 throughout": not crisis_failures,
    }
    return {"results": results, "checks": checks}


def record(summary: dict, args) -> None:
    """Add one row to the table between the markers in docs/RELIABILITY.md."""
    r, c = summary["results"], summary["checks"]
    row = (
        f"| {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} | {args.scenario} ({r['outage seconds']} s) "
        f"+ SIGKILL one of {args.workers} workers | {args.rate:g}/s for {args.duration:g} s, {args.clients} clients "
        f"(achieved {r['posts per second achieved']}/s; 2xx p50/p99 {r['2xx answer time p50 / p99 (s)']} s) "
        f"| {r['posts sent']:,} posts, {r['requests (with retries)']:,} requests "
        f"| {r['acknowledged with 2xx']:,} acknowledged, {r['acknowledged but not stored exactly once']} lost, "
        f"{r['keys stored twice']} duplicated "
        f"| {r['answers during the outage'].get('kind-503', 0)} kind 503s, "
        f"{r['unkind error answers (any time)']} unkind, "
        f"{r['dropped connections']} dropped by the kill "
        f"| first 2xx {r['first 2xx after the outage (s after it ended)']} s after "
        f"| {r['crisis polls'] - r['crisis polls not 200']}/{r['crisis polls']} "
        f"| {'all passed' if all(c.values()) else 'FAILED: ' + ', '.join(k for k, v in c.items() if not v)} |\n"
    )
    text = RELIABILITY.read_text()
    begin, end = LOG_MARKERS
    if begin not in text or end not in text:
        raise SystemExit(f"{RELIABILITY} has no {begin} … {end} markers")
    head, rest = text.split(begin, 1)
    body, tail = rest.split(end, 1)
    RELIABILITY.write_text(head + begin + body.rstrip("\n") + "\n" + row + end + tail)
    say(f"recorded a row in {RELIABILITY.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=["terminate", "restart"], default="terminate")
    parser.add_argument("--rate", type=float, default=50, help="quick-log posts per second, all clients together")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--outage-seconds", type=float, default=None, help="how long the database stays away (terminate: 5)"
    )
    parser.add_argument("--grace", type=float, default=45, help="seconds after the load for retries to finish")
    parser.add_argument("--no-kill", action="store_true", help="leave the gunicorn workers alone")
    parser.add_argument("--record", action="store_true", help="add a row to docs/RELIABILITY.md")
    args = parser.parse_args()
    if args.outage_seconds is None:
        args.outage_seconds = 5.0 if args.scenario == "terminate" else 0.0

    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE", "LOG_LEVEL"}
    }
    env.update({"DATABASE_URL": f"{SERVER_URL}/{DATABASE}", "DEBUG": "0", "SECURE": "0", "LOG_LEVEL": "WARNING"})
    say(f"preparing {DATABASE} with {args.clients} people")
    emails = fresh_database(env, args.clients)
    server = Server(env, free_port(), args.workers)
    master = server.process.pid
    say(f"gunicorn master {master}, workers {server.workers()} on port {server.port}")
    run = Run(args.scenario, args.rate, args.duration, args.clients, args.workers, args.outage_seconds)
    try:
        people = [Person(server.port, email) for email in emails]
        for person in people:
            person.log_in()
        say(f"{len(people)} clients logged in; {args.rate:g} posts/s for {args.duration:g} s")
        run.started = time.monotonic()
        threads = [
            threading.Thread(target=client_loop, args=(run, n, person, args.grace), daemon=True)
            for n, person in enumerate(people)
        ]
        threads.append(threading.Thread(target=crisis_loop, args=(run, server.port), daemon=True))
        for thread in threads:
            thread.start()
        time.sleep(args.duration / 3)
        say(f"taking the database away ({args.scenario}, {args.outage_seconds:g} s)")
        take_database_away(run, args.scenario, args.outage_seconds)
        say(f"database back after {run.events['outage_end'] - run.events['outage_start']:.1f} s")
        if not args.no_kill:
            time.sleep(max(0.0, args.duration * 2 / 3 - run.now()))
            kill_a_worker(run, server)
            say(f"killed worker {run.events['worker_killed']['pid']} with SIGKILL; workers now {server.workers()}")
        for thread in threads[:-1]:
            thread.join()
        run.stop.set()
        threads[-1].join(timeout=10)
        same_master = server.alive() and server.process.pid == master
    finally:
        server.stop()
    stored = stored_keys(env, emails)
    summary = check(run, stored, same_master)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    details = VAR_DIR / f"{args.scenario}-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}.json"
    details.write_text(
        json.dumps(
            {
                "args": vars(args),
                "events": run.events,
                **summary,
                "posts": [asdict(p) for p in run.posts],
                "crisis": [asdict(a) for a in run.crisis],
            },
            indent=1,
        )
    )
    print()
    for name, value in summary["results"].items():
        print(f"  {name:<52} {value}")
    print()
    for name, passed in summary["checks"].items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    print(f"\n  details: {details.relative_to(ROOT)}")
    if args.record:
        record(summary, args)
    return 0 if all(summary["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
