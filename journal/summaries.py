"""What the timeline pages say about a stretch of wins: plain functions over the owner's journal.

Each counts in the database with GROUP BY (a fixed number of queries, however
long the journal is) and starts from `Win.objects.owned_by(owner)`.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone
from django.utils.dateformat import format as date_format

from . import weeks
from .models import Category, Mood, Win
from .words import plural

COMPARE_WEEKS = 4


def category_label(value: str) -> str:
    """A category's words, even for a value from an older import that is no longer a choice."""
    try:
        return Category(value).label
    except ValueError:
        return value.replace("-", " ").capitalize()


# ---- A week against the weeks before -------------------------------------------


@dataclass
class Growth:
    label: str
    this_week: int
    per_week_before: float

    @property
    def before_words(self) -> str:
        if self.per_week_before == 0:
            return "none in the four weeks before"
        if self.per_week_before < 1:
            return "fewer than one a week in the four weeks before"
        rounded = round(self.per_week_before)
        prefix = "" if rounded == self.per_week_before else "about "
        return f"{prefix}{rounded} a week in the four weeks before"


def by_count(counts: Counter) -> list[tuple[str, int]]:
    """Categories with their counts, most first, and "Other" always last: it never headlines a summary."""
    return sorted(counts.most_common(), key=lambda item: item[0] == Category.OTHER)


def category_growth(this_week: Counter, before: dict[str, int], weeks_before: int = COMPARE_WEEKS) -> Growth | None:
    """The category with the largest rise over its weekly average in the weeks before, if any rose.

    "Other" is never the one: a heap of wins no category fitted says nothing about what grew.
    """
    best = None
    # Alphabetical order, so that a tie goes to the category listed first.
    for category, count in sorted(this_week.items(), key=lambda item: category_label(item[0])):
        if category == Category.OTHER:
            continue
        average = before.get(category, 0) / weeks_before
        rise = count - average
        if rise <= 0:
            continue
        key = (rise, count)
        if best is None or key > best[0]:
            best = (key, category, count, average)
    if best is None:
        return None
    _key, category, count, average = best
    return Growth(label=category_label(category), this_week=count, per_week_before=average)


def categories_before(owner, start: datetime.date) -> dict[str, int]:
    """Wins per category in the COMPARE_WEEKS weeks before the week starting on `start` (one query)."""
    first, last = weeks.weeks_before(start, COMPARE_WEEKS)
    counted = Win.objects.owned_by(owner).filter(occurred_on__range=(first, last)).values_list("category")
    return dict(counted.annotate(count=Count("id")).order_by())


def week_in_words(wins: int, days: int, hard_days: int) -> str:
    words = f"{plural(wins, 'win')} on {plural(days, 'day')}"
    if hard_days:
        words += f", {plural(hard_days, 'hard day')} you kept going through"
    return words + "."


# ---- Looking back: this month, six months and a year ago -----------------------


@dataclass
class MonthLook:
    heading: str
    first: datetime.date
    last: datetime.date
    categories: Counter
    days: int
    samples: list
    started: bool

    @property
    def label(self) -> str:
        return date_format(self.first, "F Y")

    @property
    def wins(self) -> int:
        return sum(self.categories.values())


LOOK_BACK_PERIODS = [(0, "This month you are…"), (6, "Six months ago you were…"), (12, "A year ago you were…")]


def look_back_months(owner, today: datetime.date) -> list[MonthLook]:
    ranges = {}
    for months, heading in LOOK_BACK_PERIODS:
        year, month = weeks.shift_month(today.year, today.month, -months)
        ranges[months] = (heading, *weeks.month_range(year, month))
    in_any = Q()
    for _heading, first, last in ranges.values():
        in_any |= Q(occurred_on__range=(first, last))
    owned = Win.objects.owned_by(owner).filter(in_any)

    # One GROUP BY gives both the counts per category and the days shown up.
    categories = defaultdict(Counter)
    days = defaultdict(set)
    for day, category, count in owned.values_list("occurred_on", "category").annotate(count=Count("id")).order_by():
        key = (day.year, day.month)
        categories[key][category] += count
        days[key].add(day)

    # A few wins from each month in the past, hard days first: one query with a window.
    past = Q()
    for months in (6, 12):
        _heading, first, last = ranges[months]
        past |= Q(occurred_on__range=(first, last))
    sampled = (
        Win.objects.owned_by(owner)
        .filter(past)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[TruncMonth("occurred_on")],
                order_by=[F("hard_day").desc(), F("occurred_on").asc(), F("created_at").asc()],
            )
        )
        .filter(rank__lte=3)
        .order_by("occurred_on", "created_at")
    )
    samples = defaultdict(list)
    for win in sampled:
        samples[(win.occurred_on.year, win.occurred_on.month)].append(win)

    joined = timezone.localtime(owner.date_joined, owner.tzinfo).date()
    looks = []
    for months, (heading, first, last) in ranges.items():
        key = (first.year, first.month)
        has_wins = bool(categories[key])
        if months == 12 and not (has_wins or joined <= last):
            continue  # the year-ago column appears once there is something to compare
        looks.append(
            MonthLook(
                heading=heading,
                first=first,
                last=last,
                categories=categories[key],
                days=len(days[key]),
                samples=samples[key],
                started=has_wins or joined <= last or months == 0,
            )
        )
    return looks


