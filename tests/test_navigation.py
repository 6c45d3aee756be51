"""The main navigation: seven places on every logged-in page, the one you are in marked, the crisis link kept."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from config.navigation import navigation, section_of
from tests.factories import make_photo_win, make_win
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

PLACES = [
    ("Today", "/"),
    ("Week", "/week/"),
    ("All wins", "/wins/"),
    ("Look back", "/look-back/"),
    ("Goals", "/goals/"),
    ("Allies", "/allies/"),
    ("Account", "/account/"),
]


def main_nav(html: str) -> str:
    found = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S)
    assert found, "no main navigation"
    return found.group(1)


def links(nav: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav)


def current(nav: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]*)</a>', nav)


@pytest.fixture
def win(owner, media):
    return make_photo_win(owner, "Sunlight")


@pytest.mark.parametrize(
    ("url", "place"),
    [
        ("/", "Today"),
        ("/week/", "Week"),
        ("/week/2026-03-02/", "Week"),
        ("/wins/", "All wins"),
        ("/wins/{code}/", "All wins"),
        ("/wins/{code}/edit/", "All wins"),
        ("/wins/{code}/photo/", "All wins"),
        ("/look-back/", "Look back"),
        ("/year/2026/", "Look back"),
        ("/report/", "Look back"),
        ("/goals/", "Goals"),
        ("/allies/", "Allies"),
        ("/account/", "Account"),
        ("/account/data/", "Account"),
        ("/account/delete/", "Account"),
        ("/accounts/email/", "Account"),
        ("/accounts/password/change/", "Account"),
        ("/accounts/2fa/", "Account"),
        ("/accounts/sessions/", "Account"),
    ],
)
def test_every_page_reaches_the_seven_places_and_marks_its_own(owner_client, win, url, place):
    response = owner_client.get(url.format(code=win.code))
    assert response.status_code == 200, url
    nav = main_nav(response.content.decode())
    assert [(text, href) for href, text in links(nav)] == PLACES
    assert current(nav) == [place]
    assert "Need help now?" in text_of(response)


def test_the_week_and_look_back_link_to_the_year_and_the_report(owner_client, owner):
    year = owner.local_today().year
    for url in ("/week/", "/look-back/"):
        html = owner_client.get(url).content.decode()
        assert f'href="/year/{year}/"' in html or 'href="/year/"' in html, url
        assert 'href="/report/"' in html, url


def test_a_visitor_sees_no_journal_navigation(client):
    for url in ("/", "/accounts/login/", "/accounts/signup/"):
        html = client.get(url).content.decode()
        assert 'aria-label="Main"' not in html, url
        assert "Need help now?" in html, url


def test_the_section_of_a_page_follows_its_name():
    assert section_of("allies", "space") == "allies"
    assert section_of("", "year") == "look_back"
    assert section_of("", "mfa_activate_totp") == "account"
    assert section_of("", "healthz") == ""


def test_a_request_without_a_resolved_page_or_a_person_has_no_section(owner):
    request = RequestFactory().get("/nowhere/")
    assert navigation(request) == {"nav_section": ""}  # a 404 page: no match, no person
    request.user = owner
    assert navigation(request) == {"nav_section": ""}


def test_a_page_with_win_cards_asks_about_allies_once_however_many_wins(owner_client, owner):
    for n in range(5):
        make_win(owner, f"Win {n}")
    owner_client.get("/wins/")
    with CaptureQueriesContext(connection) as few:
        owner_client.get("/wins/")
    asked = [query for query in few.captured_queries if "allies_allylink" in query["sql"]]
    assert len(asked) == 1
