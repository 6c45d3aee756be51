"""The app pointed at a database that is not running: crisis help still loads."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, session: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"} if session else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def app_without_database():
    port = free_port()
    dead_db = free_port()  # nothing listens here
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead_db}/smallwins",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "DEBUG": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_crisis_page_answers_while_the_database_is_down(app_without_database):
    status, body = fetch(f"{app_without_database}/crisis/")
    assert status == 200
    assert "988" in body and "741741" in body


def test_a_country_crisis_page_answers_while_the_database_is_down(app_without_database):
    status, body = fetch(f"{app_without_database}/crisis/gb/")
    assert status == 200
    assert "999" in body and "116 123" in body and "911" not in body


def test_a_page_that_needs_the_database_answers_503_kindly(app_without_database):
    # A logged-in person's session lives in the database.
    status, body = fetch(f"{app_without_database}/", session="a-session-key-from-yesterday")
    assert status == 503
    assert "can't reach your journal right now" in body
    assert "Nothing you saved is lost" in body
    assert 'href="/crisis/"' in body
    assert "Traceback" not in body


def test_the_account_page_answers_503_kindly_too(app_without_database):
    status, body = fetch(f"{app_without_database}/account/", session="a-session-key-from-yesterday")
    assert status == 503
    assert "Need help now?" in body


def test_a_visitor_still_sees_the_welcome_page(app_without_database):
    status, body = fetch(f"{app_without_database}/")
    assert status == 200
    assert "Need help now?" in body


def test_healthz_reports_the_database_is_down(app_without_database):
    status, _ = fetch(f"{app_without_database}/healthz")
    assert status == 503
