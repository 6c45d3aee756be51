"""Journal words and invitation tokens never reach a log line or an error email."""

import contextlib
import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from allies.models import AllyNote
from allies.services import invitation_create
from journal.models import Reflection, Win
from tests.factories import PASSWORD, make_ally_link

pytestmark = pytest.mark.django_db

CANARY = "CANARY-b7e1-tell-no-one"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def every_logger_at_debug(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture
def error_emails_on(settings):
    settings.ADMINS = ["ops@smallwins.example"]
    settings.DEBUG = False


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    return client


def everything_logged(caplog) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), record.exc_text or "", repr(record.args)]
    return "\n".join(parts)


def everything_mailed(mailoutbox) -> str:
    parts = []
    for mail in mailoutbox:
        parts += [mail.subject, mail.body, *[content for content, _ in getattr(mail, "alternatives", [])]]
    return "\n".join(parts)


def test_canary_words_and_a_used_token_stay_out_of_logs_and_error_emails(
    owner, ally, stranger, every_logger_at_debug, error_emails_on, mailoutbox, monkeypatch
):
    caplog = every_logger_at_debug
    owner_client, ally_client = logged_in(owner), logged_in(ally)

    # The canary goes into a win, a reflection and a note, through the real forms.
    assert owner_client.post("/", {"text": f"{CANARY} win", "category": "rest"}).status_code == 302
    day = owner.local_today().isoformat()
    owner_client.post(f"/week/{day}/reflection/", {"what_helped": f"{CANARY} reflection", "five_wins": CANARY})
    link = make_ally_link(owner, ally)
    assert ally_client.post(f"/allies/{link.code}/", {"text": f"{CANARY} note"}).status_code == 302
    assert Win.objects.filter(text__contains=CANARY).exists()
    assert Reflection.objects.filter(what_helped__contains=CANARY).exists()
    assert AllyNote.objects.filter(text__contains=CANARY).exists()

    # A search for it, and a bad form carrying it.
    owner_client.get("/wins/", {"q": CANARY})
    owner_client.post("/", {"text": CANARY * 40, "category": "nonsense"})

    # An invitation token is used, then tried again once it is spent.
    EmailAddress.objects.create(user=ally, email=ally.email, primary=True, verified=True)  # the invited address
    _, token = invitation_create(owner=stranger, email=ally.email)
    assert ally_client.get(f"/invite/{token}/").status_code == 200
    assert ally_client.post(f"/invite/{token}/", {"decision": "accept"}).status_code == 302
    ally_client.get(f"/invite/{token}/")
    ally_client.get(f"/invite/{token}x/")

    # Something breaks while the canary is in the form, the query string and a header.
    from journal.views import today

    def broken(request):
        raise RuntimeError("the view fell over")

    monkeypatch.setattr(today, "_log_win", broken)
    response = owner_client.post(
        f"/?q={CANARY}", {"text": CANARY, "idempotency_key": token}, HTTP_REFERER=f"http://testserver/invite/{token}/"
    )
    assert response.status_code == 500

    # An exception whose message quotes what the person typed.
    def quoting(request):
        raise ValueError(f"could not understand '{CANARY}'")

    monkeypatch.setattr(today, "_log_win", quoting)
    assert owner_client.post("/", {"text": CANARY}).status_code == 500

    logged, mailed = everything_logged(caplog), everything_mailed(mailoutbox)
    error_reports = [mail for mail in mailoutbox if "Internal Server Error" in mail.subject]
    assert len(error_reports) == 2, [mail.subject for mail in mailoutbox]
    assert "RuntimeError" in mailed and "the view fell over" in mailed  # the report is still useful
    assert "Internal Server Error: /" in logged
    for secret in (CANARY, token):
        assert secret not in logged
        assert secret not in mailed


def test_the_console_handler_prints_redacted_lines_too():
    console = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler) and h.filters)
    printed = io.StringIO()
    original = console.setStream(printed)
    try:
        logging.getLogger("django.request").warning("Not Found: %s", "/invite/abc123secret/")
        logging.getLogger("smallwins.test").warning('"GET /wins/?q=%s HTTP/1.1" 200 512', "private+words")
        logging.getLogger("smallwins.test").error("oops", exc_info=ValueError("got 'private words'"))
    finally:
        console.setStream(original)
    written = printed.getvalue()
    assert "abc123secret" not in written
    assert "private" not in written
    assert "/invite/[redacted]/" in written
    assert "GET /wins/?[redacted] HTTP/1.1" in written


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_gunicorn_access_log_holds_neither_query_strings_nor_tokens(tmp_path):
    port, dead_db = free_port(), free_port()
    access_log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead_db}/nowhere",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "DEBUG": "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.py",
            "--access-logfile",
            str(access_log),
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        for path in (f"/wins/?q={CANARY}", "/invite/tok3n-s3cret/", f"/accounts/password/reset/key/{CANARY}/"):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Referer": f"http://x/wins/?q={CANARY}"}
            )
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=10).close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    written = access_log.read_text()
    assert written.count("\n") >= 3
    assert "/invite/[redacted]/" in written
    assert CANARY not in written and "tok3n-s3cret" not in written
