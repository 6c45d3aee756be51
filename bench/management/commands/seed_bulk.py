"""Fill the database with a large, realistic, repeatable set of journals.

    BENCH_PROBES=1 python manage.py seed_bulk --users 6000 --years 3 --seed 1

Made for the benchmark (bench/run.py) and for looking at the pages with years
of history; it exists only where the bench app is installed (BENCH_PROBES=1).
Every person it makes has an address at @bulk.example, apart from three named
ones who are easy to log in as:

- heavy@example.com: five years of several wins a day;
- new@example.com: joined three days ago, a handful of wins;
- ally@example.com: an ally of the heavy and the new person.

All of them share one password, printed at the end. Running the command again
replaces what an earlier run made (and nothing else); the same --seed gives
the same journals relative to --until (default: today).

The parts live in bench/seeding/: who (people.py), their wins and reflections
(wins.py, in the words of words.py), their allies (allies.py), and how the rows
reach the database (sinks.py: COPY on PostgreSQL, bulk_create elsewhere;
indexes.py: a big load builds journal_win's indexes once, at the end).
"""

import datetime
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import User
from allies.models import AllyLink, AllyNote
from bench.seeding import people
from bench.seeding.allies import seed_allies
from bench.seeding.indexes import indexes_set_aside
from bench.seeding.progress import ProgressBar
from bench.seeding.wins import write_journals
from journal.models import Reflection, Win


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
        clock = people.Clock(now=datetime.datetime.now(datetime.UTC), until=until)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Nothing here needs to survive a crash mid-run: it is rerun.
                cursor.execute("SET synchronous_commit = off")

        removed = people.remove_previous_run()
        if removed and verbosity:
            self.stdout.write(f"Removed {removed:,} people (and their journals) from an earlier run.")

        planned = people.plan_people(clock, users=users, years=years, seed=seed, heavy_wins_per_day=heavy_wins_per_day)
        people.create_users(planned)
        expected = sum(p.expected_wins(clock.today_in(p.timezone)) for p in planned)
        existing = Win.all_objects.count()
        # PostgreSQL's advice for a big load: build the indexes once at the end
        # rather than update them row by row (measured: about 4x faster here).
        set_aside = connection.vendor == "postgresql" and not keep_indexes and expected > existing
        if set_aside and verbosity:
            self.stdout.write(
                f"About {expected:,} wins to add to {existing:,}: journal_win's indexes and foreign key are set "
                "aside during the load and rebuilt after it, in one transaction (--keep-indexes to keep them)."
            )
        progress = ProgressBar(expected, stream=getattr(self.stderr, "_out", sys.stderr)) if verbosity else None
        with indexes_set_aside(Win, enabled=set_aside) as rebuild:
            wins, reflections = write_journals(planned, clock, seed=seed, progress=progress)
        if set_aside and verbosity:
            self.stdout.write(f"Rebuilt journal_win's indexes and foreign key in {rebuild.seconds:,.1f} s.")
        allies_made = seed_allies(planned, clock, seed=seed)
        written = time.monotonic()
        refresh_statistics()
        finished = time.monotonic()
        elapsed, vacuumed = finished - started, finished - written
        if verbosity:
            self.stdout.write(
                f"Made {len(planned):,} people, {wins:,} wins, {reflections:,} reflections, {allies_made} "
                f"in {elapsed:,.1f} s ({wins / max(elapsed, 1e-6):,.0f} wins/s, of which VACUUM ANALYZE "
                f"{vacuumed:,.1f} s)."
            )
            who = f"{', '.join(people.NAMED_EMAILS)} or anyone at @{people.BULK_DOMAIN}"
            self.stdout.write(f"Log in as {who} with the password: {people.PASSWORD}")


def refresh_statistics() -> None:
    """Fresh statistics and visibility map, so plans (and index-only scans) match the new data."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (as in the tests); ANALYZE can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (User, Win, Reflection, AllyLink, AllyNote):
            cursor.execute(f"{command} {model._meta.db_table}")
