#!/usr/bin/env python
"""EXPLAIN (ANALYZE, BUFFERS) every query each page runs for the heavy person, on the benchmark data.

    .venv/bin/python bench/explain.py            # after `make bench` (or bench/run.py) has seeded the data
    make explain                                 # the same

Each page is rendered through Django's test client against the benchmark
database (smallwins_bench, or --database-url) while CaptureQueriesContext
records its SQL; then every query is run again under EXPLAIN (ANALYZE,
BUFFERS). Everything happens inside one transaction that is rolled back, so
the sessions, visits and the quick-logged win leave no trace.

The plans go to bench/EXPLAIN.md. The script fails (exit status 1) when a
query reads journal_win, or any table of more than SMALL_TABLE rows, with a
sequential scan.
"""

import argparse
import datetime
import os
import re
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/smallwins_bench"
SMALL_TABLE = 10_000  # a sequential scan of fewer rows than this is cheaper than an index
HEAVY_EMAIL = "heavy@example.com"
ALLY_EMAIL = "ally@example.com"
_SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
_EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
_SKIP = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@dataclass
class Plan:
    sql: str
    text: str
    ms: float
    seq_scans: list[str]
    problems: list[str]


@dataclass
class Page:
    name: str
    method: str
    path: str
    status: int = 0
    plans: list[Plan] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [problem for plan in self.plans for problem in plan.problems]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    os.environ["SECURE"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def explain_page(client, page: Page, *, data=None, headers=None) -> None:
    from django.db import DatabaseError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    # The page's own writes are undone before its queries are explained, and
    # each explained query is undone in turn: EXPLAIN ANALYZE really runs an
    # INSERT, and running it twice would trip the unique constraints.
    before = transaction.savepoint()
    with CaptureQueriesContext(connection) as captured:
        if page.method == "POST":
            response = client.post(page.path, data or {}, headers=headers or {})
        else:
            response = client.get(page.path, headers=headers or {})
    transaction.savepoint_rollback(before)
    page.status = response.status_code
    sizes = table_sizes()
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith(_SKIP):
            continue
        one = transaction.savepoint()
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                text = "\n".join(row[0] for row in cursor.fetchall())
        except DatabaseError as error:
            text = f"(could not be explained: {error})"
        transaction.savepoint_rollback(one)
        scans = _SEQ_SCAN.findall(text)
        problems = [
            f"{page.name}: sequential scan on {table} ({sizes.get(table, 0):,} rows)"
            for table in scans
            if table == "journal_win" or sizes.get(table, 0) > SMALL_TABLE
        ]
        ms = float(_EXECUTION.search(text).group(1)) if _EXECUTION.search(text) else 0.0
        page.plans.append(Plan(sql, text, ms, scans, problems))


_sizes: dict[str, int] = {}


def table_sizes() -> dict[str, int]:
    from django.db import connection

    if not _sizes:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
            _sizes.update(dict(cursor.fetchall()))
    return _sizes


def render_markdown(pages: list[Page], *, wins: int, people: int, when: datetime.datetime) -> str:
    lines = [
        "# EXPLAIN of each page's queries",
        "",
        f"Written by `bench/explain.py` on {when:%Y-%m-%d %H:%M} UTC against the benchmark data: "
        f"{wins:,} wins of {people:,} people. Each page is rendered for the heavy person (five years of "
        "several wins a day; the ally's view as their ally), its SQL captured, and every query run again under "
        "`EXPLAIN (ANALYZE, BUFFERS)`. A sequential scan on `journal_win`, or on any table of more than "
        f"{SMALL_TABLE:,} rows, fails the script.",
        "",
        "| page | status | queries | on journal_win | sequential scans | total execution time |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for page in pages:
        win_queries = sum('"journal_win"' in plan.sql for plan in page.plans)
        scans = sorted({table for plan in page.plans for table in plan.seq_scans})
        scans_text = ", ".join(f"`{t}` ({table_sizes().get(t, 0):,} rows)" for t in scans) or "none"
        lines.append(
            f"| {page.name} (`{page.method} {page.path}`) | {page.status} | {len(page.plans)} | {win_queries} | "
            f"{scans_text} | {sum(plan.ms for plan in page.plans):.2f} ms |"
        )
    problems = [problem for page in pages for problem in page.problems]
    verdict = "; ".join(problems) if problems else "none: every large table is read through an index."
    lines += ["", f"**Problems:** {verdict}", ""]
    for page in pages:
        lines += [f"## {page.name}: `{page.method} {page.path}`", ""]
        for number, plan in enumerate(page.plans, 1):
            lines += [
                f"### Query {number} ({plan.ms:.3f} ms)",
                "",
                "```sql",
                plan.sql,
                "```",
                "",
                "```",
                plan.text,
                "```",
                "",
            ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "EXPLAIN.md")
    args = parser.parse_args(argv)
    setup_django(args.database_url)

    from django.db import transaction
    from django.test import Client

    from accounts.models import User
    from allies.models import AllyLink
    from journal.models import Win

    try:
        heavy = User.objects.get(email=HEAVY_EMAIL)
        ally = User.objects.get(email=ALLY_EMAIL)
    except User.DoesNotExist:
        raise SystemExit("No benchmark data: run `make bench` (or manage.py seed_bulk) first.") from None
    link = AllyLink.objects.get(owner=heavy, ally=ally)
    today = heavy.local_today()
    pages = [
        Page("Today", "GET", "/"),
        Page("Week", "GET", "/week/"),
        Page("Year", "GET", f"/year/{today.year}/"),
        Page("Quick log (htmx)", "POST", "/"),
        Page("Ally's view", "GET", f"/allies/{link.code}/"),
    ]
    when = datetime.datetime.now(datetime.UTC)
    wins, people = Win.all_objects.count(), User.objects.count()

    with transaction.atomic():
        owner_client, ally_client = Client(), Client()
        owner_client.force_login(heavy)
        ally_client.force_login(ally)
        # One request each first, so one-off work (the session's first save) is not in the plans.
        owner_client.get("/")
        ally_client.get(pages[-1].path)
        for page in pages[:3]:
            explain_page(owner_client, page)
        explain_page(
            owner_client,
            pages[3],
            data={"text": "Went for a short walk", "category": "body-health", "idempotency_key": str(uuid.uuid4())},
            headers={"HX-Request": "true"},
        )
        explain_page(ally_client, pages[4])
        transaction.set_rollback(True)

    args.out.write_text(render_markdown(pages, wins=wins, people=people, when=when))
    for page in pages:
        win_queries = sum('"journal_win"' in plan.sql for plan in page.plans)
        print(
            f"{page.name:<18} {page.status}  {len(page.plans):2} queries ({win_queries} on journal_win), "
            f"{sum(plan.ms for plan in page.plans):7.2f} ms in PostgreSQL, "
            f"sequential scans: {', '.join(sorted(set(s for p in page.plans for s in p.seq_scans))) or 'none'}"
        )
    problems = [problem for page in pages for problem in page.problems]
    bad_status = [f"{page.name} answered {page.status}" for page in pages if page.status != 200]
    print(f"Plans written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}.")
    for problem in problems + bad_status:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems or bad_status else 0


if __name__ == "__main__":
    sys.exit(main())