# ---- The year in pixels: a square for each day, shaded by its wins or its mood -

LEVELS = [
    (0, "No shade", "no wins that day"),
    (1, "Lightest", "1 win"),
    (2, "Light", "2 wins"),
    (3, "Deep", "3 or 4 wins"),
    (4, "Deepest", "5 or more wins"),
]
DAYS_IN_A_ROW = 31


def shade_level(count: int) -> int:
    """0 to 4; never a warning colour, and no colour at all for a day without wins."""
    if count <= 2:
        return max(count, 0)
    return 3 if count <= 4 else 4


def mood_level(average: float | None) -> int | None:
    """The mood (1 to 5) nearest an average, halves rounding up; None where no mood was noted."""
    if average is None:
        return None
    return min(Mood.VERY_GOOD, max(Mood.VERY_LOW, int(average + 0.5)))


def mood_words(level: int | None) -> str:
    return Mood(level).label if level else ""


@dataclass
class DayTally:
    count: int
    mood_total: int = 0
    moods: int = 0  # how many of the day's wins noted a mood

    @property
    def mood(self) -> float | None:
        return self.mood_total / self.moods if self.moods else None


def day_tallies(owner, first: datetime.date, last: datetime.date, *, moods: bool = False) -> dict:
    """{day: DayTally} for each day with any wins, in one grouped query; with the moods' sums if asked."""
    counted = Win.objects.owned_by(owner).filter(occurred_on__range=(first, last)).values_list("occurred_on")
    if not moods:
        # COUNT(*): the day index answers it alone, with no visit to the table per win.
        return {day: DayTally(count) for day, count in counted.annotate(count=Count("*")).order_by()}
    rows = counted.annotate(count=Count("*"), mood_total=Sum("mood"), moods=Count("mood")).order_by()
    return {day: DayTally(count, total or 0, noted) for day, count, total, noted in rows}


def year_grid(owner, year: int, today: datetime.date, tallies: dict) -> list[dict]:
    """Twelve rows of 31 cells, one row a month; a cell is a day (its wins, mood and week) or None past its end."""
    months = []
    for month in range(1, 13):
        first, last = weeks.month_range(year, month)
        cells = []
        for number in range(1, DAYS_IN_A_ROW + 1):
            if number > last.day:
                cells.append(None)
                continue
            day = first.replace(day=number)
            tally = tallies.get(day) or DayTally(0)
            mood = mood_level(tally.mood)
            cells.append(
                {
                    "date": day,
                    "count": tally.count,
                    "level": shade_level(tally.count),
                    "mood": mood,
                    "mood_words": mood_words(mood),
                    "week_start": weeks.week_start(day, owner.week_starts_on),
                    "is_today": day == today,
                    "is_future": day > today,
                }
            )
        months.append({"first": first, "cells": cells, "wins": sum(cell["count"] for cell in cells if cell)})
    return months


def year_weeks(owner, year: int, today: datetime.date, tallies: dict) -> list[dict]:
    """The year's weeks that have begun, each with its wins, days shown up and mood: the grid as a table."""
    rows = []
    for week in weeks.weeks_touching_year(year, owner.week_starts_on):
        if week.start > today:
            break
        # Only the year's own days are tallied: a week that spills into the next or last year counts its part here.
        days = [tallies[day] for day in week.days if day in tallies]
        noted = sum(tally.moods for tally in days)
        mood = mood_level(sum(tally.mood_total for tally in days) / noted if noted else None)
        rows.append(
            {
                "start": week.start,
                "wins": sum(tally.count for tally in days),
                "days": len(days),
                "mood": mood,
                "mood_words": mood_words(mood),
            }
        )
    return rows
