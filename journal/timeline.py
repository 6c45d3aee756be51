"""The timeline: a week of evidence, the weekly reflection, looking back, the year and the report.

Every page here shows only the logged-in owner's wins (each query starts from
`Win.objects.owned_by(request.user)`), and each runs a fixed, small number of
queries however long the journal is: counts are made in the database with
GROUP BY, never by loading every win.
"""

import datetime
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import User
from allies.models import AllyNote

from . import charts, weeks
from .evidence import critic_ally_notes, critic_evidence, read_critic
from .forms_timeline import CriticForm, KeptDraftForm, ReflectionForm, ReportRangeForm, writer_token
from .models import Category, KeptDraft, Reflection, Win

# The session of a browser that sent a reflection after its session ended holds only
# this random name for its kept drafts (the drafts are KeptDraft rows).
DRAFT_HOLDER_KEY = "journal.draft_holder"
COMPARE_WEEKS = 4


def _day_or_404(value: str) -> datetime.date:
    day = weeks.parse_day(value)
    if day is None:
        raise Http404("No such day")
    return day


def _week_url(start: datetime.date) -> str:
    return reverse("week_of", args=[start.isoformat()])


def category_label(value: str) -> str:
    """A category's words, even for a value from an older import that is no longer a choice."""
    try:
        return Category(value).label
    except ValueError:
        return value.replace("-", " ").capitalize()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# ---- The week page ------------------------------------------------------------


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


def category_growth(this_week: Counter, before: dict[str, int], weeks_before: int = COMPARE_WEEKS) -> Growth | None:
    """The category with the largest rise over its weekly average in the weeks before, if any rose."""
    best = None
    # Alphabetical order, so that a tie goes to the category listed first.
    for category, count in sorted(this_week.items(), key=lambda item: category_label(item[0])):
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


def _restore_kept_draft(request: HttpRequest, week: weeks.Week) -> tuple[bool, KeptDraft | None]:
    """A reflection that arrived after the session had expired, now that its writer is back in this browser.

    Saved into the week's reflection when that loses nothing: (True, None).
    Otherwise it is kept and offered beside the saved one: (False, draft).
    """
    holder = request.session.get(DRAFT_HOLDER_KEY)
    if not holder:
        return False, None
    held = list(KeptDraft.held_by(holder))
    # Words someone else kept in this browser before this person logged in: never theirs to see.
    others = [draft.pk for draft in held if draft.owner_id != request.user.pk]
    if others:
        KeptDraft.objects.filter(pk__in=others).delete()
    mine = [draft for draft in held if draft.owner_id == request.user.pk]
    if not mine:
        del request.session[DRAFT_HOLDER_KEY]
        return False, None
    draft = next((draft for draft in mine if draft.week_start == week.start), None)
    if draft is None:
        return False, None  # kept for their own weeks' pages
    if not draft.restore():
        return False, draft
    messages.success(request, "Welcome back. We saved the reflection you were writing.")
    if len(mine) == 1:
        del request.session[DRAFT_HOLDER_KEY]
    return True, None


def _kept_draft_offer(draft: KeptDraft, week: weeks.Week) -> dict:
    """What the week page shows of a kept draft beside the saved reflection: each answer with its prompt."""
    fields = ReflectionForm.base_fields
    answers = draft.clean_answers
    return {
        "rows": [(fields[name].label, answers[name]) for name in fields if name in answers and name != "proud"],
        "proud": answers["proud"],
        "form": KeptDraftForm(),
        "action": reverse("week_draft", args=[week.start.isoformat()]),
    }


