#!/usr/bin/env python
"""Benchmark Small Wins against its own ceiling: `make bench` (or `.venv/bin/python bench/run.py --help`).

What it does, in order:

1. checks that wrk is installed;
2. creates the benchmark database (smallwins_bench) if needed, migrates it and,
   unless --skip-seed, fills it with `manage.py seed_bulk` (the bench app's
   command, so run with BENCH_PROBES=1 like everything here) until it holds at
   least --min-wins wins;
3. starts gunicorn as in production (config/gunicorn.py: 2 sync workers) but
   without HTTPS: DEBUG=0 SECURE=0 BENCH_PROBES=1 (which installs bench/, the
   ceiling probes among it);
4. logs in as the heavy person, the new person and their ally through the real
   log-in form (CSRF and all) and keeps each session cookie;
5. measures every page with `wrk -t2 -c16 --latency`, 10 s each, split into
   5 interleaved rounds of 2 s (each slice after a short warm-up): the two
   ceiling probes, Today, the week page, the year page, the ally's view, the
   crisis page and the quick-log POST as htmx sends it (bench/quick_log.lua,
   its wins removed at the end). Interleaving makes slow changes in
   the neighbours' load touch every page alike; each page's share of the
   ceiling is the median over the rounds of page ÷ probe in the same round;
   each round ends with the realistic mix (bench/mix.py): --mix-people people
   each log in, open Today, log three wins, open the week, edit a win, open the
   week again, the year and an ally's space, step by step, 16 at a time; each
   step and the whole mix are reported as a share of the 20-row probe driven
   the same way in the same round;
6. weighs the week page (HTML, CSS and scripts, compressed) and checks the
   goals of issue 8;
7. writes the tables to bench/RESULTS.md (between its markers, keeping the
   hand-written notes) and prints it.

wrk shares the machine's cores with gunicorn and PostgreSQL, so absolute
numbers say little; every page is reported as a share of the 20-row ceiling
measured in the same run.
"""

# A developer's tool that runs our own programs on localhost:
# ruff: noqa: S603, E402
import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script (bench/run.py), it still finds the bench package

from bench.console import say
from bench.dataset import (
    ALLY_EMAIL,
    DEFAULT_DATABASE_URL,
    HEAVY_EMAIL,
    NEW_EMAIL,
    data_size,
    ensure_database,
    remove_benchmark_wins,
    remove_mix_wins,
)
from bench.machine import cpu_pressure
from bench.mix import Mix, ally_pool
from bench.mix_figures import WHOLE_MIX, MixFigures
from bench.page_weight import weigh_page
from bench.report import build_report, write_results
from bench.server import VAR_DIR, Server
from bench.visitor import log_in
from bench.wrk import Driver, Row, Target, check_answers, fmt_ms, require_wrk

