"""All wins: newest first, 50 a page, filters in the query string, never a crash on odd values."""

import datetime
import re

import pytest

from journal.models import Category, Mood, Win
from tests.factories import make_win

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def texts(response) -> list[str]:
    # Leave out <template> markup (the offline scripts' empty "waiting" card): a browser never shows it.
    page = re.sub(r"<template\b.*?</template>", "", response.content.decode(), flags=re.S)
    return re.findall(r'<p class="win-text"[^>]*>([^<]*)</p>', page)


@pytest.fixture
def journal(owner):
    today = owner.local_today()
    make_win(
        owner,
        "Rested on the sofa",
        category=Category.REST,
        mood=Mood.LOW,
        occurred_on=today - datetime.timedelta(days=10),
    )
    make_win(
        owner,
        "Said no to overtime",
        category=Category.BOUNDARIES,
        mood=Mood.GOOD,
        hard_day=True,
        occurred_on=today - datetime.timedelta(days=5),
    )
    make_win(owner, "Rested after lunch", category=Category.REST, mood=Mood.GOOD, occurred_on=today)
    return today


def test_a_visitor_is_sent_to_log_in(client):
    assert client.get("/wins/")["Location"].startswith("/accounts/login/?next=/wins/")


def test_all_wins_are_newest_first_and_only_the_owners(owner_client, journal, stranger):
    make_win(stranger, "Someone else's")
    response = owner_client.get("/wins/")
    assert response.status_code == 200
    assert texts(response) == ["Rested after lunch", "Said no to overtime", "Rested on the sofa"]
    body = response.content.decode()
    assert "3 wins." in body
    assert 'data-testid="win"' in body and "Show wins</button>" in body


def test_an_empty_journal_gets_a_kind_word(owner_client):
    assert "Your first one can be as small as getting out of bed." in owner_client.get("/wins/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=rest", ["Rested after lunch", "Rested on the sofa"]),
        ("mood=4", ["Rested after lunch", "Said no to overtime"]),
        ("hard_day=on", ["Said no to overtime"]),
        ("q=REST", ["Rested after lunch", "Rested on the sofa"]),
        ("category=rest&mood=2", ["Rested on the sofa"]),
    ],
)
def test_filters_narrow_the_list(owner_client, journal, query, expected):
    response = owner_client.get(f"/wins/?{query}")
    assert texts(response) == expected
    assert "matching your filters" in response.content.decode()


def test_a_date_range_keeps_the_days_between(owner_client, journal):
    first, last = journal - datetime.timedelta(days=6), journal - datetime.timedelta(days=1)
    assert texts(owner_client.get(f"/wins/?date_from={first}&date_to={last}")) == ["Said no to overtime"]
    assert texts(owner_client.get(f"/wins/?date_from={last}&date_to={first}")) == ["Said no to overtime"]
    assert texts(owner_client.get(f"/wins/?date_from={journal}")) == ["Rested after lunch"]


def test_the_filters_stay_filled_in(owner_client, journal):
    body = owner_client.get("/wins/?q=rest&category=rest&hard_day=on").content.decode()
    assert 'value="rest"' in body and '<option value="rest" selected>' in body
    assert 'name="hard_day" id="id_hard_day" checked' in body


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("date_from=not-a-date", "The “From” date didn&#x27;t look like a date"),
        ("date_to=2025-13-45", "The “To” date didn&#x27;t look like a date"),
        ("category=sleeping", "We don&#x27;t know that category"),
        ("mood=11", "We don&#x27;t know that mood"),
        ("mood=happy", "We don&#x27;t know that mood"),
        ("q=" + "x" * 300, "That search was too long"),
    ],
)
def test_a_bad_filter_gets_a_kind_note_and_is_left_out(owner_client, journal, query, note):
    response = owner_client.get(f"/wins/?{query}&category=rest" if "category" not in query else f"/wins/?{query}")
    assert response.status_code == 200
    assert note in response.content.decode()
    assert len(texts(response)) >= 2


def test_odd_page_numbers_never_break_the_page(owner_client, journal):
    for page in ["0", "-1", "abc", "999", ""]:
        assert owner_client.get(f"/wins/?page={page}").status_code == 200


def test_fifty_wins_a_page_with_links_that_keep_the_filters(owner_client, owner):
    today = owner.local_today()
    Win.objects.bulk_create(
        Win(owner=owner, text=f"Win {n:03}", category=Category.JOY, occurred_on=today - datetime.timedelta(days=n))
        for n in range(120)
    )
    first = owner_client.get("/wins/?category=joy")
    assert texts(first)[:2] == ["Win 000", "Win 001"] and len(texts(first)) == 50
    body = first.content.decode()
    assert "Showing 1\N{EN DASH}50 of 120 wins matching your filters." in body
    assert 'href="?category=joy&amp;page=2"' in body
    assert 'aria-current="page">1</a>' in body
    third = owner_client.get("/wins/?category=joy&page=3")
    assert texts(third) == [f"Win {n:03}" for n in range(100, 120)]


def test_htmx_gets_just_the_results_and_the_count(owner_client, journal):
    response = owner_client.get("/wins/?category=rest", **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="wins-results"')
    assert 'id="wins-count" class="wins-count" role="status" hx-swap-oob="innerHTML"' in body
    assert "<h1>" not in body
    assert "HX-Request" in response["Vary"]
    assert texts(response) == ["Rested after lunch", "Rested on the sofa"]


def test_each_win_shows_its_day_and_actions_that_come_back_here(owner_client, journal):
    body = owner_client.get("/wins/?category=rest").content.decode()
    assert f'<time class="win-day" datetime="{journal}">' in body
    assert "edit/?next=/wins/%3Fcategory%3Drest" in body


def test_a_win_deleted_here_without_javascript_can_be_undone_here(owner_client, owner, journal):
    win = Win.objects.get(text="Said no to overtime")
    response = owner_client.post(f"/wins/{win.code}/delete/?next=/wins/%3Fhard_day%3Don")
    assert response["Location"] == "/wins/?hard_day=on"
    body = owner_client.get("/wins/?hard_day=on").content.decode()
    assert "<p>Deleted.</p>" in body and ">Undo</button>" in body


def test_the_list_runs_the_same_few_queries_with_3_or_3000_wins(owner_client, owner, django_assert_max_num_queries):
    today = owner.local_today()

    def add(count):
        Win.objects.bulk_create(
            Win(
                owner=owner,
                text=f"Win {n}",
                occurred_on=today - datetime.timedelta(days=n % 700),
                category=Category.ROUTINE,
                mood=Mood.OKAY,
            )
            for n in range(count)
        )

    add(3)
    owner_client.get("/wins/")  # the first request after logging in also records the session
    with django_assert_max_num_queries(14) as few:
        assert owner_client.get("/wins/?mood=3").status_code == 200
    add(2997)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert owner_client.get("/wins/?mood=3").status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert owner_client.get("/wins/?mood=3&page=7", **HTMX).status_code == 200