def _week_page_context(
    owner,
    week: weeks.Week,
    today: datetime.date,
    reflection_form: ReflectionForm | None = None,
    kept_draft: KeptDraft | None = None,
) -> dict:
    """Everything journal/week.html draws: the week's wins, summary, charts, reflection and notes."""
    current = weeks.Week.containing(today, owner.week_starts_on)
    owned = Win.objects.owned_by(owner)
    wins = list(owned.filter(occurred_on__range=(week.start, week.end)).order_by("occurred_on", "created_at"))
    before_start, before_end = weeks.weeks_before(week.start, COMPARE_WEEKS)
    before = dict(
        owned.filter(occurred_on__range=(before_start, before_end))
        .values_list("category")
        .annotate(count=Count("id"))
        .order_by()
    )
    reflection = Reflection.objects.filter(owner=owner, week_start=week.start).first()
    if reflection_form is None:
        reflection_form = ReflectionForm(instance=reflection, user=owner, week_start=week.start)

    by_day = defaultdict(list)
    for win in wins:
        by_day[win.occurred_on].append(win)
    days = [
        # "iso" spares the template four date filters per day (bench/RESULTS.md).
        {"date": day, "iso": day.isoformat(), "wins": by_day[day], "is_today": day == today, "is_future": day > today}
        for day in week.days
    ]
    moods = []
    for day in week.days:
        noted = [win.mood for win in by_day[day] if win.mood]
        moods.append((day, sum(noted) / len(noted) if noted else None))
    per_category = Counter(win.category for win in wins)
    return {
        "week": week,
        "today": today,
        "is_current": week == current,
        "is_future": week.start > current.start,
        "previous_url": _week_url(week.previous.start) if week.previous.start >= weeks.FIRST_DAY else None,
        "next_url": _week_url(week.next.start) if week.start < current.start else None,
        "days": days,
        # The week's photos as a strip, from the wins already loaded: no extra query.
        "photos": [win for win in wins if win.has_photo],
        "win_count": len(wins),
        "days_showed_up": sum(1 for day in days if day["wins"]),
        "hard_days": len({win.occurred_on for win in wins if win.hard_day}),
        "growth": category_growth(per_category, before),
        "mood_chart": charts.mood_line(moods, chart_id="mood-chart"),
        "category_chart": charts.category_bars(
            [(category_label(category), count, category) for category, count in per_category.items()],
            chart_id="category-chart",
        ),
        "reflection": reflection,
        "reflection_form": reflection_form,
        "saved_at": reflection.updated_at if reflection else None,
        "reflection_url": _week_url(week.start),
        "kept_draft": _kept_draft_offer(kept_draft, week) if kept_draft is not None else None,
        # The notes allies left about this week (allies app), in one query.
        "ally_notes": AllyNote.objects.for_week_page(owner, week.start),
    }


def _render_week(request: HttpRequest, week: weeks.Week, reflection_form: ReflectionForm | None = None) -> HttpResponse:
    owner = request.user
    _restored, kept_draft = _restore_kept_draft(request, week)
    context = _week_page_context(owner, week, owner.local_today(), reflection_form, kept_draft)
    return render(request, "journal/week.html", context)


def _save_reflection(request: HttpRequest, asked: datetime.date) -> HttpResponse:
    """A reflection posted from the week page: saved as typed (HTMX) or with the button (PRG)."""
    if not request.user.is_authenticated:
        return _keep_draft_and_log_in(request, asked)
    owner = request.user
    week = weeks.Week.containing(asked, owner.week_starts_on)
    form = ReflectionForm(request.POST, user=owner)
    if form.is_valid():
        reflection = form.save_for(owner, week.start)
        if request.htmx:
            ctx = {"saved_at": reflection.updated_at}
            response = render(request, "journal/week.html#reflection-status", ctx)
            # The page's note of the version the writer started from moves on with each save, so a
            # draft kept if the session ends next is restored over these words, not offered beside them.
            token = writer_token(owner, week.start, reflection)
            response.content += render_to_string("journal/_writer_token.html", {"writer": token}).encode()
            return response
        messages.success(request, "Your reflection is saved.")
        return redirect(_week_url(week.start) + "#reflection")
    if request.htmx:
        ctx = {"status_error": "Not saved yet: " + " ".join(e for errors in form.errors.values() for e in errors)}
        return render(request, "journal/week.html#reflection-status", ctx, status=422)
    return _render_week(request, week, reflection_form=form)


def _keep_draft_and_log_in(request: HttpRequest, day: datetime.date) -> HttpResponse:
    """The session ended while someone was writing: keep their words for them, then ask them to log in.

    Only a post carrying the writer's signed token for this week is kept, as a
    KeptDraft row for that writer; this browser's session gets only the random
    name that finds it again. Anything else is not kept.
    """
    form = ReflectionForm(request.POST)
    writer = form.cleaned_data["writer"] if form.is_valid() else None
    # The account may have gone since the page was drawn (deleted in another tab).
    if writer is not None and day in weeks.Week(writer.week_start) and User.objects.filter(pk=writer.user_id).exists():
        holder = request.session.get(DRAFT_HOLDER_KEY)
        if not holder:
            holder = request.session[DRAFT_HOLDER_KEY] = secrets.token_urlsafe(24)
            # Said once per browser, however many times an autosave arrives.
            messages.info(request, "You were logged out, so we kept your reflection safe. Log in and we'll save it.")
        KeptDraft.keep(
            owner_id=writer.user_id,
            week_start=writer.week_start,
            holder=holder,
            based_on=writer.based_on,
            answers=form.answers(),
        )
    login_url = f"{reverse('account_login')}?{urlencode({'next': _week_url(day)})}"
    if request.htmx:
        return HttpResponseClientRedirect(login_url)
    return redirect(login_url)


