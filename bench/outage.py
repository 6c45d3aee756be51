#!/usr/bin/env python
"""Outages under load: `make outage` or `.venv/bin/python bench/outage.py --help`.

What one run does, in order:

1. creates its own database (smallwins_outage, dropped and made afresh),
   migrates it and adds one person per client;
2. starts gunicorn as in production (config/gunicorn.py, sync workers,
   persistent connections with health checks) but without HTTPS;
3. logs each client in through the real log-in form, so each has its own
   session cookie and CSRF token;
4. for --duration seconds, sends --rate quick-log posts per second in total,
   shared between the clients, exactly as htmx sends them from Today. Every
   post carries its own idempotency key; after an error (a 5xx, a dropped
   connection, a timeout) the client sends the same post again, with the same
   key, a moment later, while new posts keep to the schedule;
5. a third of the way in, takes the database away:
     --scenario terminate  refuses new connections to smallwins_outage and
                           terminates every backend connected to it
                           (pg_terminate_backend), for --outage-seconds; only
                           this database is touched, so it is safe while
                           others run tests on the machine;
     --scenario restart    restarts the whole PostgreSQL cluster
                           (pg_ctlcluster ... restart). Every database on the
                           machine goes away for a moment: run it last;
6. two thirds of the way in, kills one gunicorn worker with SIGKILL; the master
   starts a new one;
7. polls the static crisis page (/crisis/) four times a second throughout;
8. then checks, straight from the database: every post acknowledged with a
   2xx is there exactly once; no idempotency key is there twice; every error
   answer during the outage was the kind 503 page; the app answered 2xx again
   after the outage without gunicorn being restarted (same master process);
   the crisis page answered 200 every time.

It prints a summary, writes the details as JSON to var/outage/, and with
--record adds a row to the table in docs/RELIABILITY.md. The exit status is 0
only if every check passed.
"""

# ruff: noqa: E402
import argparse
import datetime
import json
import os
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script (bench/outage.py), it still finds the bench package

from bench.outage_check import check, record
from bench.outage_db import DATABASE, SERVER_URL, fresh_database, stored_keys
from bench.outage_disruptions import kill_a_worker, take_database_away
from bench.outage_load import Person, Run, client_loop, crisis_loop
from bench.outage_server import VAR_DIR, Server, free_port


def say(message: str) -> None:
    print(f"[outage {time.strftime('%H:%M:%S')}] {message}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=["terminate", "restart"], default="terminate")
    parser.add_argument("--rate", type=float, default=50, help="quick-log posts per second, all clients together")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--outage-seconds", type=float, default=None, help="how long the database stays away (terminate: 5)"
    )
    parser.add_argument("--grace", type=float, default=45, help="seconds after the load for retries to finish")
    parser.add_argument("--no-kill", action="store_true", help="leave the gunicorn workers alone")
    parser.add_argument("--record", action="store_true", help="add a row to docs/RELIABILITY.md")
    args = parser.parse_args()
    if args.outage_seconds is None:
        args.outage_seconds = 5.0 if args.scenario == "terminate" else 0.0

    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE", "LOG_LEVEL"}
    }
    env.update({"DATABASE_URL": f"{SERVER_URL}/{DATABASE}", "DEBUG": "0", "SECURE": "0", "LOG_LEVEL": "WARNING"})
    say(f"preparing {DATABASE} with {args.clients} people")
    emails = fresh_database(env, args.clients)
    server = Server(env, free_port(), args.workers)
    master = server.process.pid
    say(f"gunicorn master {master}, workers {server.workers()} on port {server.port}")
    run = Run(args.scenario, args.rate, args.duration, args.clients, args.workers, args.outage_seconds)
    try:
        people = [Person(server.port, email) for email in emails]
        for person in people:
            person.log_in()
        say(f"{len(people)} clients logged in; {args.rate:g} posts/s for {args.duration:g} s")
        run.started = time.monotonic()
        threads = [
            threading.Thread(target=client_loop, args=(run, n, person, args.grace), daemon=True)
            for n, person in enumerate(people)
        ]
        threads.append(threading.Thread(target=crisis_loop, args=(run, server.port), daemon=True))
        for thread in threads:
            thread.start()
        time.sleep(args.duration / 3)
        say(f"taking the database away ({args.scenario}, {args.outage_seconds:g} s)")
        take_database_away(run, args.scenario, args.outage_seconds)
        say(f"database back after {run.events['outage_end'] - run.events['outage_start']:.1f} s")
        if not args.no_kill:
            time.sleep(max(0.0, args.duration * 2 / 3 - run.now()))
            kill_a_worker(run, server)
            say(f"killed worker {run.events['worker_killed']['pid']} with SIGKILL; workers now {server.workers()}")
        for thread in threads[:-1]:
            thread.join()
        run.stop.set()
        threads[-1].join(timeout=10)
        same_master = server.alive() and server.process.pid == master
    finally:
        server.stop()
    stored = stored_keys(env, emails)
    summary = check(run, stored, same_master)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    details = VAR_DIR / f"{args.scenario}-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}.json"
    details.write_text(
        json.dumps(
            {
                "args": vars(args),
                "events": run.events,
                **summary,
                "posts": [asdict(p) for p in run.posts],
                "crisis": [asdict(a) for a in run.crisis],
            },
            indent=1,
        )
    )
    print()
    for name, value in summary["results"].items():
        print(f"  {name:<52} {value}")
    print()
    for name, passed in summary["checks"].items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    print(f"\n  details: {details.relative_to(ROOT)}")
    if args.record:
        recorded = record(summary, args)
        say(f"recorded a row in {recorded.relative_to(ROOT)}")
    return 0 if all(summary["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
