"""Week maths: journal/weeks.py, tested around midnight, DST changes and year ends."""

import datetime
import zoneinfo

import pytest

from journal import weeks

D = datetime.date
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
HONOLULU = zoneinfo.ZoneInfo("Pacific/Honolulu")
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = datetime.UTC


# ---- Weeks starting Monday or Sunday ---------------------------------------------


@pytest.mark.parametrize(
    ("day", "monday_start", "sunday_start"),
    [
        (D(2026, 3, 2), D(2026, 3, 2), D(2026, 3, 1)),  # a Monday
        (D(2026, 3, 4), D(2026, 3, 2), D(2026, 3, 1)),  # a Wednesday
        (D(2026, 3, 7), D(2026, 3, 2), D(2026, 3, 1)),  # a Saturday
        (D(2026, 3, 8), D(2026, 3, 2), D(2026, 3, 8)),  # a Sunday ends one week and starts the other
        (D(2026, 3, 1), D(2026, 2, 23), D(2026, 3, 1)),  # a Sunday at a month's start
    ],
)
def test_week_start_follows_the_owners_first_day(day, monday_start, sunday_start):
    assert weeks.week_start(day, weeks.MONDAY) == monday_start
    assert weeks.week_start(day, weeks.SUNDAY) == sunday_start


def test_every_day_of_a_week_maps_back_to_its_start():
    for starts_on in (weeks.MONDAY, weeks.SUNDAY):
        start = weeks.week_start(D(2026, 6, 10), starts_on)
        assert {weeks.week_start(day, starts_on) for day in weeks.week_days(start)} == {start}


def test_a_week_has_seven_days_in_order():
    days = weeks.week_days(D(2026, 3, 1))
    assert days == [D(2026, 3, 1) + datetime.timedelta(days=n) for n in range(7)]
    assert [day.strftime("%a") for day in days] == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


def test_week_start_refuses_a_day_that_is_not_monday_or_sunday():
    with pytest.raises(ValueError):
        weeks.week_start(D(2026, 3, 4), 2)


def test_week_knows_its_neighbours_and_its_days():
    week = weeks.Week.containing(D(2026, 3, 4), weeks.MONDAY)
    assert (week.start, week.end) == (D(2026, 3, 2), D(2026, 3, 8))
    assert week.previous.start == D(2026, 2, 23)
    assert week.next.start == D(2026, 3, 9)
    assert D(2026, 3, 8) in week
    assert D(2026, 3, 9) not in week


def test_weekday_order_starts_with_the_owners_first_day():
    assert weeks.weekday_order(weeks.MONDAY) == [0, 1, 2, 3, 4, 5, 6]
    assert weeks.weekday_order(weeks.SUNDAY) == [6, 0, 1, 2, 3, 4, 5]


def test_the_four_weeks_before_end_the_day_before_the_week():
    assert weeks.weeks_before(D(2026, 3, 2), 4) == (D(2026, 2, 2), D(2026, 3, 1))


# ---- A moment becomes the owner's local day -------------------------------------------


def test_a_win_at_half_past_eleven_at_night_in_auckland_stays_on_that_evening():
    moment = datetime.datetime(2026, 3, 8, 23, 30, tzinfo=AUCKLAND)  # 10:30 UTC the same day
    assert weeks.local_date(moment, AUCKLAND) == D(2026, 3, 8)
    # Stored in UTC and read back, it still lands on the owner's day.
    assert weeks.local_date(moment.astimezone(UTC), AUCKLAND) == D(2026, 3, 8)


def test_a_win_at_half_past_eleven_at_night_in_honolulu_is_not_moved_to_the_utc_day():
    moment = datetime.datetime(2026, 3, 8, 23, 30, tzinfo=HONOLULU)  # 09:30 UTC the next day
    assert moment.astimezone(UTC).date() == D(2026, 3, 9)
    assert weeks.local_date(moment.astimezone(UTC), HONOLULU) == D(2026, 3, 8)


def test_just_after_midnight_in_auckland_is_the_previous_day_in_utc():
    moment = datetime.datetime(2026, 3, 9, 0, 30, tzinfo=AUCKLAND)
    assert moment.astimezone(UTC).date() == D(2026, 3, 8)
    assert weeks.local_date(moment, AUCKLAND) == D(2026, 3, 9)
    # 9 March is a Monday: the win belongs to the new week there.
    assert weeks.week_start(weeks.local_date(moment, AUCKLAND)) == D(2026, 3, 9)


def test_local_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        weeks.local_date(datetime.datetime(2026, 3, 8, 23, 30), LONDON)


# ---- Daylight-saving changes ------------------------------------------------------


def test_london_spring_forward_day_is_23_hours_but_still_one_day():
    # Clocks go forward at 01:00 UTC on the last Sunday of March 2026 (29 March).
    start, end = weeks.day_bounds(D(2026, 3, 29), LONDON)
    assert end - start == datetime.timedelta(hours=23)
    week = weeks.Week.containing(D(2026, 3, 29), weeks.MONDAY)
    assert week.days[0] == D(2026, 3, 23) and week.days[-1] == D(2026, 3, 29) and len(week.days) == 7


