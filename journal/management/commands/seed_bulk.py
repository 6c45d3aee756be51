"""Fill the database with a large, realistic, repeatable set of journals.

    python manage.py seed_bulk --users 6000 --years 3 --seed 1

Made for the benchmark (bench/) and for looking at the pages with years of
history. Every person it makes has an address at @bulk.example, apart from
three named ones who are easy to log in as:

- heavy@example.com: five years of several wins a day;
- new@example.com: joined three days ago, a handful of wins;
- ally@example.com: an ally of the heavy person, who shares wins with them.

All of them share one password, printed at the end. Running the command again
replaces what an earlier run made (and nothing else); the same --seed gives
the same journals relative to --until (default: today).

On PostgreSQL the wins go in through COPY (psycopg 3's cursor.copy()) in
chunks of about CHUNK_ROWS rows, each its own transaction so the deferred
foreign-key checks never pile up; elsewhere bulk_create in batches.
"""

import datetime
import heapq
import math
import random
import sys
import time
import uuid
import zoneinfo
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F, Q

from accounts.models import User
from journal.models import Category, Reflection, Win

BULK_DOMAIN = "bulk.example"
HEAVY_EMAIL = "heavy@example.com"
NEW_EMAIL = "new@example.com"
ALLY_EMAIL = "ally@example.com"
NAMED_EMAILS = (HEAVY_EMAIL, NEW_EMAIL, ALLY_EMAIL)
PASSWORD = "small wins at scale"  # noqa: S105 (published: synthetic people only)
HEAVY_YEARS = 5
CHUNK_ROWS = 100_000
UTC = datetime.UTC

# How often people pick each category: looking after the basics comes first.
CATEGORY_WEIGHTS = {
    Category.SELF_CARE: 18,
    Category.ROUTINE: 12,
    Category.BODY_HEALTH: 12,
    Category.REST: 10,
    Category.CONNECTION: 9,
    Category.JOY: 8,
    Category.REACHING_OUT: 7,
    Category.SELF_COMPASSION: 6,
    Category.AWARENESS: 5,
    Category.FEELINGS: 4,
    Category.BOUNDARIES: 4,
    Category.DISTRESS_TOLERANCE: 3,
    Category.GRATITUDE: 6,
    Category.OTHER: 2,
}

TEXTS = {
    Category.REST: [
        "Took a nap when I needed one",
        "Went to bed before eleven",
        "Sat on the balcony and did nothing for ten minutes",
        "Said no to one more episode and went to sleep",
        "Had a slow morning without feeling guilty",
        "Took a proper lunch break away from the desk",
        "Lay down when the headache started",
    ],
    Category.BOUNDARIES: [
        "Said no to extra work",
        "Didn't answer work email after seven",
        "Told my sister I needed a quiet weekend",
        "Left the party when I was tired",
        "Asked for what I needed in the meeting",
        "Muted the group chat for the evening",
    ],
    Category.SELF_COMPASSION: [
        "Forgave myself for the messy kitchen",
        "Spoke to myself like I'd speak to a friend",
        "Noticed the critical voice and let it pass",
        "Didn't call myself lazy",
        "Let good enough be good enough",
        "Rested without earning it first",
    ],
    Category.SELF_CARE: [
        "Got out of bed",
        "Showered and got dressed",
        "Brushed my teeth morning and night",
        "Took my meds on time",
        "Changed the sheets",
        "Ate breakfast",
        "Opened the curtains and let the light in",
    ],
    Category.REACHING_OUT: [
        "Texted a friend back",
        "Called my mum",
        "Told my therapist the hard thing",
        "Asked a coworker for help",
        "Went to my support group",
        "Replied to the message I'd been avoiding",
    ],
    Category.AWARENESS: [
        "Noticed I was hungry, not angry",
        "Named the feeling before reacting",
        "Spotted an old pattern and paused",
        "Wrote down what set me off",
        "Noticed my shoulders were up and dropped them",
    ],
    Category.FEELINGS: [
        "Let myself cry",
        "Told someone I was sad",
        "Wrote about the anger instead of swallowing it",
        "Sat with the anxiety for five minutes",
        "Said out loud that I was scared",
    ],
    Category.DISTRESS_TOLERANCE: [
        "Used the breathing exercise during the panic",
        "Held ice cubes until the urge passed",
        "Rode out the urge for twenty minutes",
        "Went for a walk instead of scrolling at 2 a.m.",
        "Used my grounding list: five things I can see",
    ],
    Category.ROUTINE: [
        "Made my bed",
        "Did the dishes before bed",
        "Paid the electricity bill",
        "Kept my morning routine",
        "Took the bins out",
        "Planned tomorrow's meals",
        "Sorted the post",
    ],
    Category.BODY_HEALTH: [
        "Went for a twenty-minute walk",
        "Drank water all day",
        "Cooked a real dinner",
        "Stretched for ten minutes",
        "Went to the doctor's appointment",
        "Ate a vegetable",
        "Went for a swim",
    ],
    Category.CONNECTION: [
        "Had coffee with a friend",
        "Played a game with my kid",
        "Sat with the family at dinner",
        "Joined the call instead of skipping it",
        "Walked the dog with my neighbour",
    ],
    Category.JOY: [
        "Listened to a whole album",
        "Laughed at a silly video",
        "Bought myself flowers",
        "Read a chapter of my book",
        "Watched the sunset",
        "Petted a dog on the street",
        "Sang in the kitchen",
    ],
    Category.GRATITUDE: [
        "Wrote down three things I'm grateful for",
        "Thanked the bus driver and meant it",
        "Noticed how good the coffee was",
        "Told my friend I appreciate them",
    ],
    Category.OTHER: [
        "Finished the library book",
        "Fixed the wobbly chair",
        "Filled in the form I'd been putting off",
        "Found my keys without panicking",
    ],
}
SUFFIXES = [
    "",
    "",
    "",
    "",
    " today",
    " even though it was hard",
    " before work",
    " without overthinking it",
    " for the first time in weeks",
    " — small, but it counts",
    " again",
    " after a rough morning",
]
# Moods 1..5 ("very low" .. "very good"); about one win in four has none.
MOOD_WEIGHTS_EASY_DAY = [4, 12, 34, 34, 16]
MOOD_WEIGHTS_HARD_DAY = [30, 35, 25, 8, 2]
NO_MOOD_SHARE = 0.25

