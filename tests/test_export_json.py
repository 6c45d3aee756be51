import datetime
import json

import pytest

from journal.models import Category, Reflection, Win
from tests.factories import make_ally_link, make_ally_note, make_photo_win, make_user, make_win

pytestmark = pytest.mark.django_db


def download(client, url: str) -> tuple[object, bytes]:
    response = client.get(url)
    return response, b"".join(response.streaming_content)


def test_visitor_is_sent_to_log_in_for_the_export(client):
    response = client.get("/account/data/small-wins.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_data_page_links_to_both_downloads(owner_client):
    response = owner_client.get("/account/data/")
    body = response.content.decode()
    assert response.status_code == 200
    assert ">Download JSON</a>" in body and 'href="/account/data/small-wins.json"' in body
    assert ">Download CSV</a>" in body and 'href="/account/data/small-wins.csv"' in body


def test_the_export_is_a_streamed_attachment_that_is_never_cached(owner_client, owner):
    make_win(owner)
    response, body = download(owner_client, "/account/data/small-wins.json")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="small-wins-')
    assert "no-store" in response["Cache-Control"]
    json.loads(body)


def test_the_export_holds_profile_wins_and_reflections_in_a_versioned_document(owner_client, owner):
    make_win(owner, "Drank a glass of water", category=Category.BODY_HEALTH, mood=4, occurred_on="2024-03-15")
    make_win(owner, "Hard day — still <showed up>", hard_day=True, shared_with_allies=True, occurred_on="2024-03-16")
    Reflection.objects.create(owner=owner, week_start=datetime.date(2024, 3, 11), what_helped="Walks", proud=True)

    document = json.loads(download(owner_client, "/account/data/small-wins.json")[1])

    assert (document["format"], document["version"]) == ("small-wins-export", 1)
    assert document["profile"]["email"] == owner.email
    assert document["profile"]["timezone"] == "Europe/London"
    assert [w["text"] for w in document["wins"]] == ["Drank a glass of water", "Hard day — still <showed up>"]
    first = document["wins"][0]
    assert (first["category"], first["mood"], first["occurred_on"]) == ("body-health", 4, "2024-03-15")
    assert document["wins"][1]["hard_day"] is True and document["wins"][1]["shared_with_allies"] is True
    assert document["reflections"] == [
        {
            "week_start": "2024-03-11",
            "five_wins": "",
            "honored_myself": "",
            "what_helped": "Walks",
            "try_next_week": "",
            "proud": True,
            "created_at": document["reflections"][0]["created_at"],
            "updated_at": document["reflections"][0]["updated_at"],
        }
    ]


def test_the_export_leaves_out_deleted_wins_and_other_peoples_wins(owner_client, owner, stranger):
    make_win(owner, "Kept")
    Win.objects.filter(pk=make_win(owner, "Deleted a moment ago").pk).update(
        deleted_at=datetime.datetime.now(datetime.UTC)
    )
    make_win(stranger, "Not yours")
    document = json.loads(download(owner_client, "/account/data/small-wins.json")[1])
    assert [w["text"] for w in document["wins"]] == ["Kept"]


def test_the_export_holds_notes_both_ways_allies_and_invitations_without_tokens(owner_client, owner, ally):
    from allies.services import invitation_create

    make_ally_link(owner, ally)
    make_ally_link(ally, owner)
    make_ally_note(owner, ally, "I see you resting more")
    make_ally_note(ally, owner, "Proud of you")
    invitation, token = invitation_create(owner=owner, email="friend@example.com", message="Would you?")

    raw = download(owner_client, "/account/data/small-wins.json")[1].decode()
    document = json.loads(raw)

    assert [n["text"] for n in document["notes_received"]] == ["I see you resting more"]
    assert document["notes_received"][0]["from"] == ally.name
    assert [n["text"] for n in document["notes_written"]] == ["Proud of you"]
    assert [a["email"] for a in document["allies"]] == [ally.email]
    assert [a["email"] for a in document["supporting"]] == [ally.email]
    assert [i["email"] for i in document["invitations"]] == ["friend@example.com"]
    assert document["invitations"][0]["status"] == "pending"
    assert token not in raw
    assert invitation.token_hash not in raw


def test_an_empty_journal_exports_valid_json(owner_client):
    document = json.loads(download(owner_client, "/account/data/small-wins.json")[1])
    assert document["wins"] == [] and document["reflections"] == []


def test_the_export_keeps_exact_times_and_every_character(owner_client, owner):
    text = 'Quotes " and \\ backslashes, emoji 🌱, and </script>'
    win = make_win(owner, text)
    document = json.loads(download(owner_client, "/account/data/small-wins.json")[1])
    assert document["wins"][0]["text"] == text
    assert datetime.datetime.fromisoformat(document["wins"][0]["created_at"]) == win.created_at
    assert document["wins"][0]["code"] == str(win.code)


def test_the_json_export_takes_the_same_queries_for_one_win_or_many(owner_client, owner, django_assert_max_num_queries):
    other = make_user()
    make_win(owner, "The first")
    with django_assert_max_num_queries(30) as few:
        download(owner_client, "/account/data/small-wins.json")
    queries_for_one = len(few.captured_queries)
    for number in range(30):
        make_win(owner, f"Win {number}")
        make_ally_note(owner, other, f"Note {number}")
    make_ally_link(owner, other)
    with django_assert_max_num_queries(queries_for_one):
        download(owner_client, "/account/data/small-wins.json")


def test_a_wins_photo_travels_in_the_export_as_base64_jpeg(owner_client, owner, media):
    import base64

    win = make_photo_win(owner)
    document = json.loads(download(owner_client, "/account/data/small-wins.json")[1])
    photo = document["wins"][0]["photo"]
    assert (photo["content_type"], photo["width"], photo["height"]) == ("image/jpeg", 40, 30)
    assert base64.b64decode(photo["base64"]) == (media / win.photo.name).read_bytes()


def test_goals_are_exported_with_the_days_they_were_done(owner_client, owner):
    from journal.models import Goal

    goal = Goal.objects.create(owner=owner, text="Drink a glass of water", days=0b0000101)
    win, _ = goal.complete(datetime.date(2024, 3, 13))
    document = json.loads(download(owner_client, "/account/data/small-wins.json")[1])
    assert document["goals"] == [
        {
            "code": str(goal.code),
            "text": "Drink a glass of water",
            "category": "other",
            "days": ["Monday", "Wednesday"],
            "paused": False,
            "created_at": document["goals"][0]["created_at"],
            "done": [{"day": "2024-03-13", "win": str(win.code)}],
        }
    ]
