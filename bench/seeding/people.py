"""Who the seeded journals belong to: three named people and --users more at @bulk.example."""

import datetime
import math
import random
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Q

from accounts.models import User
from journal.models import Category, Reflection, Win

from .words import CATEGORY_WEIGHTS

BULK_DOMAIN = "bulk.example"
HEAVY_EMAIL = "heavy@example.com"
NEW_EMAIL = "new@example.com"
ALLY_EMAIL = "ally@example.com"
NAMED_EMAILS = (HEAVY_EMAIL, NEW_EMAIL, ALLY_EMAIL)
PASSWORD = "small wins at scale"  # noqa: S105 (published: synthetic people only)
HEAVY_YEARS = 5

TIME_ZONES = [
    ("Europe/London", 20),
    ("America/New_York", 18),
    ("America/Chicago", 10),
    ("America/Los_Angeles", 12),
    ("Europe/Berlin", 10),
    ("Australia/Sydney", 6),
    ("Asia/Kolkata", 5),
    ("America/Sao_Paulo", 5),
    ("Asia/Tokyo", 4),
    ("UTC", 10),
]
FIRST_NAMES = [
    "Alex", "Sam", "Jo", "Priya", "Ana", "Kai", "Noor", "Mateo", "Ife", "Lena",
    "Tom", "Mei", "Ravi", "Zoe", "Omar", "Sofia", "Jamie", "Ada", "Luca", "Maya",
]  # fmt: skip


@dataclass(frozen=True)
class Clock:
    """The moment of the run, and the last day of history when --until fixes it."""

    now: datetime.datetime
    until: datetime.date | None = None

    def today_in(self, timezone: str) -> datetime.date:
        return self.until or self.now.astimezone(zoneinfo.ZoneInfo(timezone)).date()


@dataclass
class Person:
    """One journal to generate: who, since when, and how they tend to log."""

    index: int
    email: str
    display_name: str
    timezone: str
    week_starts_on: int
    start: datetime.date
    active_share: float  # chance of a win on a day outside a gap
    wins_per_day: list[int]  # relative weights for 1, 2, 3, ... wins on an active day
    gap_rate: float  # chance a gap (illness, a holiday, a low spell) starts on a given day
    gap_mean_days: float
    hard_day_share: float
    reflection_share: float
    share_share: float  # wins shared with allies
    category_weights: list[float] = field(default_factory=list)
    pk: int | None = None

    def expected_wins(self, today: datetime.date) -> int:
        """Roughly how many wins bench.seeding.wins will write: for choosing how to load them."""
        days = (today - self.start).days + 1
        in_gaps = self.gap_rate * self.gap_mean_days / (1 + self.gap_rate * self.gap_mean_days)
        per_day = sum(n * w for n, w in enumerate(self.wins_per_day, 1)) / sum(self.wins_per_day)
        return round(days * (1 - in_gaps) * self.active_share * per_day)


