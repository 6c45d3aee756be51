"""Every timeline page shows only the logged-in owner's journal."""

import pytest

from journal import weeks
from journal.models import Category, Reflection
from tests.factories import make_win

pytestmark = pytest.mark.django_db

PAGES = [
    "/week/",
    "/week/2026-03-02/",
    "/look-back/",
    "/look-back/?critic=I+never+ask+for+help",
    "/report/?from=2026-01-01&to=2026-12-31",
]


@pytest.fixture
def two_journals(owner, stranger):
    """Alice and Charlie both write in the same weeks, about the same things."""
    for person in (owner, stranger):
        name = person.name
        today = person.local_today()
        days = {"2026-03-02", "2026-03-04", today.isoformat()}
        for day in sorted(days):
            make_win(person, f"{name} asked for help on {day}", occurred_on=day, category=Category.REACHING_OUT)
        make_win(person, f"{name} six months back", occurred_on=weeks.month_first_days_back(today, 6))
        Reflection.objects.create(owner=person, week_start="2026-03-02", what_helped=f"{name}'s reflection")
    return owner, stranger


@pytest.mark.parametrize("url", PAGES)
def test_each_page_shows_the_owners_words_and_never_anyone_elses(client, two_journals, url):
    for viewer, other in (two_journals, reversed(two_journals)):
        client.force_login(viewer)
        html = client.get(url, follow=True).content.decode()
        assert viewer.name in html
        assert other.name not in html, f"{other.name} leaked into {viewer.name}'s {url}"


def test_the_year_counts_only_the_owners_wins(client, two_journals):
    for viewer in two_journals:
        client.force_login(viewer)
        html = client.get("/year/2026/").content.decode()
        assert "1 win on 2 March" in html and "1 win on 4 March" in html
        assert "2 wins on" not in html


@pytest.mark.parametrize("url", [*PAGES, "/year/", "/year/2026/"])
def test_a_visitor_is_sent_to_log_in(client, two_journals, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_visitor_cannot_save_a_reflection(client, two_journals):
    response = client.post("/week/2026-03-02/", {"what_helped": "Sneaky"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Reflection.objects.filter(what_helped="Sneaky").exists()
