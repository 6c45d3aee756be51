"""Imports stay bounded: a row limit with a kind message, work proportional to the file, and junk refused kindly.

The attacks: a JSON file with a 5,000-digit number answered 500; a 310,000-row Daylio
file ran past the worker's timeout; every goal's "done" day cost its own queries.
"""

import datetime
import html
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.models import Goal, GoalCompletion, Reflection, Win
from tests.helpers import import_file

pytestmark = pytest.mark.django_db

DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"
DEEP = "[" * 5000 + "]" * 5000


def upload(client, content: bytes | str, name="small-wins.json"):
    return import_file(client, content, name)


def shown(response) -> str:
    return html.unescape(response.content.decode())


def daylio(rows: int, start=datetime.date(2024, 1, 1)) -> str:
    lines = [
        f"{start + datetime.timedelta(days=n // 3)},,,{8 + n % 3}:00,good,walk | friends,,Entry {n}\n"
        for n in range(rows)
    ]
    return DAYLIO_HEADER + "".join(lines)


def export(wins: int, reflections: int = 0, goals_done: int = 0) -> dict:
    start = datetime.date(2024, 1, 1)
    items = [
        {
            "code": str(uuid.UUID(int=n + 1)),
            "occurred_on": str(start + datetime.timedelta(days=n // 2)),
            "text": f"Win {n}",
            "category": "rest",
        }
        for n in range(wins)
    ]
    monday = start - datetime.timedelta(days=start.weekday())
    document = {
        "format": "small-wins-export",
        "version": 1,
        "wins": items,
        "reflections": [
            {"week_start": str(monday + datetime.timedelta(weeks=n)), "what_helped": f"Tea {n}"}
            for n in range(reflections)
        ],
        "goals": [],
    }
    if goals_done:
        done = [{"day": items[n]["occurred_on"], "win": items[n]["code"]} for n in range(0, 2 * goals_done, 2)]
        document["goals"] = [{"code": str(uuid.uuid4()), "text": "Drink water", "done": done}]
    return document


# ---- Junk in a JSON file ----------------------------------------------------------------

NESTED = "[" * 900 + "]" * 900  # deep, yet within what Python's reader follows


def doc(body: str) -> str:
    return '{"format": "small-wins-export", "version": 1, ' + body + "}"


JUNK = [
    (doc('"wins": [{"mood": ' + "9" * 5000 + "}]"), "a number far too long"),
    ('{"format": "small-wins-export", "version": ' + "7" * 5000 + "}", "a number far too long"),
    ('{"format": "small-wins-export", "version": ' + "9" * 4000 + "}", "made by a newer Small Wins;"),
    (doc('"wins": [{"mood": NaN}]'), "holds NaN"),
    (doc('"wins": [{"mood": -Infinity}]'), "holds -Infinity"),
    (doc('"wins": ' + DEEP), "nested too deeply"),
    (doc('"wins": [{"text": "x", "occurred_on": ' + NESTED + "}]"), "isn't a date like"),
    (doc('"wins": [{"text": "x", "occurred_on": "2024-01-01", "category": ' + NESTED + "}]"), "isn't one we know"),
    (doc('"wins": {"text": "x"}'), '"wins" part of this file should be a list'),
    (doc('"goals": [{"text": "g", "done": 5}]'), "should be a list of days"),
    (doc('"wins": [{"text": 5}]'), "the text should be text"),
    (doc('"wins": [{"text": "x", "occurred_on": 20240101}]'), "isn't a date like"),
    (doc('"reflections": [{"week_start": "2024-01-01", "proud": "yes"}]'), "should be true or false"),
]


@pytest.mark.parametrize(("document", "message"), JUNK)
def test_junk_in_a_json_file_gets_a_kind_message_never_a_500(owner_client, owner, document, message):
    response = upload(owner_client, document)
    assert response.status_code == 200
    assert message in shown(response)
    assert not Win.all_objects.filter(owner=owner).exists()


# ---- The row limit ---------------------------------------------------------------------


def test_the_file_field_says_how_many_entries_an_import_takes(owner_client):
    # 300,000 Daylio rows were measured on the task worker (docs/EXPORT.md has the figures).
    assert "One file at a time, up to 20 MB and 300,000 entries." in shown(owner_client.get("/account/data/"))


def test_a_daylio_file_over_the_row_limit_is_refused_kindly_and_imports_nothing(owner_client, owner, settings):
    settings.IMPORT_MAX_ROWS = 20
    response = upload(owner_client, daylio(21), name="daylio.csv")
    assert response.status_code == 200
    assert (
        "This file holds more than 20 entries, and one import can bring in up to 20. "
        "Please split it into smaller files and import them one after another: nothing is added twice."
    ) in shown(response)
    assert not Win.all_objects.filter(owner=owner).exists()


def test_a_daylio_file_at_the_row_limit_comes_in_whole(owner_client, owner, settings):
    settings.IMPORT_MAX_ROWS = 20
    upload(owner_client, daylio(20), name="daylio.csv")
    assert Win.objects.filter(owner=owner).count() == 20


def test_a_json_file_over_the_limit_counts_wins_reflections_goals_and_days_done(owner_client, owner, settings):
    settings.IMPORT_MAX_ROWS = 20
    # 10 wins, 5 reflections, 1 goal and 5 days it was done: 21 entries.
    response = upload(owner_client, json.dumps(export(10, reflections=5, goals_done=5)))
    assert "This file holds 21 entries, and one import can bring in up to 20." in shown(response)
    assert not Win.all_objects.filter(owner=owner).exists()

    upload(owner_client, json.dumps(export(9, reflections=5, goals_done=5)))
    assert Win.objects.filter(owner=owner).count() == 9


# ---- Work proportional to the file ------------------------------------------------------


def import_queries(client, document: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, document)
    assert response.status_code == 200
    return len(queries)


def test_an_import_runs_the_same_queries_for_30_or_600_rows(client, settings):
    from tests.factories import make_user

    settings.IMPORT_MAX_ROWS = 50_000
    counts = []
    for size in (30, 600):
        person = make_user()
        client.force_login(person)
        counts.append(import_queries(client, json.dumps(export(size, reflections=size // 10, goals_done=size // 4))))
        assert Win.objects.filter(owner=person).count() == size
        assert Reflection.objects.filter(owner=person).count() == size // 10
        assert GoalCompletion.objects.filter(goal__owner=person).count() == size // 4
    assert counts[0] == counts[1]


def test_importing_the_same_file_again_runs_the_same_few_queries_and_adds_nothing(owner_client, owner):
    document = json.dumps(export(300, reflections=30, goals_done=100))
    import_queries(owner_client, document)
    again = import_queries(owner_client, document)
    # The import's own look-ups, the job's bookkeeping (saved, claimed, finished) and the page after it.
    assert again < 35
    assert Win.objects.filter(owner=owner).count() == 300
    assert Goal.objects.filter(owner=owner).count() == 1
    assert GoalCompletion.objects.filter(goal__owner=owner).count() == 100


def test_a_daylio_import_runs_the_same_queries_for_30_or_3000_rows(client):
    from tests.factories import make_user

    counts = []
    for size in (30, 3000):
        person = make_user()
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            upload(client, daylio(size), name="daylio.csv")
        counts.append(len(queries))
        assert Win.objects.filter(owner=person).count() == size
    # 3,000 wins are two chunks of 2,000 at most: one more look-up, and three INSERTs of 1,000 where 30 are one.
    assert counts[1] - counts[0] == 3


def test_reflections_already_there_are_filled_in_not_replaced(owner_client, owner):
    Reflection.objects.create(owner=owner, week_start="2024-01-01", what_helped="", five_wins="Mine")
    before = Reflection.objects.get(owner=owner).updated_at
    upload(owner_client, json.dumps(export(1, reflections=2)))
    first = Reflection.objects.get(owner=owner, week_start="2024-01-01")
    assert (first.five_wins, first.what_helped) == ("Mine", "Tea 0")
    assert first.updated_at > before
    assert Reflection.objects.get(owner=owner, week_start="2024-01-08").what_helped == "Tea 1"
