"""The affirmation on Today, and where send_reminders runs."""

import datetime
import html
from pathlib import Path

import pytest

from journal.reminders import affirmation_for
from journal.words import AFFIRMATIONS
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def test_the_list_holds_the_seeds_own_words():
    assert "I'm healing, even if I can't feel it yet." in AFFIRMATIONS
    assert len(set(AFFIRMATIONS)) == len(AFFIRMATIONS) >= 7
    for line in AFFIRMATIONS:
        for word in ("failed", "missed", "broken", "streak", "should"):
            assert word not in line.lower()


def test_it_stays_the_same_all_day_and_changes_the_next_day():
    day = datetime.date(2025, 3, 14)
    seen = [affirmation_for(day + datetime.timedelta(days=n)) for n in range(len(AFFIRMATIONS))]
    assert affirmation_for(day) == affirmation_for(day)
    assert sorted(seen) == sorted(AFFIRMATIONS)  # every line comes round in turn


def test_today_shows_the_affirmation_for_the_persons_own_date(client):
    ahead = make_user(timezone="Pacific/Kiritimati")  # UTC+14
    client.force_login(ahead)
    body = html.unescape(client.get("/").content.decode())
    assert f'<p class="affirmation" data-testid="affirmation">{affirmation_for(ahead.local_today())}</p>' in body


def test_compose_runs_the_worker_which_sends_reminders_every_five_minutes(settings):
    compose = (ROOT / "compose.yaml").read_text()
    assert "\n  worker:\n" in compose
    assert 'command: ["worker"]' in compose
    assert "\n  reminders:\n" not in compose  # the old loop is gone: the worker's clock does it
    assert settings.PERIODIC_TASKS["journal.tasks.send_reminders"] == 300