# The week page answers GET with the week and POST with the weekly reflection
# form, which posts to the page it sits on. A POST is accepted logged out too,
# so that words typed while the session expired are kept (see above).


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def week(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        today = request.user.local_today() if request.user.is_authenticated else timezone.now().date()
        return _save_reflection(request, today)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    owner = request.user
    return _render_week(request, weeks.Week.containing(owner.local_today(), owner.week_starts_on))


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def week_of(request: HttpRequest, day: str) -> HttpResponse:
    asked = _day_or_404(day)
    if request.method == "POST":
        return _save_reflection(request, asked)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    week = weeks.Week.containing(asked, request.user.week_starts_on)
    if week.start < weeks.FIRST_DAY:
        raise Http404("No such week")
    if day != week.start.isoformat():
        return redirect(_week_url(week.start))
    return _render_week(request, week)


@require_POST
@vary_on_headers("HX-Request")
def week_reflection(request: HttpRequest, day: str) -> HttpResponse:
    """The same reflection save at its own address, /week/YYYY-MM-DD/reflection/."""
    return _save_reflection(request, _day_or_404(day))


@login_required
@require_POST
def week_draft(request: HttpRequest, day: str) -> HttpResponse:
    """/week/YYYY-MM-DD/draft/: use a kept draft instead of the saved reflection, or let it go."""
    week = weeks.Week.containing(_day_or_404(day), request.user.week_starts_on)
    holder = request.session.get(DRAFT_HOLDER_KEY) or ""
    draft = KeptDraft.held_by(holder).filter(owner=request.user, week_start=week.start).first()
    form = KeptDraftForm(request.POST)
    if draft is None or not form.is_valid():
        messages.info(request, "That draft has already been saved or let go.")
    elif form.cleaned_data["choice"] == KeptDraftForm.USE:
        draft.use()
        messages.success(request, "Done. Your reflection now holds the words you wrote while logged out.")
    else:
        draft.delete()
        messages.success(request, "Let go. Your saved reflection stays as it is.")
    if holder and not KeptDraft.held_by(holder).filter(owner=request.user).exists():
        del request.session[DRAFT_HOLDER_KEY]
    return redirect(_week_url(week.start) + "#reflection")


# ---- Looking back ---------------------------------------------------------------


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


def _look_back_months(owner, today: datetime.date) -> list[MonthLook]:
    periods = [(0, "This month you are…"), (6, "Six months ago you were…"), (12, "A year ago you were…")]
    ranges = {}
    for months, heading in periods:
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
        started = has_wins or joined <= last or months == 0
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
                started=started,
            )
        )
    return looks


@login_required
def look_back(request: HttpRequest) -> HttpResponse:
    owner = request.user
    today = owner.local_today()
    months = _look_back_months(owner, today)
    rows = [
        (label, [look.categories.get(value, 0) for look in months])
        for value, label in Category.choices
        if any(look.categories.get(value) for look in months)
    ]

    critic_form = CriticForm(request.GET if "critic" in request.GET else None)
    critic = evidence = None
    evidence_total = 0
    ally_notes = []
    if critic_form.is_bound and critic_form.is_valid():
        critic = read_critic(critic_form.cleaned_data["critic"])
        evidence, evidence_total = critic_evidence(owner, critic)
        ally_notes = critic_ally_notes(owner, critic)

    ctx = {
        "months": months,
        "category_rows": rows,
        "critic_form": critic_form,
        "critic": critic,
        "evidence": evidence,
        "evidence_total": evidence_total,
        "evidence_ally_notes": ally_notes,
    }
    return render(request, "journal/look_back.html", ctx)


# ---- The year -------------------------------------------------------------------

LEVELS = [
    (0, "No shade", "no wins that day"),
    (1, "Lightest", "1 win"),
    (2, "Light", "2 wins"),
    (3, "Deep", "3 or 4 wins"),
    (4, "Deepest", "5 or more wins"),
]


def shade_level(count: int) -> int:
    """0 to 4; never a warning colour, and no colour at all for a day without wins."""
    if count <= 2:
        return max(count, 0)
    return 3 if count <= 4 else 4