BENCH_DIR = ROOT / "bench"
PYTHON = sys.executable


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--skip-seed", action="store_true", help="use the data as it is")
    parser.add_argument("--min-wins", type=int, default=5_000_000, help="seed when the database holds fewer")
    parser.add_argument("--users", type=int, default=4_150, help="seed_bulk --users")
    parser.add_argument("--years", type=float, default=3, help="seed_bulk --years")
    parser.add_argument("--seed", type=int, default=1, help="seed_bulk --seed")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds of measuring per page, in all")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds the duration is split into")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up before each page's slice")
    parser.add_argument("--mix-people", type=int, default=240, help="people per round in the realistic mix (0: no mix)")
    parser.add_argument("--label", default="", help="a word for the run log, e.g. before or after")
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    wrk = require_wrk()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    load = os.getloadavg()
    args.pressure_start = cpu_pressure()
    unwanted = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE", "SECRET_KEY_FILE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted} | {
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECURE": "0",
        "BENCH_PROBES": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(VAR_DIR / "static"),
        "PORT": str(args.port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }

    ensure_database(args.database_url)
    say("Migrating the benchmark database and collecting static files.")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    size = data_size(args.database_url)
    if not args.skip_seed and (size is None or size.wins < args.min_wins):
        say(f"Seeding: seed_bulk --users {args.users} --years {args.years} --seed {args.seed} (a few minutes).")
        began = time.monotonic()
        manage(env, "seed_bulk", f"--users={args.users}", f"--years={args.years}", f"--seed={args.seed}")
        say(f"Seeded in {time.monotonic() - began:,.0f} s.")
        size = data_size(args.database_url)
    if size is None:
        raise SystemExit("The benchmark database has no seeded data: run without --skip-seed.")
    if size.wins < args.min_wins:
        say(f"Note: only {size.wins:,} wins (fewer than --min-wins {args.min_wins:,}).")
    say(f"Data: {size.describe()}.")

    driver = Driver(wrk, f"http://127.0.0.1:{args.port}", threads=args.threads, connections=args.connections)
    today = datetime.date.today()
    with Server(env, args.port) as server:
        base = server.base
        heavy, new, ally = (log_in(base, email) for email in (HEAVY_EMAIL, NEW_EMAIL, ALLY_EMAIL))
        people = {"heavy": (heavy, HEAVY_EMAIL), "new": (new, NEW_EMAIL)}
        checks = [
            (Target("Probe: short string", "heavy", "/_probe/text", heavy), b"ok"),
            (Target("Probe: 20 rows (ceiling)", "heavy", "/_probe/rows", heavy), b'data-testid="win"'),
        ]
        for person, (visitor, email) in people.items():
            checks += [
                (Target("Today", person, "/", visitor), b"Today"),
                (Target("Week", person, "/week/", visitor), b"<h1"),
                (Target("Year", person, f"/year/{today.year}/", visitor), b"<h1"),
            ]
            if email in size.link_codes:
                link = size.link_codes[email]
                checks.append((Target("Ally's view (as ally)", person, f"/allies/{link}/", ally), b"<h1"))
        checks.append((Target("Crisis page (static)", "anyone", "/crisis/"), b"988"))
        for person, (visitor, _email) in people.items():
            script = [visitor.cookie_header, visitor.csrf_token]
            checks.append((Target("Quick log (POST, htmx)", person, "/", visitor, script), b'id="log-form"'))

        for target, expect in checks:
            check_answers(base, target, expect)
        remove_benchmark_wins(args.database_url, started)  # the checks above logged one win each
        mix, mix_figures, pool = None, None, []
        if args.mix_people:
            pool = ally_pool(args.database_url)
            if not pool:
                raise SystemExit("The realistic mix needs seeded people who are someone's ally: seed more --users.")
            # Each person at most once a round: a second visit to the same unchanged page would be a repeat.
            mix_people = min(args.mix_people, len(pool))
            if mix_people < args.mix_people:
                say(
                    f"Note: the mix has {len(pool):,} people to draw on, so {mix_people:,} per round "
                    f"(not {args.mix_people:,})."
                )
            mix = Mix("127.0.0.1", args.port, pool, concurrency=args.connections, year=today.year)
            mix.check()
            mix_figures = MixFigures(
                mix_people, len(pool), args.connections, Row(Target("Probe: 20 rows", "heavy", "/_probe/rows"))
            )
            if args.warmup:
                mix.round(min(args.connections, mix_people))
            remove_mix_wins(args.database_url, started, [p.email for p in pool])

        rows = [Row(target) for target, _expect in checks]
        ceiling = rows[1]
        slice_seconds = max(1, args.duration // args.rounds)  # wrk counts whole seconds
        say(
            f"Measuring: wrk -t{args.threads} -c{args.connections} --latency, {args.rounds} rounds of "
            f"{slice_seconds:g} s per page, each after a {args.warmup} s warm-up."
        )
        for number in range(1, args.rounds + 1):
            for row in rows:
                if args.warmup:
                    driver.run(row.target, args.warmup)
                row.slices.append(driver.run(row.target, slice_seconds))
            for row in rows:
                row.ratios.append(row.slices[-1].rps / max(ceiling.slices[-1].rps, 1e-9))
            say(f"  round {number}/{args.rounds}: " + " · ".join(
                f"{row.target.page.split(' (')[0]} {row.target.person[0]} {row.slices[-1].rps:,.0f}" for row in rows
            ))  # fmt: skip
            if mix:
                mix_ceiling = mix.page_for(slice_seconds, "/_probe/rows", heavy.cookie_header)
                mix_figures.add_round(mix_ceiling, mix.round(mix_people))
                # Their wins go, so Today and the week keep their real size round after round.
                remove_mix_wins(args.database_url, started, [p.email for p in pool])
                whole = mix_figures.rows[WHOLE_MIX].slices[-1]
                say(
                    f"  round {number}/{args.rounds}, realistic mix: {whole.rps:,.0f} req/s over "
                    f"{whole.requests:,} requests, the ceiling driven alike {mix_ceiling.rps:,.0f} req/s"
                )
        assets = weigh_page(base, heavy, "/week/")
    # Only now: gunicorn finishes the requests wrk left in flight after each slice,
    # and their wins must go too. (They went to days 60 days ago or more.)
    removed = remove_benchmark_wins(args.database_url, started, vacuum=True)
    say(f"Removed the {removed:,} wins the quick-log runs logged.")

    latest, summary = build_report(
        rows=rows, ceiling=ceiling, size=size, assets=assets, mix=mix_figures, started=started, load=load, args=args
    )

    def cell(row: Row | None) -> str:
        if row is None:
            return "n/a"
        return f"{row.rps:,.0f} · {fmt_ms(row.p99_ms)} · {row.ratio:.0%}"

    log_line = (
        f"| {started:%Y-%m-%d %H:%M} | {args.label or '-'} | {size.wins:,} | {ceiling.rps:,.0f} | "
        f"{cell(summary['week'])} | {cell(summary['post'])} | {summary['weight']} | {cell(summary['mix'])} |"
    )
    print(latest)
    if not args.no_write:
        write_results(args.results, latest, log_line)
        say(f"Written to {args.results.relative_to(ROOT) if args.results.is_relative_to(ROOT) else args.results}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
