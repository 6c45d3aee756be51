"""Each person's wins day by day, and the weekly reflections written about them."""

import datetime
import heapq
import random
import uuid
import zoneinfo
from collections.abc import Iterator
from itertools import accumulate

from django.db import connection
from django.db.models import F

from journal.models import Category, Reflection, Win
from journal.weeks import ONE_DAY, week_end, week_start

from .people import Clock, Person
from .progress import ProgressBar
from .sinks import copy_text, sink
from .words import (
    HELPED,
    HONORED,
    MOOD_WEIGHTS_EASY_DAY,
    MOOD_WEIGHTS_HARD_DAY,
    NO_MOOD_SHARE,
    SUFFIXES,
    TEXTS,
    TRY_NEXT,
)

WIN_COLUMNS = [
    "owner_id",
    "code",
    "text",
    "category",
    "mood",
    "hard_day",
    "occurred_on",
    "shared_with_allies",
    "created_at",
    "updated_at",
]
REFLECTION_COLUMNS = [
    "owner_id",
    "week_start",
    "five_wins",
    "honored_myself",
    "what_helped",
    "try_next_week",
    "proud",
    "created_at",
    "updated_at",
]
CREATED_AT = WIN_COLUMNS.index("created_at")


def write_journals(people: list[Person], clock: Clock, *, seed: int, progress: ProgressBar | None) -> tuple[int, int]:
    """Every person's wins and reflections; returns how many of each."""
    wins = sink(Win, WIN_COLUMNS)
    reflections = sink(Reflection, REFLECTION_COLUMNS)
    # Everyone's wins in the order they were written, as in a real database,
    # where one person's wins are scattered over the whole table. (Writing
    # one journal at a time would pack each into a few pages and flatter
    # every page that reads one.) Each journal comes out oldest first, so
    # merging them needs one row per person in memory, not all of them.
    journals = [journal_rows(p, clock, seed=seed, reflections=reflections) for p in people]
    count = 0
    # ISO 8601 in UTC, all alike, so the text sorts as the time.
    for count, row in enumerate(heapq.merge(*journals, key=lambda row: row[CREATED_AT]), 1):
        wins.add(row)
        if progress and not count % 10_000:
            progress.update(count)
    wins.flush()
    reflections.flush()
    if connection.vendor != "postgresql":
        # bulk_create's auto_now stamped everything with this moment.
        owners = [p.pk for p in people]
        for model in (Win, Reflection):
            model._base_manager.filter(owner_id__in=owners).update(updated_at=F("created_at"))
    if progress:
        progress.finish(count)
    return wins.rows, reflections.rows


def journal_rows(p: Person, clock: Clock, *, seed: int, reflections) -> Iterator[tuple[str, ...]]:
    """One person's wins as COPY text values, oldest first; reflections go straight to their sink."""
    rng = random.Random(f"journal:{seed}:{p.index}")  # noqa: S311
    tz = zoneinfo.ZoneInfo(p.timezone)
    today = clock.today_in(p.timezone)
    local_now = clock.now.astimezone(tz)
    owner = str(p.pk)
    categories = list(Category)
    cum_categories = list(accumulate(p.category_weights))
    counts = range(1, len(p.wins_per_day) + 1)
    cum_counts = list(accumulate(p.wins_per_day))
    week_texts: list[str] = []
    week = week_start(p.start, p.week_starts_on)
    gap_left = 0
    day = p.start
    while day <= today:
        this_week = week_start(day, p.week_starts_on)
        if this_week != week:
            maybe_reflect(rng, p, clock, owner, week, week_texts, reflections)
            week, week_texts = this_week, []
        is_today = day == today
        # The named people always have something today, so their pages are never empty.
        always = is_today and p.index < 2
        if gap_left and not always:
            gap_left -= 1
        elif rng.random() < p.gap_rate and not always:
            gap_left = max(1, round(rng.expovariate(1 / p.gap_mean_days)))
        elif always or rng.random() < p.active_share:
            hard = rng.random() < p.hard_day_share
            n = rng.choices(counts, cum_weights=cum_counts)[0]
            # Minutes after midnight, between 7:00 and 23:30; today only up to now.
            earliest, latest = 7 * 60, 23 * 60 + 30
            if is_today and clock.until is None:
                latest = min(latest, local_now.hour * 60 + local_now.minute)
                earliest = min(earliest, max(0, latest - 60))
                latest = max(latest, earliest + 1)
            seconds = sorted(rng.randrange(earliest * 60, latest * 60) for _ in range(n))
            mood_weights = MOOD_WEIGHTS_HARD_DAY if hard else MOOD_WEIGHTS_EASY_DAY
            iso_day = day.isoformat()
            for i, second in enumerate(seconds):
                category = rng.choices(categories, cum_weights=cum_categories)[0]
                text = rng.choice(TEXTS.get(category) or TEXTS[Category.OTHER]) + rng.choice(SUFFIXES)
                mood = r"\N" if rng.random() < NO_MOOD_SHARE else str(rng.choices((1, 2, 3, 4, 5), mood_weights)[0])
                local = datetime.datetime(
                    day.year, day.month, day.day, second // 3600, second // 60 % 60, second % 60, tzinfo=tz
                )
                created = local.astimezone(datetime.UTC).isoformat()
                week_texts.append(text)
                yield (
                    owner,
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    copy_text(text),
                    category.value,
                    mood,
                    "t" if hard and (i == 0 or rng.random() < 0.5) else "f",
                    iso_day,
                    "t" if rng.random() < p.share_share else "f",
                    created,
                    created,
                )
        day += ONE_DAY


def maybe_reflect(rng, p: Person, clock: Clock, owner: str, week, week_texts: list[str], reflections) -> None:
    """Some weeks end with a reflection, written on the last evening, drawing on that week's wins."""
    if not week_texts or rng.random() >= p.reflection_share:
        return
    written = datetime.datetime.combine(week_end(week), datetime.time(20, 30), tzinfo=zoneinfo.ZoneInfo(p.timezone))
    if written > clock.now:
        return
    picked = rng.sample(week_texts, min(5, len(week_texts)))
    created = written.astimezone(datetime.UTC).isoformat()
    reflections.add(
        (
            owner,
            week.isoformat(),
            copy_text("\n".join(picked)),
            rng.choice(HONORED),
            rng.choice(HELPED),
            rng.choice(TRY_NEXT),
            "t" if rng.random() < 0.7 else "f",
            created,
            created,
        )
    )
