#!/usr/bin/env python
"""A big Daylio (or JSON) import, run as the task worker runs it: `.venv/bin/python bench/import_rows.py --help`.

Makes a Daylio CSV of --rows entries (dates from 1990 on, 30 a day, short notes
on some, a few sets of activities, as a long-kept journal has), saves it as a
pending ImportJob for a person of its own, and calls the task function
(journal.portability.jobs.run_import) in this process. While it runs, a
second thread reads the job's row through its own database connection, as the
polling page does, and counts the progress it sees. Then it prints the time,
the peak memory and what the poller saw, and deletes its person (and with them
every imported win). It uses DATABASE_URL, and never touches anyone else's
rows.

Peak memory is the process's peak resident set size during the import alone
(Linux's VmHWM, reset just before it), and with --tracemalloc also Python's own
peak allocation during the import (tracemalloc slows Python down several
times: that run's time is not the figure to quote).
"""

import argparse
import datetime
import gc
import io
import json
import os
import random
import sys
import threading
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402

from accounts.models import User  # noqa: E402
from journal.models import ImportJob, Win  # noqa: E402
from journal.portability.jobs import run_import  # noqa: E402

ACTIVITIES = ["walk | friends", "sleep", "work | cooking", "movies | family", "gym", "reading", "", "cleaning", "yoga"]
MOODS = ["rad", "good", "meh", "bad", "awful"]
NOTES = ["", "", "", "Laughed a lot", "Long day but I made dinner", "Called mum and felt better after", "Tired"]


def daylio_file(rows: int) -> bytes:
    pick = random.Random(14)  # noqa: S311 - the same file every run
    out = io.BytesIO()
    out.write(b"full_date,date,weekday,time,mood,activities,note_title,note\n")
    start = datetime.date(1990, 1, 1)
    for n in range(rows):
        day = start + datetime.timedelta(days=n // 30)
        line = (
            f"{day},{day:%B} {day.day},{day:%A},{8 + n % 12}:{n % 60:02d},{pick.choice(MOODS)},"
            f'"{pick.choice(ACTIVITIES)}",,"{pick.choice(NOTES)}"\n'
        )
        out.write(line.encode())
    return out.getvalue()


def json_file(rows: int) -> bytes:
    """A Small Wins export of `rows` wins without photos (the JSON reader takes its file whole)."""
    pick = random.Random(14)  # noqa: S311 - the same file every run
    start = datetime.date(1990, 1, 1)
    wins = [
        {
            "code": str(uuid.UUID(int=n + 1)),
            "occurred_on": str(start + datetime.timedelta(days=n // 30)),
            "text": pick.choice(NOTES[3:]) + f" ({n})",
            "category": "rest",
            "mood": pick.randint(1, 5),
            "hard_day": False,
            "shared_with_allies": False,
            "created_at": f"{start + datetime.timedelta(days=n // 30)}T12:00:00+00:00",
            "updated_at": f"{start + datetime.timedelta(days=n // 30)}T12:00:00+00:00",
            "photo": None,
        }
        for n in range(rows)
    ]
    return json.dumps({"format": "small-wins-export", "version": 1, "wins": wins}, indent=2).encode()


def memory_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (the peak since the last reset) of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    # Linux: writing 5 to clear_refs starts VmHWM again from the current resident size.
    Path("/proc/self/clear_refs").write_text("5")


class Poller(threading.Thread):
    """Reads the job's row every half second through its own connection, as the polling page would."""

    def __init__(self, job_id: int):
        super().__init__(daemon=True)
        self.job_id = job_id
        self.seen: list[tuple[float, str, int, int | None]] = []
        self.stop = threading.Event()

    def run(self):
        side = connections.create_connection("default")
        started = time.perf_counter()
        try:
            while not self.stop.wait(0.5):
                with side.cursor() as cursor:
                    cursor.execute(
                        "SELECT status, rows_done, rows_total FROM journal_importjob WHERE id = %s", [self.job_id]
                    )
                    row = cursor.fetchone()
                self.seen.append((time.perf_counter() - started, *row))
        finally:
            side.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--tracemalloc", action="store_true", help="also Python's peak allocation (slow)")
    parser.add_argument("--json", action="store_true", help="a Small Wins JSON export instead of a Daylio CSV")
    args = parser.parse_args()
    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, args.rows)

    data = json_file(args.rows) if args.json else daylio_file(args.rows)
    person = User.objects.create_user(email=f"import-bench-{os.getpid()}@example.com", timezone="Europe/London")
    try:
        kind = "json" if args.json else "daylio"
        job = ImportJob.start(owner=person, kind=kind, data=data, restore_settings=False)
        size_mb = len(data) / 1e6
        del data
        gc.collect()
        reset_peak()
        rss_before = memory_mb("VmRSS")
        poller = Poller(job.pk)
        poller.start()
        if args.tracemalloc:
            tracemalloc.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        run_import.call(job.pk)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        traced_peak = tracemalloc.get_traced_memory()[1] / 1e6 if args.tracemalloc else None
        tracemalloc.stop()
        poller.stop.set()
        poller.join()
        job.refresh_from_db()
        wins = Win.objects.filter(owner=person).count()
        load = os.getloadavg()
        print(f"rows: {args.rows:,} ({size_mb:.1f} MB file); job {job.status}, {job.rows_done:,} of {job.rows_total:,}")
        print(f"wins stored: {wins:,}")
        print(f"time: {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s); this process's CPU: {cpu_seconds:.1f} s")
        peak = memory_mb("VmHWM")
        print(f"resident memory: {rss_before:.0f} MB before the import, peak {peak:.0f} MB during it")
        if traced_peak is not None:
            print(f"tracemalloc peak during the import: {traced_peak:.0f} MB")
        running = [row for row in poller.seen if row[1] == "running"]
        steps = sorted({row[2] for row in running})
        print(f"the poller saw {len(running)} readings while running, {len(steps)} different rows-done values")
        if steps:
            print(f"  first {steps[:3]} ... last {steps[-3:]} of total {running[-1][3]}")
        print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)")
        return 0 if job.status == "done" and wins == args.rows else 1
    finally:
        # Straight to SQL: the ORM's cascade would first load every one of the person's wins.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM journal_win WHERE owner_id = %s", [person.pk])
        person.delete()


if __name__ == "__main__":
    sys.exit(main())
