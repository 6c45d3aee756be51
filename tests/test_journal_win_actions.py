"""One win: its page, editing (on its own page and inline), delete and Undo, and who may do them."""

import datetime

import pytest

from journal.models import Category, Mood, Win
from tests.factories import make_win

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def win(owner):
    return make_win(owner, "Got out of bed", category=Category.SELF_CARE, mood=Mood.OKAY)


def edit_data(**changes):
    data = {"text": "Got out of bed and showered", "category": "self-care", "mood": "4", "occurred_on": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("action", ["", "edit/"])
def test_a_visitor_is_sent_to_log_in(client, win, action):
    response = client.get(f"/wins/{win.code}/{action}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("action", ["delete/", "undo/", "edit/"])
def test_a_visitor_posting_is_sent_to_log_in_and_nothing_changes(client, win, action):
    response = client.post(f"/wins/{win.code}/{action}", edit_data())
    assert response["Location"].startswith("/accounts/login/")
    win.refresh_from_db()
    assert (win.text, win.deleted_at) == ("Got out of bed", None)


@pytest.mark.parametrize(
    ("method", "action"), [("get", ""), ("get", "edit/"), ("post", "edit/"), ("post", "delete/"), ("post", "undo/")]
)
def test_someone_elses_win_answers_404(client, stranger, win, method, action):
    client.force_login(stranger)
    response = getattr(client, method)(f"/wins/{win.code}/{action}", edit_data())
    assert response.status_code == 404
    assert "Got out of bed" not in response.content.decode()
    win.refresh_from_db()
    assert (win.text, win.deleted_at) == ("Got out of bed", None)


def test_a_made_up_code_answers_404(owner_client):
    assert owner_client.get("/wins/00000000-0000-0000-0000-000000000000/edit/").status_code == 404
    assert owner_client.get("/wins/42/edit/").status_code == 404


@pytest.mark.parametrize("action", ["delete/", "undo/"])
def test_delete_and_undo_need_a_post(owner_client, win, action):
    assert owner_client.get(f"/wins/{win.code}/{action}").status_code == 405


def test_the_owner_sees_a_wins_own_page(owner_client, win):
    body = owner_client.get(f"/wins/{win.code}/").content.decode()
    assert "Got out of bed" in body
    assert 'data-testid="win"' in body


def test_the_edit_page_shows_the_form_filled_in(owner_client, win):
    body = owner_client.get(f"/wins/{win.code}/edit/?next=/").content.decode()
    assert f'<label for="win-{win.code}-text">Today I…</label>' in body
    assert "Got out of bed</textarea>" in body
    assert "Save</button>" in body
    assert 'href="/">Cancel</a>' in body
    assert "hx-post" not in body  # the page itself is the no-JavaScript path


def test_an_older_wins_label_names_its_day(owner_client, owner):
    old = make_win(owner, "Rested", occurred_on=datetime.date(2024, 2, 29))
    body = owner_client.get(f"/wins/{old.code}/edit/").content.decode()
    assert "On Thursday 29 February 2024 I…" in body


def test_editing_saves_and_goes_back_to_where_the_person_was(owner_client, win):
    response = owner_client.post(f"/wins/{win.code}/edit/?next=/wins/%3Fpage%3D2", edit_data(hard_day="on"))
    assert response.status_code == 302
    assert response["Location"] == "/wins/?page=2"
    win.refresh_from_db()
    assert (win.text, win.mood, win.hard_day) == ("Got out of bed and showered", Mood.GOOD, True)
    assert win.occurred_on == win.owner.local_today()  # an empty day keeps the day it had
    assert "Saved. Your win is up to date." in owner_client.get("/").content.decode()


def test_a_next_url_to_another_site_is_ignored(owner_client, win):
    response = owner_client.post(f"/wins/{win.code}/edit/?next=https://evil.example/", edit_data())
    assert response["Location"] == "/wins/"


def test_editing_can_move_a_win_to_an_earlier_day_but_not_a_future_one(owner_client, owner, win):
    earlier = owner.local_today() - datetime.timedelta(days=30)
    owner_client.post(f"/wins/{win.code}/edit/", edit_data(occurred_on=earlier.isoformat()))
    win.refresh_from_db()
    assert win.occurred_on == earlier
    response = owner_client.post(f"/wins/{win.code}/edit/", edit_data(occurred_on="2999-12-31", text="Typed"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "That day hasn&#x27;t happened yet" in body
    assert '<details class="another-day" open>' in body
    assert ">\nTyped</textarea>" in body
    win.refresh_from_db()
    assert win.occurred_on == earlier


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "  "}, "Write a few words"),
        ({"text": "y" * 501}, "500 characters"),
        ({"category": "nope"}, "categories in the list"),
        ({"mood": "0"}, "moods in the list"),
        ({"occurred_on": "yesterday"}, "look like a date"),
    ],
)
def test_bad_edits_get_a_kind_message_and_change_nothing(owner_client, win, changes, message):
    response = owner_client.post(f"/wins/{win.code}/edit/", edit_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    win.refresh_from_db()
    assert win.text == "Got out of bed"


def test_inline_edit_swaps_in_a_form_and_save_swaps_the_win_back(owner_client, win):
    form = owner_client.get(f"/wins/{win.code}/edit/?next=/", **HTMX)
    body = form.content.decode()
    assert form.status_code == 200
    assert body.lstrip().startswith('<form class="edit-form"')
    assert 'hx-target="closest li"' in body
    assert "autofocus" in body
    saved = owner_client.post(f"/wins/{win.code}/edit/?next=/", edit_data(), **HTMX)
    body = saved.content.decode()
    assert saved.status_code == 200
    assert body.lstrip().startswith(f'<li class="win" data-testid="win" id="win-{win.code}">')
    assert "Got out of bed and showered" in body
    assert "Vary" in saved and "HX-Request" in saved["Vary"]


def test_an_inline_edit_with_bad_input_answers_422_inside_the_win(owner_client, win):
    response = owner_client.post(f"/wins/{win.code}/edit/", edit_data(text=""), **HTMX)
    assert response.status_code == 422
    assert response["HX-Reswap"] == "innerHTML"
    assert "Write a few words" in response.content.decode()


def test_cancel_brings_back_the_win_as_it_was(owner_client, win):
    response = owner_client.get(f"/wins/{win.code}/?next=/", **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<li class="win" data-testid="win"')
    assert "Got out of bed" in body


def test_delete_without_javascript_hides_the_win_and_offers_undo_on_the_next_page(owner_client, win):
    response = owner_client.post(f"/wins/{win.code}/delete/?next=/")
    assert response["Location"] == "/"
    assert not Win.objects.filter(pk=win.pk).exists()
    assert Win.all_objects.get(pk=win.pk).deleted_at is not None
    body = owner_client.get("/").content.decode()
    assert "<p>Deleted.</p>" in body
    assert f'action="/wins/{win.code}/undo/?next=/"' in body
    assert 'data-testid="win"' not in body
    assert "<p>Deleted.</p>" not in owner_client.get("/").content.decode()  # offered once


def test_delete_over_htmx_replaces_the_win_with_deleted_undo(owner_client, win):
    response = owner_client.post(f"/wins/{win.code}/delete/?next=/", **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li class="undo" id="win-{win.code}"')
    assert "Deleted." in body and ">Undo</button>" in body
    assert "Got out of bed" not in body


def test_undo_restores_the_win_exactly(owner_client, win):
    before = Win.objects.values().get(pk=win.pk)
    owner_client.post(f"/wins/{win.code}/delete/")
    response = owner_client.post(f"/wins/{win.code}/undo/?next=/")
    assert response["Location"] == "/"
    assert Win.objects.values().get(pk=win.pk) == before
    assert "Restored. Your win is back." in owner_client.get("/").content.decode()


def test_undo_over_htmx_swaps_the_win_back_in(owner_client, win):
    owner_client.post(f"/wins/{win.code}/delete/", **HTMX)
    body = owner_client.post(f"/wins/{win.code}/undo/?next=/", **HTMX).content.decode()
    assert body.lstrip().startswith(f'<li class="win" data-testid="win" id="win-{win.code}">')
    assert "Got out of bed" in body


def test_a_deleted_win_cannot_be_edited_or_deleted_again(owner_client, win):
    win.soft_delete()
    assert owner_client.get(f"/wins/{win.code}/edit/").status_code == 404
    assert owner_client.post(f"/wins/{win.code}/delete/").status_code == 404
    assert owner_client.get(f"/wins/{win.code}/").status_code == 404


def test_a_win_moved_to_another_day_inline_on_today_shows_its_new_day(owner_client, owner, win):
    earlier = owner.local_today() - datetime.timedelta(days=2)
    body = owner_client.post(
        f"/wins/{win.code}/edit/?next=/", edit_data(occurred_on=earlier.isoformat()), **HTMX
    ).content.decode()
    assert f'<time class="win-day" datetime="{earlier.isoformat()}">' in body
    unmoved = owner_client.post(f"/wins/{win.code}/edit/?next=/", edit_data(occurred_on=""), **HTMX)
    assert "<time" in unmoved.content.decode()  # an empty day keeps the day it had
