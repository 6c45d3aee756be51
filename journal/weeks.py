"""All calendar arithmetic for the journal, in one place.

Wins are stored with the owner's *local* date (``occurred_on``), so everything
here works on plain dates: a week is seven calendar days, whatever the clocks
do around daylight-saving changes. The only place a clock matters is turning
an aware moment into the owner's local date (``local_date``).
"""

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass

MONDAY = 0
SUNDAY = 6
# The one table of weekday names, in date.weekday() order (0 is Monday).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A set of weekdays kept as bits, in the same order: Monday is 1, Tuesday 2, … Sunday 64.
EVERY_DAY = 0b1111111
WEEKDAYS_ONLY = 0b0011111
WEEKENDS_ONLY = 0b1100000
ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(days=7)

# The range of days the pages accept. Anything outside it is "absurd": a URL
# answers 404 and a form or an import refuses it with a kind message. Rows
# written before that rule may still hold older days, so the sums below stop
# at date.min/max instead of overflowing.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


def shift_day(day: datetime.date, days: int) -> datetime.date:
    """`day` moved by `days`, stopping at the calendar's first or last day rather than overflowing."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.min if days < 0 else datetime.date.max


def weekday_name(day: datetime.date) -> str:
    """ "Monday" for any Monday."""
    return WEEKDAYS[day.weekday()]


def weekday_short(day: datetime.date) -> str:
    """ "Mon" for any Monday."""
    return WEEKDAYS[day.weekday()][:3]


def weekday_bit(day: datetime.date) -> int:
    return 1 << day.weekday()


def parse_day(value: str) -> datetime.date | None:
    """A strict YYYY-MM-DD date inside the supported range, or None."""
    if len(value) != 10:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        return None
    return day


def is_supported_year(year: int) -> bool:
    return FIRST_DAY.year <= year <= LAST_DAY.year


def local_date(moment: datetime.datetime, tz: datetime.tzinfo) -> datetime.date:
    """The calendar date an aware moment falls on for someone living in `tz`."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_date needs an aware datetime")
    return moment.astimezone(tz).date()


def day_bounds(day: datetime.date, tz: zoneinfo.ZoneInfo) -> tuple[datetime.datetime, datetime.datetime]:
    """When `day` starts and the next day starts in `tz`, as UTC moments.

    They are 23 or 25 hours apart on the days the clocks change. (Subtracting
    two datetimes that share a tzinfo ignores the change, hence the UTC.)
    """
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(shift_day(day, 1), datetime.time.min, tzinfo=tz)
    return _in_utc(start), _in_utc(end)


def _in_utc(moment: datetime.datetime) -> datetime.datetime:
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # within hours of date.min or date.max
        edge = datetime.datetime.min if moment.year == datetime.MINYEAR else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


def week_start(day: datetime.date, starts_on: int = MONDAY) -> datetime.date:
    """The first day of the week holding `day`; `starts_on` is 0 for Monday, 6 for Sunday."""
    if starts_on not in (MONDAY, SUNDAY):
        raise ValueError(f"weeks start on Monday (0) or Sunday (6), not {starts_on!r}")
    # At the calendar's very first days the week is cut short at date.min.
    return shift_day(day, -((day.weekday() - starts_on) % 7))


def week_days(start: datetime.date) -> list[datetime.date]:
    # Near date.max the last week is cut short: only the days the calendar has.
    return [start + datetime.timedelta(days=offset) for offset in range(min(7, (datetime.date.max - start).days + 1))]


def week_end(start: datetime.date) -> datetime.date:
    return shift_day(start, 6)


def is_week_start(day: datetime.date, starts_on: int = MONDAY) -> bool:
    return week_start(day, starts_on) == day


def weeks_before(start: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the `count` whole weeks just before the week starting on `start`.

    For a week at date.min there is nothing before it: the range is empty (first after last).
    """
    if start == datetime.date.min:
        return shift_day(start, 1), start
    return shift_day(start, -7 * count), start - ONE_DAY


def weekday_order(starts_on: int = MONDAY) -> list[int]:
    """date.weekday() numbers in the order the owner's week runs."""
    return [(starts_on + offset) % 7 for offset in range(7)]


@dataclass(frozen=True)
class Week:
    """One week as the owner sees it."""

    start: datetime.date

    @classmethod
    def containing(cls, day: datetime.date, starts_on: int = MONDAY) -> "Week":
        return cls(week_start(day, starts_on))

    @property
    def end(self) -> datetime.date:
        return week_end(self.start)

    @property
    def days(self) -> list[datetime.date]:
        return week_days(self.start)

    @property
    def previous(self) -> "Week":
        return Week(shift_day(self.start, -7))

    @property
    def next(self) -> "Week":
        return Week(shift_day(self.start, 7))

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


# ---- Months and years -------------------------------------------------------


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a month."""
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) `delta` months away; negative goes back. It stops at years 1 and 9999."""
    index = year * 12 + (month - 1) + delta
    index = min(max(index, datetime.MINYEAR * 12), datetime.MAXYEAR * 12 + 11)
    return index // 12, index % 12 + 1


def month_first_days_back(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` before the month holding `day`."""
    year, month = shift_month(day.year, day.month, -months)
    return datetime.date(year, month, 1)


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def iso_weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always lies in the last ISO week of its year."""
    return datetime.date(year, 12, 28).isocalendar().week


def year_days(year: int) -> list[datetime.date]:
    first, _ = year_range(year)
    return [first + datetime.timedelta(days=offset) for offset in range(days_in_year(year))]


def weeks_touching_year(year: int, starts_on: int = MONDAY) -> list[Week]:
    """Every week with at least one day in `year`; the first and last may spill into the years beside it."""
    first, last = year_range(year)
    week = Week.containing(first, starts_on)
    weeks = []
    while week.start <= last:
        weeks.append(week)
        if week.next == week:
            break  # the calendar's last week
        week = week.next
    return weeks