def plan_people(clock: Clock, *, users: int, years: float, seed: int, heavy_wins_per_day: float) -> list[Person]:
    """The heavy, the new and the ally person first, then the bulk people; the same seed gives the same plan."""
    rng = random.Random(f"people:{seed}")  # noqa: S311 (repeatable, not secret)
    zones, zone_weights = zip(*TIME_ZONES, strict=True)
    # A category added after this was written still turns up now and then.
    base = [CATEGORY_WEIGHTS.get(category, 2) for category in Category]

    def person(index, email, **overrides) -> Person:
        timezone = overrides.pop("timezone", None) or rng.choices(zones, zone_weights)[0]
        today = clock.today_in(timezone)
        span_days = int(overrides.pop("years", years) * 365.25)
        # Most people have the whole span; the rest joined somewhere in it.
        if overrides.pop("full_span", False) or rng.random() < 0.6:
            start = today - datetime.timedelta(days=span_days - 1)
        else:
            start = today - datetime.timedelta(days=rng.randrange(7, max(span_days, 8)))
        intensity = rng.uniform(0.2, 2.2)
        values = {
            "index": index,
            "email": email,
            "display_name": rng.choice(FIRST_NAMES),
            "timezone": timezone,
            "week_starts_on": 6 if rng.random() < 0.3 else 0,
            "start": start,
            "active_share": rng.uniform(0.45, 0.95),
            "wins_per_day": [round(100 * intensity**k / max(1, k * k)) + 1 for k in range(6)],
            "gap_rate": rng.uniform(0.004, 0.03),
            "gap_mean_days": rng.uniform(3, 15),
            "hard_day_share": rng.uniform(0.05, 0.25),
            "reflection_share": rng.choice([0, 0, 0.1, 0.3, 0.6, 0.9]),
            "share_share": rng.choice([0, 0.2, 0.5, 0.9]),
            # Everyone has favourite kinds of win.
            "category_weights": [w * rng.uniform(0.3, 2.5) for w in base],
        }
        return Person(**(values | overrides))

    heavy = person(
        0,
        HEAVY_EMAIL,
        display_name="Robin",
        timezone="Europe/London",
        week_starts_on=0,
        years=HEAVY_YEARS,
        full_span=True,
        active_share=0.97,
        # A bell around the requested average: n wins with weight e^-((n - average)^2 / 2).
        wins_per_day=[round(100 * math.exp(-((n - heavy_wins_per_day) ** 2) / 2)) + 1 for n in range(1, 10)],
        gap_rate=0.004,
        gap_mean_days=4,
        reflection_share=0.7,
        share_share=0.6,
    )
    new = person(
        1,
        NEW_EMAIL,
        display_name="Jules",
        timezone="America/New_York",
        week_starts_on=6,
        start=clock.today_in("America/New_York") - datetime.timedelta(days=2),
        active_share=1.0,
        wins_per_day=[40, 40, 20],
        gap_rate=0.0,
        reflection_share=0.0,
        share_share=0.5,
    )
    ally = person(2, ALLY_EMAIL, display_name="Sam", years=min(years, 1), active_share=0.5, reflection_share=0.0)
    return [heavy, new, ally] + [person(3 + i, f"person{i + 1:05d}@{BULK_DOMAIN}") for i in range(users)]


def create_users(people: list[Person]) -> None:
    """Every planned person as a User, in batches; each Person learns its pk."""
    # One hash for everyone: hashing thousands of passwords with Argon2
    # would take longer than writing all the wins.
    password = make_password(PASSWORD)
    with transaction.atomic():
        for start in range(0, len(people), 1_000):
            batch = people[start : start + 1_000]
            users = User.objects.bulk_create(
                [
                    User(
                        email=p.email,
                        display_name=p.display_name,
                        timezone=p.timezone,
                        week_starts_on=p.week_starts_on,
                        password=password,
                        date_joined=datetime.datetime.combine(
                            p.start, datetime.time(9), tzinfo=zoneinfo.ZoneInfo(p.timezone)
                        ),
                    )
                    for p in batch
                ]
            )
            for p, user in zip(batch, users, strict=True):
                p.pk = user.pk


def remove_previous_run() -> int:
    """Delete the people an earlier run made, and everything of theirs; nobody else. Returns how many."""
    seeded = User.objects.filter(Q(email__endswith=f"@{BULK_DOMAIN}") | Q(email__in=NAMED_EMAILS))
    ids = list(seeded.values_list("pk", flat=True))
    if not ids:
        return 0
    for model in (Win, Reflection):
        table = model._meta.db_table
        others_have_rows = model._base_manager.exclude(owner_id__in=ids).exists()
        with connection.cursor() as cursor:
            # (Not inside a transaction, as in the tests: deferred foreign-key checks stop TRUNCATE.)
            if connection.vendor == "postgresql" and not others_have_rows and not connection.in_atomic_block:
                # Millions of rows: TRUNCATE is instant where DELETE takes minutes.
                # CASCADE only reaches rows that point at these (seeded) rows.
                cursor.execute(f"TRUNCATE {table} CASCADE")
            else:
                model._base_manager.filter(owner_id__in=ids).delete()
    seeded.delete()
    return len(ids)
