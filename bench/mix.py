"""The realistic mix that `make bench` measures beside its single pages (bench/run.py drives it).

Each simulated person is a seeded person who is someone's ally: the
@bulk.example people with an ally link, and ally@example.com.
With cookies of their own, from an address of their own, they:

 1. open the log-in page and log in through the real form;
 2. open Today, log two wins with its form and one quick win, as htmx sends them;
 3. open the week, edit one of the new wins (the inline form, then saving it),
    open the week again and the year;
 4. open, as an ally, the space of the person they support;

and then log out (not measured). A round takes N people through these steps
one step at a time: all N open the log-in page, 16 at a time, then all N log
in, and so on. So each step's req/s, p50 and p99 come from 16 concurrent
requests of that step alone, as wrk measures a page, and still every request
is that person's next one, with the cookies their earlier steps gave them: the
week is opened right after wins were logged and a win edited, never only as a
repeat visit. The whole mix's req/s is all the round's requests over all its
steps' time.

Each journey comes from its own loopback address (127.1.0.1 and up), as
people come from their own: the log-in throttle counts per address, and a
thousand log-ins a minute from one would meet it.

Only the standard library: a thread per concurrent person, one connection per
request (gunicorn's sync workers close each one, as they do for wrk). Pages
are checked by status and a few bytes; only the forms a step needs are parsed,
and only their own markup, so the driver takes little of the CPU the server
needs.

The steps themselves are in bench/mix_steps.py (the forms they fill, read by
bench/mix_forms.py); this module draws the people and times the steps.
"""

import http.client
import ipaddress
import math
import threading
import time
from dataclasses import dataclass

import psycopg

from bench.dataset import ALLY_EMAIL
from bench.mix_forms import StepFailed
from bench.mix_steps import STEPS, Client, Journey, expect, log_out

BULK_DOMAIN = "bulk.example"
FIRST_SOURCE = ipaddress.IPv4Address("127.1.0.1")


@dataclass
class Phase:
    """One step for every person of a round (or a page for some seconds): its time and each answer's."""

    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0

    @classmethod
    def combined(cls, phases: list["Phase"]) -> "Phase":
        return cls(
            sum(p.seconds for p in phases), [ms for p in phases for ms in p.latencies_ms], sum(p.errors for p in phases)
        )


@dataclass
class Person:
    email: str
    ally_space: str


def ally_pool(database_url: str) -> list[Person]:
    """Every seeded person who is someone's ally, with the space of the first person they support."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT DISTINCT ON (a.id) a.email, l.code FROM allies_allylink l"
            " JOIN accounts_user a ON a.id = l.ally_id WHERE a.email LIKE %s OR a.email = %s ORDER BY a.id, l.id",
            [f"%@{BULK_DOMAIN}", ALLY_EMAIL],
        ).fetchall()
    return [Person(email, f"/allies/{code}/") for email, code in rows]


class Mix:
    def __init__(self, host: str, port: int, pool: list[Person], *, concurrency: int, year: int):
        if not pool:
            raise ValueError("the mix needs at least one seeded person who is someone's ally")
        self.client = Client(host, port)
        self.pool = pool
        self.concurrency = concurrency
        self.year = year
        self.started = 0  # journeys so far: each gets the next person and the next address

    def journeys(self, count: int) -> list[Journey]:
        made = []
        for n in range(self.started, self.started + count):
            person = self.pool[n % len(self.pool)]
            made.append(Journey(person.email, person.ally_space, str(FIRST_SOURCE + n), self.year))
        self.started += count
        return made

    def check(self) -> None:
        """One person through every step, alone, so the benchmark cannot measure error pages."""
        (journey,) = self.journeys(1)
        for name, step in [*STEPS, ("Log out", log_out)]:
            try:
                step(self.client, journey)
            except (StepFailed, OSError, http.client.HTTPException) as error:
                raise SystemExit(f"The mix's step {name!r} for {journey.email}: {error}; fix that first.") from None

    def phase(self, step, journeys: list[Journey]) -> Phase:
        """`step` for each journey still going, `concurrency` at a time."""
        pending = iter([j for j in journeys if not j.failed])
        lock = threading.Lock()
        latencies: list[float] = []
        errors = 0

        def worker():
            nonlocal errors
            while True:
                with lock:
                    journey = next(pending, None)
                if journey is None:
                    return
                try:
                    answer = step(self.client, journey)
                except (StepFailed, OSError, http.client.HTTPException) as error:
                    journey.failed = str(error)
                    with lock:
                        errors += 1
                    continue
                with lock:
                    latencies.append(answer.ms)

        started = time.perf_counter()
        self._in_threads(worker)
        return Phase(time.perf_counter() - started, latencies, errors)

    def page_for(self, seconds: float, path: str, cookie_header: str) -> Phase:
        """One page, again and again for `seconds`, for one logged-in person: the ceiling, driven alike."""
        cookies = dict(part.split("=", 1) for part in cookie_header.split("; "))
        deadline = time.perf_counter() + seconds
        lock = threading.Lock()
        latencies: list[float] = []
        errors = 0

        def worker():
            nonlocal errors
            journey = Journey("", "", "127.0.0.1", self.year, cookies=dict(cookies))
            while time.perf_counter() < deadline:
                try:
                    answer = expect(self.client.send(journey, "GET", path), 200)
                except (StepFailed, OSError, http.client.HTTPException):
                    with lock:
                        errors += 1
                    continue
                with lock:
                    latencies.append(answer.ms)

        started = time.perf_counter()
        self._in_threads(worker)
        return Phase(time.perf_counter() - started, latencies, errors)

    def round(self, people: int) -> dict[str, Phase]:
        """`people` journeys, step by step; then they log out (not measured)."""
        journeys = self.journeys(people)
        phases = {name: self.phase(step, journeys) for name, step in STEPS}
        self.phase(log_out, journeys)
        return phases

    def _in_threads(self, worker) -> None:
        threads = [threading.Thread(target=worker) for _ in range(self.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
