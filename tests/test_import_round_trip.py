"""Export, delete the account, sign up again, import: the same wins and reflections come back."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.models import Category, Goal, Reflection, Win
from tests.factories import PASSWORD, make_photo_win, make_user, make_win
from tests.helpers import confirmation_link, run_imports

pytestmark = pytest.mark.django_db


def export_document(client) -> dict:
    return json.loads(b"".join(client.get("/account/data/small-wins.json").streaming_content))


def comparable(document: dict) -> tuple[list, list]:
    # A photo is re-encoded on the way in, as every upload is: its bytes differ, its size does not.
    wins = [
        {k: (v and {"width": v["width"], "height": v["height"]} if k == "photo" else v) for k, v in w.items()}
        for w in document["wins"]
    ]
    wins = [{k: v for k, v in w.items() if k != "updated_at"} for w in wins]
    reflections = [{k: v for k, v in r.items() if k != "updated_at"} for r in document["reflections"]]
    return wins, reflections


def test_a_journal_survives_export_delete_sign_up_and_import(
    client, media, django_capture_on_commit_callbacks, mailoutbox
):
    person = make_user("river@example.com", timezone="America/Chicago")
    make_win(person, "Went outside", category=Category.BODY_HEALTH, mood=4, occurred_on="2024-01-02")
    make_win(person, "Said no to overtime", category=Category.BOUNDARIES, hard_day=True, occurred_on="2024-01-03")
    make_win(person, 'Quotes " and emoji 🌿 and <b>tags</b>', shared_with_allies=True, occurred_on="2024-01-03")
    Reflection.objects.create(
        owner=person, week_start=datetime.date(2024, 1, 1), five_wins="Walks", what_helped="Sun", proud=True
    )
    make_photo_win(person, "A photo of the sea", occurred_on="2024-01-04")
    goal = Goal.objects.create(owner=person, text="Step outside", days=0b1111111)
    goal.complete(datetime.date(2024, 1, 5))
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    before = export_document(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not Win.all_objects.exists()

    client.post(
        "/accounts/signup/",
        {"email": "river@example.com", "password1": PASSWORD, "timezone": "America/Chicago"},
    )
    client.post(confirmation_link(mailoutbox[-1]))
    upload = SimpleUploadedFile("small-wins.json", json.dumps(before).encode())
    client.post("/account/data/", {"file": upload})
    run_imports()
    after = export_document(client)

    assert comparable(after) == comparable(before)
    assert len(after["wins"]) == 5 and len(after["reflections"]) == 1
    assert after["goals"] == before["goals"] and len(after["goals"][0]["done"]) == 1
    photo_win = Win.objects.get(text="A photo of the sea")
    assert photo_win.has_photo and (media / photo_win.photo.name).exists()
