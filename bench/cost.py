#!/usr/bin/env python
"""CPU time per request, split between the app (Python) and PostgreSQL, on the benchmark data.

    .venv/bin/python bench/cost.py [--requests 200]

wrk's figures on a shared machine move with the neighbours' load; CPU time
spent per request moves much less, and it says which tier runs out first
(docs/SCALING.md does the arithmetic). Each page is requested through Django's
test client, in this process, as the heavy and the new person; the app's share
is this process's CPU time, PostgreSQL's share is the CPU time of the server
process behind this connection (read from /proc, so PostgreSQL must run on this
machine; both from /proc/<pid>/schedstat). It also counts Python function
calls and database round trips per request, which do not move with the load
at all. Writes made by the requests (sessions, visits) are kept, as in real use;
the quick-log POSTs' wins are deleted at the end. BENCH_PROBES=1 installs the
bench app, for the ceiling probes.
"""

import argparse
import cProfile
import datetime
import os
import pstats
import statistics
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.explain import DEFAULT_DATABASE_URL, setup_django  # noqa: E402

QUICK_LOG_TEXT = "Benchmark quick log (bench/cost.py)"


def cpu_seconds(pid: int | str) -> float:
    """Time the process has run on a CPU, in nanosecond resolution (the first field of schedstat)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--requests", type=int, default=200, help="requests per page and person")
    args = parser.parse_args(argv)
    os.environ["BENCH_PROBES"] = "1"
    setup_django(args.database_url)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from allies.models import AllyLink
    from journal.models import Win

    people = {key: User.objects.get(email=f"{key}@example.com") for key in ("heavy", "new", "ally")}
    clients = {}
    for key, user in people.items():
        clients[key] = Client()
        clients[key].force_login(user)
    year = people["heavy"].local_today().year
    links = {key: AllyLink.objects.get(owner=people[key], ally=people["ally"]).code for key in ("heavy", "new")}
    pages = [("Probe: short string", "heavy", "/_probe/text"), ("Probe: 20 rows", "heavy", "/_probe/rows")]
    for who in ("heavy", "new"):
        pages += [
            ("Today", who, "/"),
            ("Week", who, "/week/"),
            ("Year", who, f"/year/{year}/"),
            ("Ally's view", who, f"/allies/{links[who]}/"),
            ("Quick log (POST, htmx)", who, "/"),
        ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def sender(name: str, who: str, path: str):
        client = clients["ally" if name == "Ally's view" else who]
        if not name.startswith("Quick log"):
            return lambda: client.get(path)
        # As bench/quick_log.lua sends it: htmx, a fresh key each time, a day long past ("Another day?").
        day = (people[who].local_today() - datetime.timedelta(days=100)).isoformat()
        fields = {"text": QUICK_LOG_TEXT, "category": "self-care", "mood": "3", "occurred_on": day}
        return lambda: client.post(path, {**fields, "idempotency_key": str(uuid.uuid4())}, HTTP_HX_REQUEST="true")

    results = []
    rounds, per_round = 5, max(args.requests // 5, 1)
    for name, who, path in pages:
        send = sender(name, who, path)
        for _ in range(10):
            if send().status_code != 200:
                raise SystemExit(f"{name} ({path}) did not answer 200 for {who}")
        app, db = [], []
        for _ in range(rounds):
            app0, db0 = cpu_seconds("self"), cpu_seconds(backend)
            for _ in range(per_round):
                send()
            app.append((cpu_seconds("self") - app0) / per_round * 1000)
            db.append((cpu_seconds(backend) - db0) / per_round * 1000)
        # Python function calls per request: unlike time, the count does not move with the neighbours' load.
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profile.enable()
            for _ in range(10):
                send()
            profile.disable()
        calls = pstats.Stats(profile).total_calls / 10
        results.append((name, who, statistics.median(app), statistics.median(db), calls, len(queries) / 10))
    Win.all_objects.filter(owner__in=people.values(), text=QUICK_LOG_TEXT).delete()
    probe_calls = results[1][4]
    print(f"CPU per request, median of 5 rounds of {per_round} requests, and Python calls per request:")
    print("| page | person | app CPU | PostgreSQL CPU | Python calls | calls vs the 20-row probe | round trips |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, who, app_ms, db_ms, calls, trips in results:
        print(
            f"| {name} | {who} | {app_ms:.2f} ms | {db_ms:.2f} ms | {calls:,.0f} | {calls / probe_calls:.2f}x "
            f"| {trips:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
