"""Dates before 1900 are refused wherever a date is typed, and week maths never overflows at the calendar's edges.

The attack: a win dated 0001-01-01, shared with an ally whose owner's weeks start on
Sunday, made the ally's space answer 500 (OverflowError going back to year 0).
"""

import datetime
import uuid
import zoneinfo

import pytest

from journal import weeks
from journal.models import Category, Win
from tests.factories import make_ally_link, make_user, make_win
from tests.helpers import import_file

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
YEAR_ONE = datetime.date(1, 1, 1)
EDGES = [datetime.date.min, datetime.date.min + datetime.timedelta(days=3), datetime.date.max]


# ---- Week maths at date.min and date.max ---------------------------------------------


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("starts_on", [weeks.MONDAY, weeks.SUNDAY])
def test_week_maths_stops_at_the_calendars_edges_instead_of_overflowing(day, starts_on):
    week = weeks.Week.containing(day, starts_on)
    assert week.start <= day
    assert week.end >= week.start
    assert day in week.days
    assert week.previous.start <= week.start <= week.next.start
    first, last = weeks.weeks_before(week.start, 4)
    assert last < week.start or first > last  # before the week, or nothing at all
    weeks.day_bounds(day, zoneinfo.ZoneInfo("Pacific/Auckland"))
    weeks.day_bounds(day, zoneinfo.ZoneInfo("America/New_York"))


def test_a_sunday_start_week_in_year_one_begins_on_the_calendars_first_day():
    assert weeks.week_start(YEAR_ONE, weeks.SUNDAY) == datetime.date.min
    assert weeks.weeks_before(datetime.date.min, 4)[0] > weeks.weeks_before(datetime.date.min, 4)[1]


@pytest.mark.parametrize("year", [datetime.MINYEAR, datetime.MAXYEAR])
def test_the_weeks_of_the_first_and_last_years_can_be_listed(year):
    touching = weeks.weeks_touching_year(year, weeks.SUNDAY)
    assert 52 <= len(touching) <= 54


def test_months_stop_at_years_one_and_9999():
    assert weeks.shift_month(1, 1, -13) == (1, 1)
    assert weeks.shift_month(9999, 12, 5) == (9999, 12)
    assert weeks.month_first_days_back(YEAR_ONE, 12) == YEAR_ONE


# ---- The replayed attack ----------------------------------------------------------------


def test_an_old_win_from_year_one_shared_with_a_sunday_start_ally_space_does_not_break_it(client):
    # Written straight to the database, as a row from before the rule could be.
    owner = make_user("sun@example.com", week_starts_on=weeks.SUNDAY)
    ally = make_user("friend@example.com")
    link = make_ally_link(owner, ally)
    Win.objects.create(owner=owner, text="A very old win", occurred_on=YEAR_ONE, shared_with_allies=True)
    client.force_login(ally)

    assert client.get(f"/allies/{link.code}/").status_code == 200
    assert client.get(f"/allies/{link.code}/?week=1900-01-01").status_code == 200


def test_the_owners_own_pages_still_open_with_a_win_from_year_one(client):
    owner = make_user("sun@example.com", week_starts_on=weeks.SUNDAY)
    Win.objects.create(owner=owner, text="A very old win", occurred_on=YEAR_ONE)
    client.force_login(owner)
    for url in ("/", "/wins/", "/week/", "/year/", "/look-back/", "/report/", "/account/data/small-wins.csv"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


# ---- Every place a date is typed ------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_win_cannot_be_logged_before_1900(owner_client, owner, day):
    data = {"text": "Back in the day", "occurred_on": day, "idempotency_key": str(uuid.uuid4())}
    response = owner_client.post("/", data)
    assert response.status_code == 200
    assert "That day is a long way back. Pick a day from 1 January 1900 on." in response.content.decode()
    assert not Win.objects.filter(owner=owner).exists()

    response = owner_client.post("/", data, **HTMX)
    assert "That day is a long way back." in response.content.decode()
    assert not Win.objects.filter(owner=owner).exists()


def test_the_first_day_of_1900_is_accepted(owner_client, owner):
    owner_client.post("/", {"text": "Long ago", "occurred_on": "1900-01-01", "idempotency_key": str(uuid.uuid4())})
    assert Win.objects.get(owner=owner).occurred_on == datetime.date(1900, 1, 1)


def test_a_win_cannot_be_moved_to_before_1900_when_edited(owner_client, owner):
    win = make_win(owner, "Got out of bed", category=Category.SELF_CARE)
    data = {"text": "Got out of bed", "category": "self-care", "occurred_on": "0001-01-01"}
    response = owner_client.post(f"/wins/{win.code}/edit/", data)
    assert "That day is a long way back." in response.content.decode()
    win.refresh_from_db()
    assert win.occurred_on == owner.local_today()


def test_the_wins_filter_sets_a_date_before_1900_aside_with_a_note(owner_client, owner):
    make_win(owner, "Still listed")
    html = owner_client.get("/wins/", {"date_from": "0001-01-01"}).content.decode()
    assert "The “From” date is before 1900, so it is left out." in html
    assert "Still listed" in html


def test_the_report_falls_back_kindly_for_a_range_before_1900(owner_client):
    response = owner_client.get("/report/", {"from": "0001-01-01", "to": "0001-01-31"})
    assert response.status_code == 200
    assert "We couldn&#x27;t use those dates, so here are the last four weeks." in response.content.decode()


@pytest.mark.parametrize("url", ["/week/0001-01-01/", "/week/1899-12-31/", "/year/1/", "/year/1899/"])
def test_week_and_year_addresses_before_1900_answer_404(owner_client, url):
    assert owner_client.get(url).status_code == 404


def test_an_import_refuses_a_daylio_row_before_1900(owner_client, owner):
    csv = "full_date,date,weekday,time,mood,activities,note_title,note\n0001-01-01,,,,good,,,Long ago\n"
    response = import_file(owner_client, csv, "daylio.csv")
    assert "Row 2: the date &#x27;0001-01-01&#x27; is before 1900." in response.content.decode()
    assert not Win.objects.filter(owner=owner).exists()
