"""The year at a glance (/year/, /year/YYYY/): a square for each day, shaded by how many wins it holds."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import weeks
from ..summaries import LEVELS, wins_per_day, year_grid

WEEKDAY_LETTERS = "MTWTFSS"


@login_required
def year_current(request: HttpRequest) -> HttpResponse:
    return redirect("year", year=request.user.local_today().year)


@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    if not weeks.is_supported_year(year):
        raise Http404("No such year")
    owner = request.user
    today = owner.local_today()
    counts = wins_per_day(owner, *weeks.year_range(year))
    ctx = {
        "year": year,
        "months": year_grid(owner, year, today, counts),
        "weekday_letters": [WEEKDAY_LETTERS[index] for index in weeks.weekday_order(owner.week_starts_on)],
        "total_wins": sum(counts.values()),
        "days_with_wins": len(counts),
        "levels": LEVELS,
        "previous_year": year - 1 if weeks.is_supported_year(year - 1) else None,
        "next_year": year + 1 if year < today.year else None,
        "this_year": today.year,
    }
    return render(request, "journal/year.html", ctx)