HONORED = [
    "I rested when I was tired instead of pushing through.",
    "I kept my appointment even though I wanted to cancel.",
    "I said no once and the world didn't end.",
    "I ate proper meals most days.",
    "I let myself have a quiet evening.",
]
HELPED = [
    "Walking in the morning.",
    "Talking to my friend on Wednesday.",
    "Writing things down before bed.",
    "Leaving my phone in the other room.",
    "The breathing exercise from group.",
]
TRY_NEXT = [
    "Go to bed half an hour earlier.",
    "Call someone instead of texting.",
    "One walk without headphones.",
    "Cook once from scratch.",
    "Ask for help before it gets too much.",
]
NOTES = [
    "I noticed you laughed more this week.",
    "You asked for help on Tuesday. That took courage.",
    "You seem steadier than a month ago.",
    "I can see you changing. Keep going.",
    "Thank you for telling me about the hard day.",
    "You kept showing up, even when it was heavy.",
]
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
        """Roughly how many wins journal_rows() will write: for choosing how to load them."""
        days = (today - self.start).days + 1
        in_gaps = self.gap_rate * self.gap_mean_days / (1 + self.gap_rate * self.gap_mean_days)
        per_day = sum(n * w for n, w in enumerate(self.wins_per_day, 1)) / sum(self.wins_per_day)
        return round(days * (1 - in_gaps) * self.active_share * per_day)


class ProgressBar:
    """A plain text bar on stderr: redrawn in place five times a second, or a line every 5 s when not a terminal."""

    def __init__(self, total: int, stream=sys.stderr, width: int = 30):
        self.total = max(total, 1)
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.interactive = stream.isatty()

    def update(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_drawn < (0.2 if self.interactive else 5.0):
            return
        self.last_drawn = now
        elapsed = max(now - self.started, 1e-6)
        share = min(done / self.total, 1.0)
        filled = int(self.width * share)
        eta = (elapsed / share - elapsed) if share > 0 else 0
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} "
            f"{done:,} of about {self.total:,} wins · {done / elapsed:,.0f} wins/s · "
            f"ETA {datetime.timedelta(seconds=round(eta))}"
        )
        self.stream.write(("\r" + line + "\x1b[K") if self.interactive else line + "\n")
        self.stream.flush()

    def finish(self, done: int) -> None:
        self.total = done
        self.update(done, force=True)
        if self.interactive:
            self.stream.write("\n")


def _copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


