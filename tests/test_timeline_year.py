"""The year at a glance: /year/ and /year/YYYY/."""

import colorsys
import re
from pathlib import Path

import pytest
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from accounts.models import User
from journal.models import Win
from journal.summaries import mood_level, shade_level
from journal.views import year as year_views
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


# ---- The year in pixels ---------------------------------------------------------


def pixel_rows(html: str) -> list[str]:
    body = re.search(r'<table class="pixels[^"]*" data-testid="year-pixels">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, "no year grid"
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)


@pytest.mark.parametrize(("year", "days", "gaps"), [(2026, 365, 7), (2028, 366, 6)])
def test_the_year_is_twelve_rows_of_31_squares(owner_client, year, days, gaps):
    rows = pixel_rows(owner_client.get(f"/year/{year}/").content.decode())
    assert len(rows) == 12
    assert [len(re.findall(r"<td[ >]", row)) for row in rows] == [31] * 12
    assert sum(len(re.findall(r'data-testid="year-day-', row)) for row in rows) == days
    assert sum(row.count('<td class="pixel-gap"></td>') for row in rows) == gaps
    assert '<th scope="row" id="month-2-heading"><abbr title="February">Feb</abbr></th>' in rows[1]


def test_the_days_are_shaded_by_mood_when_asked(owner_client, owner):
    make_win(owner, "Low", occurred_on="2026-03-04", mood=2)
    make_win(owner, "Good", occurred_on="2026-03-04", mood=4)
    make_win(owner, "Good too", occurred_on="2026-03-04", mood=4)
    make_win(owner, "No mood", occurred_on="2026-03-05")
    make_win(owner, "Very low", occurred_on="2026-03-06", mood=1)
    html = owner_client.get("/year/2026/?by=mood").content.decode()
    assert 'class="pixel mood-3"' in square(html, "2026-03-04")  # 3.33: okay
    assert "3 wins on 4 March, mood okay<" in square(html, "2026-03-04")
    assert 'class="pixel mood-none"' in square(html, "2026-03-05")
    assert "1 win on 5 March, no mood noted<" in square(html, "2026-03-05")
    assert 'class="pixel mood-1"' in square(html, "2026-03-06")
    assert 'class="pixel shade-0"' in square(html, "2026-03-07")
    assert "No wins on 7 March<" in square(html, "2026-03-07")
    legend = re.search(r'data-testid="year-legend">(.*?)</ul>', html, re.S).group(1)
    for words in ("Very low", "Low", "Okay", "Good", "Very good", "Wins, no mood noted", "No wins"):
        assert words in legend


def test_the_mood_view_still_counts_in_one_grouped_query(owner, django_assert_num_queries):
    for day in ("2026-03-04", "2026-03-05"):
        make_win(owner, "Step", occurred_on=day, mood=3)
    request = RequestFactory().get("/year/2026/?by=mood")
    request.user, request.session = owner, SessionStore()
    request._messages, request.htmx = SessionStorage(request), HtmxDetails(request)
    with django_assert_num_queries(1) as captured:
        assert year_views.year(request, year=2026).status_code == 200
    sql = captured.captured_queries[0]["sql"]
    assert "GROUP BY" in sql and "SUM(" in sql


def test_the_toggle_is_two_plain_links_and_the_year_links_keep_the_choice(owner_client, owner):
    last_year = owner.local_today().year - 1
    html = owner_client.get(f"/year/{last_year}/?by=mood").content.decode()
    toggle = re.search(r'<nav class="shade-toggle" aria-label="Shade the days by">(.*?)</nav>', html, re.S).group(1)
    assert f'<a href="/year/{last_year}/">Wins</a>' in toggle
    assert f'<a href="/year/{last_year}/?by=mood" aria-current="true">Mood</a>' in toggle
    assert f'href="/year/{last_year + 1}/?by=mood" rel="next">Next year<' in html
    assert f'href="/year/{last_year - 1}/?by=mood" rel="prev">Previous year<' in html
    counts = owner_client.get(f"/year/{last_year}/").content.decode()
    assert f'<a href="/year/{last_year}/" aria-current="true">Wins</a>' in counts
    assert "by-mood" not in counts


def test_an_unknown_choice_shows_the_counts(owner_client):
    html = owner_client.get("/year/2026/?by=%3Cscript%3E").content.decode()
    assert 'class="pixel shade-' in html and "<script>" not in html.split("</head>")[1]


def test_this_year_keeps_the_mood_choice(owner_client, owner):
    response = owner_client.get("/year/?by=mood")
    assert response["Location"] == f"/year/{owner.local_today().year}/?by=mood"


def test_the_year_is_also_a_table_of_its_weeks_each_linking_to_the_week(owner_client, owner):
    make_win(owner, "Step", occurred_on="2026-03-04", mood=2)
    make_win(owner, "Step", occurred_on="2026-03-05", mood=5)
    make_win(owner, "Step", occurred_on="2026-03-05")
    html = owner_client.get("/year/2026/?by=mood").content.decode()
    table = re.search(r'data-testid="year-weeks">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    assert 'href="/week/2025-12-29/">Week of 29 December<' in rows[0]
    march = next(row for row in rows if "Week of 2 March" in row)
    assert 'href="/week/2026-03-02/"' in march
    assert re.findall(r"<td>(\d+)</td>", march) == ["3", "2"]
    assert ">good</span>" in march  # (2 + 5) / 2 = 3.5, which rounds up to good
    assert len(rows) <= 53


def test_a_year_still_to_come_has_no_weeks_yet(owner_client, owner):
    html = owner_client.get(f"/year/{owner.local_today().year + 1}/").content.decode()
    assert "This year hasn't started yet." in html


def test_mood_levels_round_halves_up_and_stay_in_range():
    assert [mood_level(value) for value in (None, 1, 1.49, 1.5, 2.5, 4.6, 5, 9)] == [None, 1, 1, 2, 3, 5, 5, 5]


def test_the_mood_colours_never_lean_red():
    css = Path(finders.find("css/app.css")).read_text()
    colours = re.findall(r"\.pixel\.mood-[1-5] \{ background: var\(--mood-[1-5], #([0-9a-f]{6})\)", css)
    assert len(colours) == 5
    for colour in colours:
        hue, _lightness, saturation = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)))
        assert saturation < 0.1 or 30 / 360 < hue < 330 / 360, f"#{colour} leans red"
