"""The benchmark's ceiling probes exist only when BENCH_PROBES=1."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches

import config.urls
from tests.factories import make_win

pytestmark = pytest.mark.django_db


@pytest.fixture
def probes_on(settings):
    settings.BENCH_PROBES = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.BENCH_PROBES = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.parametrize("url", ["/_probe/text", "/_probe/rows", "/_probe/week-afresh"])
def test_probes_answer_404_when_the_flag_is_off(client, owner_client, url):
    assert client.get(url).status_code == 404
    assert owner_client.get(url).status_code == 404


def test_the_text_probe_answers_a_short_string(probes_on, client):
    response = client.get("/_probe/text")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_the_rows_probe_renders_twenty_of_your_wins_through_the_base_template(probes_on, owner, owner_client, stranger):
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


def test_the_week_afresh_probe_draws_the_week_page_without_the_page_cache(probes_on, owner, owner_client):
    make_win(owner, "Watered the plants")
    owner_client.get("/week/")
    with CaptureQueriesContext(connection) as kept:
        week = owner_client.get("/week/")
    with CaptureQueriesContext(connection) as afresh:
        probe = owner_client.get("/_probe/week-afresh")
    assert probe.status_code == 200
    assert "Watered the plants" in probe.content.decode()
    # The wins, the four weeks before, the reflection and the notes are read again: not from the cache.
    assert len(afresh) == len(kept) + 4
    assert (
        week.content.decode().split('id="summary-heading"')[1].split('id="reflection"')[0]
        == (probe.content.decode().split('id="summary-heading"')[1].split('id="reflection"')[0])
    )
