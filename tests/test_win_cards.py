"""Calm win cards: one "More" disclosure per win holds Edit, Delete and, for someone with allies, sharing."""

import re

import pytest

from journal.models import Win
from tests.factories import make_ally_link, make_win
from tests.helpers import without_icons

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PAGES = ["/", "/wins/", "/week/"]


def card(html: str, win: Win) -> str:
    found = re.search(rf'<li class="win" data-testid="win" id="win-{win.code}">(.*?)\n</li>', without_icons(html), re.S)
    assert found, f"no card for {win.text!r}"
    return found.group(1)


def more(card_html: str) -> str:
    found = re.search(r'<details class="win-more"[^>]*>(.*?)</details>', card_html, re.S)
    assert found, "no More disclosure"
    return found.group(1)


@pytest.mark.parametrize("url", PAGES)
def test_edit_and_delete_sit_in_one_closed_more_disclosure(owner_client, owner, url):
    win = make_win(owner, "Made tea")
    html = card(owner_client.get(url).content.decode(), win)
    assert html.count("<details") == 1
    assert '<details class="win-more">' in html  # closed until asked
    assert f'<summary aria-describedby="win-{win.code}-text">More</summary>' in html
    inside = more(html)
    assert f'href="/wins/{win.code}/edit/?next=' in inside and ">Edit</a>" in inside
    assert f'action="/wins/{win.code}/delete/?next=' in inside and ">Delete</button>" in inside
    # Nothing to press outside it.
    outside = html.replace(inside, "")
    assert "<button" not in outside and ">Edit<" not in outside


@pytest.mark.parametrize("url", PAGES)
def test_someone_without_allies_is_not_offered_sharing(owner_client, owner, url):
    win = make_win(owner, "Made tea")
    html = card(owner_client.get(url).content.decode(), win)
    assert "Share with my allies" not in html
    assert "/allies/share/" not in html


@pytest.mark.parametrize("url", PAGES)
def test_someone_with_an_ally_can_share_from_more(owner_client, owner, ally, url):
    make_ally_link(owner, ally, scope="notes_only")  # any ally: they may see wins later
    win = make_win(owner, "Made tea")
    inside = more(card(owner_client.get(url).content.decode(), win))
    assert f'action="/allies/share/{win.code}/"' in inside
    assert 'aria-pressed="false">Share with my allies</button>' in inside


def test_a_shared_win_shows_a_small_shared_mark_and_can_always_be_unshared(owner_client, owner, ally):
    link = make_ally_link(owner, ally)
    shared = make_win(owner, "Rested", shared_with_allies=True)
    private = make_win(owner, "Made tea")
    link.delete()  # the ally has gone; the win stays shared until its owner says otherwise
    html = owner_client.get("/wins/").content.decode()
    mark = f'id="win-{shared.code}-shared">Shared<span class="visually-hidden"> with allies</span></span>'
    assert mark in card(html, shared)
    assert f'id="win-{private.code}-shared" hidden></span>' in card(html, private)
    assert "Shared" not in card(html, private)  # no hidden words a reader or a test could find
    assert 'aria-pressed="true">Stop sharing</button>' in more(card(html, shared))
    assert "Share with my allies" not in card(html, private)


def test_the_mark_lies_outside_more_so_it_shows_while_more_is_closed(owner_client, owner):
    win = make_win(owner, "Rested", shared_with_allies=True)
    html = card(owner_client.get("/wins/").content.decode(), win)
    assert f'id="win-{win.code}-shared"' not in more(html)


def test_after_an_inline_edit_more_comes_back_open_with_edit_focused(owner_client, owner):
    win = make_win(owner, "Made tea")
    response = owner_client.post(f"/wins/{win.code}/edit/?next=/wins/", {"text": "Made mint tea"}, **HTMX)
    html = without_icons(response.content.decode())
    assert '<details class="win-more" open>' in html
    assert re.search(r">Edit</a>", html) and re.search(r'hx-swap="innerHTML" autofocus>Edit</a>', html)


def test_undo_and_cancel_bring_the_card_back_with_more_open(owner_client, owner):
    win = make_win(owner, "Made tea")
    owner_client.post(f"/wins/{win.code}/delete/", **HTMX)
    undone = owner_client.post(f"/wins/{win.code}/undo/?next=/", **HTMX).content.decode()
    assert '<details class="win-more" open>' in undone
    cancelled = owner_client.get(f"/wins/{win.code}/?next=/", **HTMX).content.decode()
    assert '<details class="win-more" open>' in cancelled


def test_cards_others_see_or_that_only_quote_a_win_have_no_more(owner_client, owner):
    make_win(owner, "Asked for help", occurred_on="2026-03-04")
    for url in ("/report/?from=2026-03-02&to=2026-03-08", "/look-back/?critic=I+never+ask+for+help"):
        html = owner_client.get(url).content.decode()
        assert "Asked for help" in html, url
        assert "win-more" not in html, url


def test_deleting_from_the_week_without_javascript_offers_undo_in_its_day(owner_client, owner):
    win = make_win(owner, "Made tea", occurred_on="2026-03-04")
    response = owner_client.post(f"/wins/{win.code}/delete/?next=/week/2026-03-02/")
    assert response["Location"] == "/week/2026-03-02/"
    html = owner_client.get("/week/2026-03-02/").content.decode()
    day = re.search(r'data-testid="day-2026-03-04"[^>]*>(.*?)</section>', html, re.S).group(1)
    assert "<p>Deleted.</p>" in day and ">Undo</button>" in day
    assert "Made tea" not in html
    assert "No wins logged this week" in html  # the summary counts only the wins still there
    assert "<p>Deleted.</p>" not in owner_client.get("/week/2026-03-02/").content.decode()  # offered once
