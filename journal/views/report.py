"""The printable report (/report/): a stretch of weeks for a therapist, in counts, wins and reflections."""

import datetime
from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from allies import api as allies_api

from .. import weeks
from ..forms_timeline import ReportRangeForm
from ..models import Reflection, Win
from ..summaries import by_count, category_label, week_in_words

# A report lists up to this many wins one by one. Past it (a year of many wins a
# day), each week is summed up in words instead, and the page says so: the page
# stays small enough to print and quick to draw.
REPORT_MAX_WINS = 1_000


def _report_weeks(owner, first: datetime.date, last: datetime.date, wins: list, per_day: list) -> list[dict]:
    """Each week in the range with a win or a reflection: its wins by day, its reflection, its figures."""
    first_week = weeks.Week.containing(first, owner.week_starts_on)
    reflections = {
        reflection.week_start: reflection
        for reflection in Reflection.objects.filter(owner=owner, week_start__range=(first_week.start, last))
    }
    wins_by_week = defaultdict(lambda: defaultdict(list))
    for win in wins:
        wins_by_week[weeks.week_start(win.occurred_on, owner.week_starts_on)][win.occurred_on].append(win)
    days_by_week = defaultdict(list)
    for day, count, hard in per_day:
        days_by_week[weeks.week_start(day, owner.week_starts_on)].append((count, hard))
    found = []
    week = first_week
    while week.start <= last:
        counted = days_by_week.get(week.start, [])
        reflection = reflections.get(week.start)
        if counted or reflection:
            week_wins = sum(count for count, _hard in counted)
            hard_days = sum(1 for _count, hard in counted if hard)
            found.append(
                {
                    "week": week,
                    "days": sorted(wins_by_week.get(week.start, {}).items()),
                    "reflection": reflection,
                    "wins": week_wins,
                    "summary": week_in_words(week_wins, len(counted), hard_days),
                }
            )
        if week.next == week:
            break
        week = week.next
    return found


@login_required
def report(request: HttpRequest) -> HttpResponse:
    owner = request.user
    today = owner.local_today()
    form = ReportRangeForm(request.GET, today=today, starts_on=owner.week_starts_on)
    first, last = form.date_range()
    if form.is_bound and form.errors:
        messages.info(request, "We couldn't use those dates, so here are the last four weeks.")
    elif form.notice:
        messages.info(request, form.notice)

    in_range = Win.objects.owned_by(owner).filter(occurred_on__range=(first, last))
    # The figures come from one GROUP BY (a row per day and category), however many wins there are.
    per_category: Counter = Counter()
    counted_days: dict[datetime.date, list[int]] = defaultdict(lambda: [0, 0])
    for day, category, count, hard in (
        in_range.values_list("occurred_on", "category")
        .annotate(count=Count("*"), hard=Count("pk", filter=Q(hard_day=True)))
        .order_by()
    ):
        per_category[category] += count
        counted_days[day][0] += count
        counted_days[day][1] += hard
    per_day = [(day, count, hard) for day, (count, hard) in counted_days.items()]
    win_count = sum(count for _day, count, _hard in per_day)
    summarised = win_count > REPORT_MAX_WINS
    listed = list(in_range.order_by("occurred_on", "created_at")[: REPORT_MAX_WINS + 1])

    ctx = {
        "form": form,
        "first": first,
        "last": last,
        "weeks": _report_weeks(owner, first, last, [] if summarised else listed, per_day),
        "win_count": win_count,
        "summarised": summarised,
        "report_max_wins": REPORT_MAX_WINS,
        "days_showed_up": len(per_day),
        "hard_days": sum(1 for _day, _count, hard in per_day if hard),
        "category_rows": [(category_label(value), count) for value, count in by_count(per_category)],
        "ally_notes": allies_api.notes_for_report(owner, first, last),
        "generated_on": today,
    }
    return render(request, "journal/report.html", ctx)
