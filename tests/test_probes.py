"""The benchmark's app (its ceiling probes and seed_bulk) exists only when BENCH_PROBES=1."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_win

pytestmark = pytest.mark.django_db

WHAT_A_FRESH_PROCESS_HAS = """
import django
from django.apps import apps
from django.urls import Resolver404, resolve

django.setup()
try:
    routed = resolve("/_probe/rows").url_name
except Resolver404:
    routed = "no route"
print(apps.is_installed("bench"), routed)
"""


def what_a_fresh_process_has(**environment) -> str:
    done = subprocess.run(
        [sys.executable, "-c", WHAT_A_FRESH_PROCESS_HAS],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_bench_probes_1_installs_the_bench_app_and_its_routes_and_nothing_else_does():
    assert what_a_fresh_process_has(BENCH_PROBES="1") == "True probe_rows"
    assert what_a_fresh_process_has(BENCH_PROBES="0") == "False no route"


@pytest.mark.parametrize("url", ["/_probe/text", "/_probe/rows"])
def test_probes_answer_404_without_the_bench_app(client, owner_client, url):
    assert client.get(url).status_code == 404
    assert owner_client.get(url).status_code == 404


def test_seed_bulk_is_no_command_without_the_bench_app():
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("seed_bulk", users=0)


def test_the_text_probe_answers_a_short_string(bench_app, client):
    response = client.get("/_probe/text")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_the_rows_probe_renders_twenty_of_your_wins_through_the_base_template(bench_app, owner, owner_client, stranger):
    for n in range(25):
        make_win(owner, f"Win number {n}")
    make_win(stranger, "Someone else's win")
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get("/_probe/rows")
    # The session, the user and their session record are the stack's own;
    # the probe itself asks PostgreSQL exactly once.
    assert sum('"journal_win"' in q["sql"] for q in queries) == 1
    assert response.status_code == 200
    assert response.content.count(b'data-testid="win"') == 20
    assert b"Someone else" not in response.content
    assert b"Need help now?" in response.content  # the base template's crisis link
