"""A week's address, both ways: /week/YYYY-MM-DD/ from a date, and the date from the address (or 404)."""

import datetime

from django.http import Http404
from django.urls import reverse

from .. import weeks


def day_or_404(value: str) -> datetime.date:
    day = weeks.parse_day(value)
    if day is None:
        raise Http404("No such day")
    return day


def week_url(start: datetime.date) -> str:
    return reverse("week_of", args=[start.isoformat()])
