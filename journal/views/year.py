"""The year in pixels (/year/, /year/YYYY/): a square for each day, shaded by its wins or, with ?by=mood, its mood.

Twelve rows of 31 squares, so a phone shows the whole year on one screen; each
square links to its week, and the same year is a table of weeks below it.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import weeks
from ..models import Mood
from ..summaries import DAYS_IN_A_ROW, LEVELS, day_tallies, year_grid, year_weeks
from ._weeks import week_url

# The day numbers above the columns that are written out; the others are there for screen readers.
DAY_NUMBERS_SHOWN = {1, 5, 10, 15, 20, 25, 30}


@login_required
def year_current(request: HttpRequest) -> HttpResponse:
    by_mood = request.GET.get("by") == "mood"
    return redirect(reverse("year", args=[request.user.local_today().year]) + ("?by=mood" if by_mood else ""))


@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    if not weeks.is_supported_year(year):
        raise Http404("No such year")
    owner = request.user
    today = owner.local_today()
    by_mood = request.GET.get("by") == "mood"
    tallies = day_tallies(owner, *weeks.year_range(year), moods=by_mood)
    months, rows = year_grid(owner, year, today, tallies), year_weeks(owner, year, today, tallies)
    # Each week's address worked out once, not once for each of its seven squares.
    url_of = functools.cache(week_url)
    for month in months:
        for cell in filter(None, month["cells"]):
            cell["week_url"] = url_of(cell["week_start"])
    for row in rows:
        row["week_url"] = url_of(row["start"])
    ctx = {
        "year": year,
        "by_mood": by_mood,
        "shade_query": "?by=mood" if by_mood else "",
        "months": months,
        "weeks": rows,
        "day_numbers": [(number, number in DAY_NUMBERS_SHOWN) for number in range(1, DAYS_IN_A_ROW + 1)],
        "total_wins": sum(tally.count for tally in tallies.values()),
        "days_with_wins": len(tallies),
        "levels": LEVELS,
        "moods": Mood.choices,
        "previous_year": year - 1 if weeks.is_supported_year(year - 1) else None,
        "next_year": year + 1 if year < today.year else None,
        "this_year": today.year,
    }
    return render(request, "journal/year.html", ctx)