def day_name(count: int, day: datetime.date) -> str:
    """What a screen reader hears for one square: "3 wins on 4 March"."""
    # The words date_format(day, "j F") gives, without parsing a format for each of 365 squares.
    when = f"{day.day} {MONTHS[day.month]}"
    return f"No wins on {when}" if count == 0 else f"{_plural(count, 'win')} on {when}"


@login_required
def year_current(request: HttpRequest) -> HttpResponse:
    return redirect("year", year=request.user.local_today().year)


@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    if not weeks.is_supported_year(year):
        raise Http404("No such year")
    owner = request.user
    return render(request, "journal/year.html", _year_context(owner, year, owner.local_today()))


def _year_context(owner, year: int, today: datetime.date) -> dict:
    first, last = weeks.year_range(year)
    counts = dict(
        Win.objects.owned_by(owner)
        .filter(occurred_on__range=(first, last))
        .values_list("occurred_on")
        # COUNT(*), not COUNT(id): the day index answers it alone (an index-only
        # scan), with no visit to a table page per win (bench/EXPLAIN.md).
        .annotate(count=Count("*"))
        .order_by()
    )

    weekday_letters = "MTWTFSS"
    order = weeks.weekday_order(owner.week_starts_on)
    week_urls = {}  # one reverse() per week rather than per square: 53 instead of 365
    months = []
    for month in range(1, 13):
        month_first, month_last = weeks.month_range(year, month)
        days = []
        day = month_first
        while day <= month_last:
            count = counts.get(day, 0)
            start = weeks.week_start(day, owner.week_starts_on)
            if start not in week_urls:
                week_urls[start] = _week_url(start)
            days.append(
                {
                    "date": day,
                    "iso": day.isoformat(),
                    "count": count,
                    "level": shade_level(count),
                    "name": day_name(count, day),
                    "url": week_urls[start],
                    "is_today": day == today,
                    "is_future": day > today,
                }
            )
            day += weeks.ONE_DAY
        months.append(
            {
                "first": month_first,
                "blanks": range((month_first.weekday() - owner.week_starts_on) % 7),
                "days": days,
                "wins": sum(d["count"] for d in days),
            }
        )

    ctx = {
        "year": year,
        "months": months,
        "weekday_letters": [weekday_letters[index] for index in order],
        "total_wins": sum(counts.values()),
        "days_with_wins": len(counts),
        "levels": LEVELS,
        "previous_year": year - 1 if weeks.is_supported_year(year - 1) else None,
        "next_year": year + 1 if year < today.year else None,
        "this_year": today.year,
    }
    return ctx


# ---- The printable report -------------------------------------------------------


def report_ally_notes(owner, first: datetime.date, last: datetime.date) -> list:
    """Ally notes about the weeks in the range, except those the owner hid (one query)."""
    return AllyNote.objects.for_report(owner, first, last)


# A report lists up to this many wins one by one. Past it (a year of many wins a
# day), each week is summed up in words instead, and the page says so: the page
# stays small enough to print and quick to draw.
REPORT_MAX_WINS = 1_000


def _week_summary(wins: int, days: int, hard_days: int) -> str:
    words = f"{_plural(wins, 'win')} on {_plural(days, 'day')}"
    if hard_days:
        words += f", {_plural(hard_days, 'hard day')} you kept going through"
    return words + "."


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
    wins = [] if summarised else listed
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
    report_weeks = []
    week = first_week
    while week.start <= last:
        by_day = wins_by_week.get(week.start, {})
        counted = days_by_week.get(week.start, [])
        reflection = reflections.get(week.start)
        if counted or reflection:
            week_wins = sum(count for count, _hard in counted)
            report_weeks.append(
                {
                    "week": week,
                    "days": sorted(by_day.items()),
                    "reflection": reflection,
                    "wins": week_wins,
                    "summary": _week_summary(week_wins, len(counted), sum(1 for _count, hard in counted if hard)),
                }
            )
        if week.next == week:
            break
        week = week.next

    ctx = {
        "form": form,
        "first": first,
        "last": last,
        "weeks": report_weeks,
        "win_count": win_count,
        "summarised": summarised,
        "report_max_wins": REPORT_MAX_WINS,
        "days_showed_up": len(per_day),
        "hard_days": sum(1 for _day, _count, hard in per_day if hard),
        "category_rows": [(category_label(value), count) for value, count in per_category.most_common()],
        "ally_notes": report_ally_notes(owner, first, last),
        "generated_on": today,
    }
    return render(request, "journal/report.html", ctx)