class _CopySink:
    """Streams rows into one table through COPY, a transaction per chunk."""

    def __init__(self, table: str, columns: list[str], constants: dict[str, str]):
        self.sql = f"COPY {table} ({', '.join([*columns, *constants])}) FROM STDIN"
        self.tail = "".join(f"\t{value}" for value in constants.values())
        self.lines: list[str] = []
        self.rows = 0

    def add(self, values: Iterable) -> None:
        self.lines.append("\t".join(values) + self.tail)
        if len(self.lines) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        with connection.cursor() as cursor, cursor.copy(self.sql) as copy:
            for start in range(0, len(self.lines), 10_000):
                copy.write("\n".join(self.lines[start : start + 10_000]) + "\n")
        self.rows += len(self.lines)
        self.lines = []


class _BulkCreateSink:
    """The same rows through bulk_create, for databases without COPY."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns
        self.objects: list = []
        self.rows = 0

    def add(self, values: Iterable) -> None:
        fields = {}
        for name, value in zip(self.columns, values, strict=True):
            if value == r"\N":
                value = None
            elif name in {"hard_day", "shared_with_allies", "proud"}:
                value = value == "t"
            elif isinstance(value, str):
                value = value.replace("\\n", "\n")
            fields[name] = value
        self.objects.append(self.model(**fields))
        if len(self.objects) >= 2_000:
            self.flush()

    def flush(self) -> None:
        if self.objects:
            self.model.objects.bulk_create(self.objects, batch_size=2_000)
            self.rows += len(self.objects)
            self.objects = []


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


def _sink(model, columns):
    if connection.vendor == "postgresql":
        return _CopySink(model._meta.db_table, columns, _constant_columns(model, columns))
    return _BulkCreateSink(model, columns)


def _constant_columns(model, columns: list[str]) -> dict[str, str]:
    """Every other NOT NULL column, with its field's default, so fields added later need no change here."""
    constants = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column in columns or (f.null and f.get_default() is None):
            continue
        if not f.has_default() and not f.empty_strings_allowed:
            raise CommandError(f"seed_bulk does not know what to put in {model._meta.db_table}.{f.column}")
        if f.has_default() and callable(f.default):
            raise CommandError(f"seed_bulk needs a value per row for {model._meta.db_table}.{f.column}")
        value = f.get_db_prep_save(f.get_default(), connection)
        if value is None:
            constants[f.column] = r"\N"
        elif isinstance(value, bool):
            constants[f.column] = "t" if value else "f"
        else:
            constants[f.column] = _copy_text(str(value))
    return constants


def _week_start(day: datetime.date, week_starts_on: int) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - week_starts_on) % 7)


