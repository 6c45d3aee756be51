"""The year at a glance: /year/ and /year/YYYY/."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from accounts.models import User
from journal.models import Win
from journal.summaries import shade_level
from tests.factories import make_user, make_win

pytestmark = pytest.mark.django_db


def square(html: str, day: str) -> str:
    match = re.search(rf'<a [^>]*data-testid="year-day-{day}"[^>]*>.*?</a>', html, re.S)
    assert match, f"no square for {day}"
    return match.group(0)


def test_visitor_is_sent_to_log_in(client):
    for url in ("/year/", "/year/2026/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_year_without_a_number_goes_to_this_year(owner_client, owner):
    response = owner_client.get("/year/")
    assert response.status_code == 302
    assert response["Location"] == f"/year/{owner.local_today().year}/"


def test_every_day_of_the_year_has_a_square(owner_client):
    html = owner_client.get("/year/2026/").content.decode()
    assert len(re.findall(r'data-testid="year-day-2026-', html)) == 365
    assert len(re.findall(r'data-testid="year-day-2028-', owner_client.get("/year/2028/").content.decode())) == 366


def test_squares_are_shaded_by_wins_and_named_in_words(owner_client, owner):
    for _ in range(3):
        make_win(owner, "Small step", occurred_on="2026-03-04")
    make_win(owner, "One step", occurred_on="2026-03-05")
    for _ in range(6):
        make_win(owner, "Busy day", occurred_on="2026-07-01")

    html = owner_client.get("/year/2026/").content.decode()

    assert 'class="visually-hidden">3 wins on 4 March<' in square(html, "2026-03-04")
    assert 'data-level="3"' in square(html, "2026-03-04")
    assert "1 win on 5 March" in square(html, "2026-03-05")
    assert 'data-level="1"' in square(html, "2026-03-05")
    assert 'data-level="4"' in square(html, "2026-07-01")
    assert "No wins on 6 March" in square(html, "2026-03-06")
    assert 'data-level="0"' in square(html, "2026-03-06")
    assert "In 2026 you logged 10 wins on 3 days." in html


def test_each_day_links_to_its_week(owner_client):
    html = owner_client.get("/year/2026/").content.decode()
    assert 'href="/week/2026-03-02/"' in square(html, "2026-03-04")
    assert 'href="/week/2025-12-29/"' in square(html, "2026-01-01")


def test_sunday_weeks_link_to_their_sunday(client):
    person = make_user(week_starts_on=6)
    client.force_login(person)
    html = client.get("/year/2026/").content.decode()
    assert 'href="/week/2026-03-01/"' in square(html, "2026-03-04")


def test_the_legend_says_what_each_shade_means(owner_client):
    html = owner_client.get("/year/2026/").content.decode()
    legend = re.search(r'data-testid="year-legend">(.*?)</ul>', html, re.S).group(1)
    for words in ("No shade: no wins that day", "1 win", "2 wins", "3 or 4 wins", "5 or more wins"):
        assert words in legend


def test_shades_are_never_red_and_no_wins_means_no_colour():
    css = Path(finders.find("css/app.css")).read_text()
    assert ".shade-0 { background: transparent; }" in css
    backgrounds = re.findall(r"\.shade-[1-4] \{ background: #([0-9a-f]{6})", css)
    assert len(backgrounds) == 8  # four shades, light and dark
    for colour in backgrounds:
        red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        assert red < green and red < blue, f"#{colour} leans red"


def test_shade_levels():
    assert [shade_level(n) for n in (0, 1, 2, 3, 4, 5, 40)] == [0, 1, 2, 3, 3, 4, 4]


def test_deleted_wins_and_other_peoples_wins_do_not_count(owner_client, owner, stranger):
    win = make_win(owner, "Deleted", occurred_on="2026-03-04")
    Win.all_objects.filter(pk=win.pk).update(deleted_at=timezone.now())
    make_win(stranger, "Charlie's", occurred_on="2026-03-04")
    html = owner_client.get("/year/2026/").content.decode()
    assert "No wins on 4 March" in square(html, "2026-03-04")


@pytest.mark.parametrize("year", ["0", "1899", "3000", "99999"])
def test_absurd_years_answer_404(owner_client, year):
    assert owner_client.get(f"/year/{year}/").status_code == 404


def test_next_year_is_offered_only_for_past_years(owner_client, owner):
    this_year = owner.local_today().year
    assert "Next year" not in owner_client.get(f"/year/{this_year}/").content.decode()
    html = owner_client.get(f"/year/{this_year - 1}/").content.decode()
    assert f'href="/year/{this_year}/" rel="next">Next year<' in html
    assert f'href="/year/{this_year - 2}/" rel="prev">Previous year<' in html


def test_the_year_shows_a_new_win_at_once_and_follows_the_week_start(owner_client, owner):
    year = owner.local_today().year
    day = owner.local_today().isoformat()
    assert 'data-level="0"' in square(owner_client.get(f"/year/{year}/").content.decode(), day)
    make_win(owner, "Took my meds")
    page = owner_client.get(f"/year/{year}/").content.decode()
    assert 'data-level="1"' in square(page, day)
    assert "Took my meds" not in page

    january = page.split('id="month-1-heading"')[1].split("</section>")[0]
    owner.week_starts_on = User.WeekStart.SUNDAY
    owner.save()
    sunday_start = owner_client.get(f"/year/{year}/").content.decode()
    assert sunday_start.split('id="month-1-heading"')[1].split("</section>")[0] != january