def test_london_late_evening_after_the_autumn_change_is_in_bst_until_then():
    # 25 October 2026: clocks go back at 01:00 UTC.
    before = datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 00:30 BST on the 25th
    after = datetime.datetime(2026, 10, 25, 23, 30, tzinfo=UTC)  # 23:30 GMT on the 25th
    assert weeks.local_date(before, LONDON) == D(2026, 10, 25)
    assert weeks.local_date(after, LONDON) == D(2026, 10, 25)
    start, end = weeks.day_bounds(D(2026, 10, 25), LONDON)
    assert end - start == datetime.timedelta(hours=25)


def test_new_york_dst_days_keep_the_week_at_seven_days():
    # 8 March 2026 (spring forward) and 1 November 2026 (fall back) are Sundays.
    for day in (D(2026, 3, 8), D(2026, 11, 1)):
        start = weeks.week_start(day, weeks.SUNDAY)
        assert start == day
        assert weeks.week_end(start) - start == datetime.timedelta(days=6)
    late = datetime.datetime(2026, 3, 8, 23, 30, tzinfo=NEW_YORK)  # EDT already
    assert weeks.local_date(late.astimezone(UTC), NEW_YORK) == D(2026, 3, 8)
    assert weeks.day_bounds(D(2026, 3, 8), NEW_YORK)[1] - weeks.day_bounds(D(2026, 3, 8), NEW_YORK)[0] == (
        datetime.timedelta(hours=23)
    )


# ---- ISO years and year boundaries ----------------------------------------------------


@pytest.mark.parametrize(("year", "weeks_in_year"), [(2020, 53), (2021, 52), (2025, 52), (2026, 53), (2027, 52)])
def test_iso_years_have_52_or_53_weeks(year, weeks_in_year):
    assert weeks.iso_weeks_in_year(year) == weeks_in_year


def test_the_last_week_of_2026_spans_into_2027():
    week = weeks.Week.containing(D(2026, 12, 31), weeks.MONDAY)
    assert week.start == D(2026, 12, 28)
    assert week.end == D(2027, 1, 3)
    assert weeks.week_start(D(2027, 1, 3), weeks.MONDAY) == D(2026, 12, 28)
    assert D(2026, 12, 28).isocalendar()[:2] == (2026, 53)


def test_sunday_weeks_cross_the_year_end_too():
    week = weeks.Week.containing(D(2027, 1, 1), weeks.SUNDAY)
    assert (week.start, week.end) == (D(2026, 12, 27), D(2027, 1, 2))


def test_weeks_touching_a_year_include_the_spill_over_weeks():
    touching = weeks.weeks_touching_year(2026, weeks.MONDAY)
    assert touching[0].start == D(2025, 12, 29)
    assert touching[-1].start == D(2026, 12, 28)
    assert len(touching) == 53


def test_year_days_count_leap_years():
    assert len(weeks.year_days(2024)) == 366
    assert len(weeks.year_days(2026)) == 365
    assert weeks.year_days(2028)[59] == D(2028, 2, 29)


# ---- Months ---------------------------------------------------------------------------


def test_month_range_knows_february_in_leap_years():
    assert weeks.month_range(2026, 2) == (D(2026, 2, 1), D(2026, 2, 28))
    assert weeks.month_range(2028, 2) == (D(2028, 2, 1), D(2028, 2, 29))
    assert weeks.month_range(2026, 12) == (D(2026, 12, 1), D(2026, 12, 31))


@pytest.mark.parametrize(
    ("start", "delta", "expected"),
    [((2026, 3), -6, (2025, 9)), ((2026, 1), -1, (2025, 12)), ((2026, 12), 1, (2027, 1)), ((2026, 8), -12, (2025, 8))],
)
def test_shift_month_crosses_year_ends(start, delta, expected):
    assert weeks.shift_month(*start, delta) == expected


def test_six_months_back_from_the_end_of_august_is_the_first_of_february():
    assert weeks.month_first_days_back(D(2026, 8, 31), 6) == D(2026, 2, 1)


# ---- Parsing the day in a URL -----------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-02-30", "0000-01-01", "99999-01-01", "2026-3-2", "20260302", "yesterday", ""])
def test_parse_day_refuses_invalid_and_absurd_dates(value):
    assert weeks.parse_day(value) is None


def test_parse_day_refuses_days_outside_the_supported_range():
    assert weeks.parse_day("1899-12-31") is None
    assert weeks.parse_day("3000-01-01") is None
    assert weeks.parse_day("0001-01-01") is None


def test_parse_day_reads_a_real_date():
    assert weeks.parse_day("2028-02-29") == D(2028, 2, 29)
