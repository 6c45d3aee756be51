"""A photo on its own page, /wins/<code>/photo/: our layout, the win's words, the picture and a way back."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_ally_link, make_photo_win, make_win
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    return media


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def back_link(html: str) -> str:
    return re.search(r'<p class="back-link"><a href="([^"]*)"', html).group(1)


def test_the_owner_sees_the_photo_in_the_page_with_the_wins_words(owner_client, owner):
    win = make_photo_win(owner, "Bread <I> baked", mood=4, hard_day=True, occurred_on="2026-03-04")
    response = owner_client.get(f"/wins/{win.code}/photo/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your photo from Wednesday 4 March 2026" in html
    # The file is still streamed from its own access-checked address.
    assert f'<img src="/photos/{win.code}/" alt="Bread &lt;I&gt; baked"' in html
    assert f'width="{win.photo_width}" height="{win.photo_height}"' in html
    assert '<p class="win-text">Bread &lt;I&gt; baked</p>' in html
    assert "Mood: good" in html and "Hard day — and I kept going" in html
    assert 'aria-label="Main"' in html and "Need help now?" in html
    # A page of someone's journal like any other: never cached, no inline code allowed.
    assert "no-store" in response["Cache-Control"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_way_back_goes_to_the_page_it_was_opened_from_or_to_its_week(owner_client, owner):
    win = make_photo_win(owner, occurred_on="2026-03-04")
    html = owner_client.get(f"/wins/{win.code}/photo/").content.decode()
    assert back_link(html) == "/week/2026-03-02/"
    assert "Back to the week</a>" in html
    html = owner_client.get(f"/wins/{win.code}/photo/?next=/wins/%3Fq%3Dbread").content.decode()
    assert back_link(html) == "/wins/?q=bread"
    assert "Back to all wins</a>" in html
    assert 'href="/week/2026-03-02/">See the week it belongs to<' in html


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_way_back_never_leaves_the_site(owner_client, owner, elsewhere):
    win = make_photo_win(owner, occurred_on="2026-03-04")
    html = owner_client.get(f"/wins/{win.code}/photo/", {"next": elsewhere}).content.decode()
    assert back_link(html) == "/week/2026-03-02/"
    assert "evil.example" not in html and "javascript:" not in html


def test_an_ally_who_sees_shared_wins_gets_the_page_without_moods_or_hard_days(owner, ally):
    make_ally_link(owner, ally)
    win = make_photo_win(owner, "Sea at last", shared_with_allies=True, mood=1, hard_day=True)
    response = client_for(ally).get(f"/wins/{win.code}/photo/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Alice's photo from" in text and "Sea at last" in text
    assert "Mood" not in text and "Hard day" not in text
    assert back_link(response.content.decode()) == "/allies/"
    assert "Back to allies" in text


@pytest.mark.parametrize("who", ["stranger", "notes_only_ally", "ally_of_an_unshared_win"])
def test_anyone_else_gets_404(owner, ally, stranger, who):
    shared = who != "ally_of_an_unshared_win"
    win = make_photo_win(owner, "Private", shared_with_allies=shared)
    if who == "notes_only_ally":
        make_ally_link(owner, ally, scope="notes_only")
    elif who == "ally_of_an_unshared_win":
        make_ally_link(owner, ally)
    person = stranger if who == "stranger" else ally
    response = client_for(person).get(f"/wins/{win.code}/photo/")
    assert response.status_code == 404
    assert "Private" not in response.content.decode()


def test_a_win_without_a_photo_a_deleted_win_and_a_visitor_get_nowhere(owner_client, owner):
    plain = make_win(owner, "No photo")
    deleted = make_photo_win(owner, deleted_at=timezone.now())
    assert owner_client.get(f"/wins/{plain.code}/photo/").status_code == 404
    assert owner_client.get(f"/wins/{deleted.code}/photo/").status_code == 404
    response = Client().get(f"/wins/{deleted.code}/photo/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_asks_one_query_and_only_answers_get(owner, django_assert_num_queries):
    win = make_photo_win(owner)
    client = client_for(owner)
    client.get("/")  # the first request after logging in refreshes the session
    with django_assert_num_queries(3):  # the session, the person and the win with its owner
        assert client.get(f"/wins/{win.code}/photo/").status_code == 200
    assert client.post(f"/wins/{win.code}/photo/").status_code == 405


@pytest.mark.parametrize("url", ["/", "/wins/", "/week/"])
def test_every_thumbnail_opens_the_photos_page_and_comes_back_to_where_it_was(owner_client, owner, url):
    win = make_photo_win(owner, "Sunlight")
    html = owner_client.get(url).content.decode()
    assert f'href="/wins/{win.code}/photo/?next={url}"' in html


def test_the_allys_space_opens_the_photos_page_too(owner, ally):
    link = make_ally_link(owner, ally)
    win = make_photo_win(owner, "Sea at last", shared_with_allies=True)
    html = client_for(ally).get(f"/allies/{link.code}/").content.decode()
    assert f'href="/wins/{win.code}/photo/?next=/allies/{link.code}/"' in html