class Command(BaseCommand):
    help = "Fill the database with many realistic journals (for the benchmark). Replaces an earlier run."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=100, help="people besides the three named ones")
        parser.add_argument("--years", type=float, default=2, help="history length for most people")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same journals")
        parser.add_argument(
            "--heavy-wins-per-day", type=float, default=4.0, help="average wins on the heavy person's active days"
        )
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="last day of history, YYYY-MM-DD (default: each person's today)",
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="keep journal_win's indexes in place during the load (slower for a big first load)",
        )

    def handle(self, *args, users, years, seed, heavy_wins_per_day, until, keep_indexes, verbosity, **options):
        if users < 0 or years <= 0 or heavy_wins_per_day < 1:
            raise CommandError("--users must be 0 or more, --years above 0, --heavy-wins-per-day at least 1")
        started = time.monotonic()
        self.until = until
        self.now = datetime.datetime.now(UTC)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Nothing here needs to survive a crash mid-run: it is rerun.
                cursor.execute("SET synchronous_commit = off")

        removed = self.remove_previous_run()
        if removed and verbosity:
            self.stdout.write(f"Removed {removed:,} people (and their journals) from an earlier run.")

        people = self.plan_people(users=users, years=years, seed=seed, heavy_wins_per_day=heavy_wins_per_day)
        self.create_users(people)
        expected = sum(p.expected_wins(self.today_for(p)) for p in people)
        existing = Win.all_objects.count()
        # PostgreSQL's advice for a big load: build the indexes once at the end
        # rather than update them row by row (measured: about 4x faster here).
        set_aside = connection.vendor == "postgresql" and not keep_indexes and expected > existing
        if set_aside and verbosity:
            self.stdout.write(
                f"About {expected:,} wins to add to {existing:,}: journal_win's indexes and foreign key are set "
                "aside during the load and rebuilt after it, in one transaction (--keep-indexes to keep them)."
            )
        with indexes_set_aside(Win, enabled=set_aside) as rebuild:
            wins, reflections = self.write_journals(people, seed=seed, expected=expected, show_progress=verbosity > 0)
        if set_aside and verbosity:
            self.stdout.write(f"Rebuilt journal_win's indexes and foreign key in {rebuild.seconds:,.1f} s.")
        allies_made = seed_allies(people, seed=seed, today=self.today_for, now=self.now)
        written = time.monotonic()
        self.refresh_statistics()
        finished = time.monotonic()
        elapsed, vacuumed = finished - started, finished - written
        if verbosity:
            self.stdout.write(
                f"Made {len(people):,} people, {wins:,} wins, {reflections:,} reflections"
                f"{', ' + allies_made if allies_made else ''} in {elapsed:,.1f} s "
                f"({wins / max(elapsed, 1e-6):,.0f} wins/s, of which VACUUM ANALYZE {vacuumed:,.1f} s)."
            )
            self.stdout.write(f"Log in as {HEAVY_EMAIL}, {NEW_EMAIL} or {ALLY_EMAIL} with the password: {PASSWORD}")

    def refresh_statistics(self) -> None:
        """Fresh statistics and visibility map, so plans (and index-only scans) match the new data."""
        if connection.vendor != "postgresql":
            return
        # VACUUM cannot run inside a transaction (as in the tests); ANALYZE can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        tables = [User, Win, Reflection] + [
            apps.get_model("allies", name) for name in ("AllyLink", "AllyNote") if _has_model("allies", name)
        ]
        with connection.cursor() as cursor:
            for model in tables:
                cursor.execute(f"{command} {model._meta.db_table}")

    # --- who ---------------------------------------------------------------

    def today_for(self, person: Person) -> datetime.date:
        if self.until is not None:
            return self.until
        return self.now.astimezone(zoneinfo.ZoneInfo(person.timezone)).date()

    def remove_previous_run(self) -> int:
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

    def plan_people(self, *, users: int, years: float, seed: int, heavy_wins_per_day: float) -> list[Person]:
        rng = random.Random(f"people:{seed}")  # noqa: S311 (repeatable, not secret)
        zones, zone_weights = zip(*TIME_ZONES, strict=True)
        # A category added after this was written still turns up now and then.
        base = [CATEGORY_WEIGHTS.get(category, 2) for category in Category]
        people = []

        def person(index, email, **overrides) -> Person:
            timezone = overrides.pop("timezone", None) or rng.choices(zones, zone_weights)[0]
            today = self.until or self.now.astimezone(zoneinfo.ZoneInfo(timezone)).date()
            span_days = int(overrides.pop("years", years) * 365.25)
            # Most people have the whole span; the rest joined somewhere in it.
            full_span = overrides.pop("full_span", False)
            if full_span or rng.random() < 0.6:
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
            values.update(overrides)
            return Person(**values)

        people.append(
            person(
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
        )
        new_today = self.until or self.now.astimezone(zoneinfo.ZoneInfo("America/New_York")).date()
        people.append(
            person(
                1,
                NEW_EMAIL,
                display_name="Jules",
                timezone="America/New_York",
                week_starts_on=6,
                start=new_today - datetime.timedelta(days=2),
                active_share=1.0,
                wins_per_day=[40, 40, 20],
                gap_rate=0.0,
                reflection_share=0.0,
                share_share=0.5,
            )
        )
        people.append(
            person(
                2,
                ALLY_EMAIL,
                display_name="Sam",
                years=min(years, 1),
                active_share=0.5,
                reflection_share=0.0,
            )
        )
        for i in range(users):
            people.append(person(3 + i, f"person{i + 1:05d}@{BULK_DOMAIN}"))
        return people

    def create_users(self, people: list[Person]) -> None:
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

    # --- what --------------------------------------------------------------

    def write_journals(self, people: list[Person], *, seed: int, expected: int, show_progress: bool) -> tuple[int, int]:
        wins = _sink(Win, WIN_COLUMNS)
        reflections = _sink(Reflection, REFLECTION_COLUMNS)
        bar = ProgressBar(expected, stream=getattr(self.stderr, "_out", sys.stderr)) if show_progress else None
        # Everyone's wins in the order they were written, as in a real database,
        # where one person's wins are scattered over the whole table. (Writing
        # one journal at a time would pack each into a few pages and flatter
        # every page that reads one.) Each journal comes out oldest first, so
        # merging them needs one row per person in memory, not all of them.
        journals = [self.journal_rows(p, seed=seed, reflections=reflections) for p in people]
        count = 0
        for count, row in enumerate(heapq.merge(*journals, key=_created_at), 1):
            wins.add(row)
            if bar and not count % 10_000:
                bar.update(count)
        wins.flush()
        reflections.flush()
        if connection.vendor != "postgresql":
            # bulk_create's auto_now stamped everything with this moment.
            owners = [p.pk for p in people]
            for model in (Win, Reflection):
                model._base_manager.filter(owner_id__in=owners).update(updated_at=F("created_at"))
        if bar:
            bar.finish(count)
        return wins.rows, reflections.rows

    def journal_rows(self, p: Person, *, seed: int, reflections) -> Iterator[tuple[str, ...]]:
        """One person's wins as COPY text values, oldest first; reflections go straight to their sink."""
        rng = random.Random(f"journal:{seed}:{p.index}")  # noqa: S311
        tz = zoneinfo.ZoneInfo(p.timezone)
        today = self.today_for(p)
        local_now = self.now.astimezone(tz)
        owner = str(p.pk)
        categories = list(Category)
        cum_categories = list(_accumulate(p.category_weights))
        counts = range(1, len(p.wins_per_day) + 1)
        cum_counts = list(_accumulate(p.wins_per_day))
        week_texts: list[str] = []
        week = _week_start(p.start, p.week_starts_on)
        gap_left = 0
        day = p.start
        one_day = datetime.timedelta(days=1)
        while day <= today:
            this_week = _week_start(day, p.week_starts_on)
            if this_week != week:
                self.maybe_reflect(rng, p, owner, week, week_texts, reflections, tz)
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
                if is_today and self.until is None:
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
                    created = local.astimezone(UTC).isoformat()
                    week_texts.append(text)
                    yield (
                        owner,
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        _copy_text(text),
                        category.value,
                        mood,
                        "t" if hard and (i == 0 or rng.random() < 0.5) else "f",
                        iso_day,
                        "t" if rng.random() < p.share_share else "f",
                        created,
                        created,
                    )
            day += one_day

    def maybe_reflect(self, rng, p, owner, week, week_texts, reflections, tz) -> None:
        if not week_texts or rng.random() >= p.reflection_share:
            return
        written = datetime.datetime.combine(week + datetime.timedelta(days=6), datetime.time(20, 30), tzinfo=tz)
        if written > self.now:
            return
        picked = rng.sample(week_texts, min(5, len(week_texts)))
        created = written.astimezone(UTC).isoformat()
        reflections.add(
            (
                owner,
                week.isoformat(),
                _copy_text("\n".join(picked)),
                rng.choice(HONORED),
                rng.choice(HELPED),
                rng.choice(TRY_NEXT),
                "t" if rng.random() < 0.7 else "f",
                created,
                created,
            )
        )


class _Timer:
    seconds = 0.0


@contextmanager
def indexes_set_aside(model, *, enabled: bool) -> Iterator[_Timer]:
    """Drop the table's secondary indexes, unique constraints and foreign keys, then build them again.

    All in one transaction: if the load fails, the rollback puts every index
    back as it was. The primary key stays (its inserts are appends), and so
    does any unique constraint another table's foreign key relies on. Other
    connections wait for the table until the transaction ends.
    """
    timer = _Timer()
    if not enabled:
        yield timer
        return
    table = model._meta.db_table
    quote = connection.ops.quote_name
    inside_a_transaction = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if inside_a_transaction:
                # Inside a caller's transaction (the tests), deleted rows may still owe
                # their deferred foreign-key checks, and ALTER TABLE refuses to run past them.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                """
                SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
                WHERE c.conrelid = %s::regclass AND c.contype IN ('u', 'f')
                  AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint r
                    WHERE r.contype = 'f' AND r.confrelid = c.conrelid AND r.conindid = c.conindid
                  )
                """,
                [table],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [table],
            )
            indexes = cursor.fetchall()
            for name, _definition in constraints:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")  # regclass text: already quoted where needed
        yield timer
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in constraints:
                cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        timer.seconds = time.monotonic() - started


def _has_model(app_label: str, name: str) -> bool:
    try:
        apps.get_model(app_label, name)
    except LookupError:
        return False
    return True


def _created_at(row: tuple[str, ...]) -> str:
    return row[8]  # ISO 8601 in UTC, all alike, so the text sorts as the time


def _accumulate(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


# --- allies -----------------------------------------------------------------


def seed_allies(people: list[Person], *, seed: int, today, now: datetime.datetime) -> str:
    """Ally links, their accepted invitations, notes and visits.

    The ally of the heavy person sees shared wins and writes a note most
    weeks (and has just been asked by the new person too); about a third
    of the bulk people have one or two allies among the others. Returns a
    short summary, or "" while the allies app has no models.
    """
    try:
        Invitation = apps.get_model("allies", "Invitation")
        AllyLink = apps.get_model("allies", "AllyLink")
        AllyNote = apps.get_model("allies", "AllyNote")
        AccessLog = apps.get_model("allies", "AccessLog")
    except LookupError:
        return ""
    from allies.models import Scope, hash_token

    rng = random.Random(f"allies:{seed}")  # noqa: S311
    heavy, new, ally, *bulk = people
    # The ally supports both named people, so the benchmark can open the ally's view of each.
    pairs: list[tuple[Person, Person, str, float]] = [
        (heavy, ally, Scope.SHARED_WINS, 0.6),
        (new, ally, Scope.SHARED_WINS, 0.0),
    ]
    for owner in bulk:
        if len(bulk) < 2 or rng.random() >= 0.3:
            continue
        for helper in rng.sample(bulk, min(len(bulk), 3)):
            if helper is owner or any(o is owner and h is helper for o, h, _s, _n in pairs):
                continue
            scope = Scope.NOTES_ONLY if rng.random() < 0.2 else Scope.SHARED_WINS
            pairs.append((owner, helper, scope, rng.uniform(0.05, 0.3)))
            if rng.random() < 0.6:
                break

    invitations, links, notes, visits = [], [], [], []
    for owner, helper, scope, note_share in pairs:
        tz = zoneinfo.ZoneInfo(owner.timezone)
        last_day = today(owner)
        # The link is made a month in, or at once for short histories.
        linked_on = min(owner.start + datetime.timedelta(days=30), last_day)
        linked = datetime.datetime.combine(linked_on, datetime.time(19), tzinfo=tz)
        if linked > now:
            linked = now - datetime.timedelta(minutes=5)
        invitations.append(
            Invitation(
                code=uuid.UUID(int=rng.getrandbits(128), version=4),
                owner_id=owner.pk,
                email=helper.email,
                scope=scope,
                token_hash=hash_token(f"{seed}:{owner.pk}:{helper.pk}:{rng.getrandbits(64)}"),
                created_at=linked - datetime.timedelta(days=1),
                expires_at=linked + datetime.timedelta(days=6),
                accepted_at=linked,
                accepted_by_id=helper.pk,
            )
        )
        links.append(
            AllyLink(
                code=uuid.UUID(int=rng.getrandbits(128), version=4),
                owner_id=owner.pk,
                ally_id=helper.pk,
                scope=scope,
                created_at=linked,
            )
        )
        week = _week_start(linked_on, owner.week_starts_on)
        last_seen = None
        while week <= last_day:
            if rng.random() < note_share:
                written = datetime.datetime.combine(
                    week + datetime.timedelta(days=rng.randrange(7)), datetime.time(rng.randrange(8, 22)), tzinfo=tz
                )
                if linked <= written <= now:
                    notes.append(
                        AllyNote(
                            code=uuid.UUID(int=rng.getrandbits(128), version=4),
                            owner_id=owner.pk,
                            author_id=helper.pk,
                            week_start=week,
                            text=rng.choice(NOTES),
                            created_at=written,
                            updated_at=written,
                        )
                    )
                    visits.append(AccessLog(owner_id=owner.pk, ally_id=helper.pk, viewed_at=written))
                    last_seen = written
            week += datetime.timedelta(days=7)
        links[-1].last_viewed_at = last_seen

    with transaction.atomic():
        Invitation.objects.bulk_create(invitations, batch_size=2_000)
        AllyLink.objects.bulk_create(links, batch_size=2_000)
        AllyNote.objects.bulk_create(notes, batch_size=2_000)
        AccessLog.objects.bulk_create(visits, batch_size=2_000)
        # auto_now stamped every note with this moment; an old note was not edited today.
        AllyNote.objects.filter(owner_id__in={p.pk for p in people}).update(updated_at=F("created_at"))
    return f"{len(links):,} ally links, {len(notes):,} ally notes"
