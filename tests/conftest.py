import asyncio
import importlib
import os
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import clear_url_caches

# Playwright's sync API runs an event loop in the test thread; Django's ORM is
# still used synchronously from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import config.urls
from tests.factories import make_user


@pytest.fixture(scope="session", autouse=True)
def _static_files_collected(django_db_blocker):
    # Pages use the manifest storage as in production; this makes a bare
    # `pytest` work without a prior collectstatic.
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", (
            "The tests run on PostgreSQL: set DATABASE_URL=postgres://... (make test does this for you)"
        )


@pytest.fixture(autouse=True)
def _email_through_the_outbox(settings):
    """Every email goes through the outbox and its task, as in production; tasks run in-process.

    Django's test set-up points every mailer at locmem; the outbox is put back in
    front of it, so mail.outbox holds what the worker would hand the mail server.
    A test that needs the real queue (tests/test_worker.py) sets TASKS itself.
    """
    settings.MAILERS = {
        "default": {"BACKEND": "background.mail.OutboxBackend"},
        "outgoing": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _commit_callbacks_outside_the_apps_transactions_run_at_once(monkeypatch):
    """on_commit() as production sees it, inside a test that is one big transaction.

    With no transaction of the app's own open, Django runs an on_commit callback
    at once (autocommit). A test wrapped in pytest-django's transaction would
    hold it until the end, so an email queued by allauth or by the reminders
    would never reach mail.outbox. Here only the test case's own atomic blocks
    are open, so the callback runs at once too. Callbacks registered inside the
    app's transaction.atomic() still wait for django_capture_on_commit_callbacks.
    """
    original = BaseDatabaseWrapper.on_commit

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and all(block._from_testcase for block in self.atomic_blocks):
            func()  # even a robust one raises here: a test should see what production would only log
            return
        original(self, func, robust)

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_login_throttle(request):
    # allauth counts logins per IP in the database cache, which a transactional
    # test (every browser test) commits and no flush empties: on a fast machine
    # the browser tests together log in from 127.0.0.1 more than 30 times a
    # minute and would meet the real throttle. Each test starts with none.
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from django.core.cache import caches

        request.getfixturevalue("transactional_db")
        for cache in caches.all():
            cache.clear()
    yield


@pytest.fixture
def owner(db):
    return make_user("alice@example.com", timezone="Europe/London")


@pytest.fixture
def ally(db):
    return make_user("bob@example.com", timezone="America/New_York")


@pytest.fixture
def stranger(db):
    return make_user("charlie@example.com")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def bench_app(settings):
    """The benchmark's app (bench/: the /_probe/ pages, manage.py seed_bulk), installed as BENCH_PROBES=1 does.

    The suite runs as production does, without it; the bench's own tests ask for it.
    """

    def routes_follow_the_settings():
        importlib.reload(config.urls)
        clear_url_caches()

    apps_before = settings.INSTALLED_APPS
    settings.INSTALLED_APPS = [*apps_before, "bench"]
    settings.BENCH_PROBES = True
    routes_follow_the_settings()
    yield
    settings.INSTALLED_APPS = apps_before
    settings.BENCH_PROBES = False
    routes_follow_the_settings()


# Property-based tests (tests/test_fuzz_*.py): 1,000 examples per form in the
# normal suite; `make fuzz` sets HYPOTHESIS_PROFILE=fuzz for 10,000.
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile(
    "ci",
    max_examples=1_000,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile("fuzz", parent=hypothesis_settings.get_profile("ci"), max_examples=10_000)
hypothesis_settings.register_profile("quick", parent=hypothesis_settings.get_profile("ci"), max_examples=50)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files (photos) go to a fresh folder for the test, not var/media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


class Inbox:
    """A local SMTP server's handler: keeps every message it accepts.

    `refuse` messages are answered "451 try again later" first; `delay` seconds
    pass before each answer, as on a slow server.
    """

    def __init__(self):
        self.received: list[bytes] = []
        self.refuse = 0
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Not now, please try again later"
        self.received.append(envelope.content)
        return "250 2.0.0 Thank you"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 (aiosmtpd); its `url` is an EMAIL_URL, its `mailer` a MAILERS entry."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{port}?tls=0"
    inbox.mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
    }
    yield inbox
    controller.stop()


# ---- A push service on this machine (push reminders) ---------------------------------


@dataclass
class PushService:
    """Takes what the worker sends to browsers' push services; answers 201 unless told otherwise."""

    origin: str = ""
    received: list = field(default_factory=list)
    # Statuses for the next requests, in order; 201 Created once they run out.
    answers: list = field(default_factory=list)

    def endpoint(self, name: str = "device-1") -> str:
        return f"{self.origin}/push/{name}"


class _PushHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        service = self.server.service
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        service.received.append(
            {"path": self.path, "headers": {name.lower(): value for name, value in self.headers.items()}, "body": body}
        )
        status = service.answers.pop(0) if service.answers else 201
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def push_service(settings):
    """A local push service, the only one the worker may send to during the test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PushHandler)
    server.service = PushService(origin=f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.PUSH_SERVICE_HOSTS = [server.service.origin]
    yield server.service
    server.shutdown()
    server.server_close()
