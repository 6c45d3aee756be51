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
"""

import http.client
import ipaddress
import math
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import psycopg

PASSWORD = "small wins at scale"  # noqa: S105 (the synthetic people's published password; bench/seeding/people.py)
BULK_DOMAIN = "bulk.example"
ALLY_EMAIL = "ally@example.com"
FIRST_SOURCE = ipaddress.IPv4Address("127.1.0.1")
WIN_TEXTS = ("Went for a short walk at lunch", "Called my sister back")
EDITED = " and it felt good"
_FORM = re.compile(r"<form\b.*?</form>", re.DOTALL | re.IGNORECASE)
_EDIT_LINK = re.compile(r"/wins/([0-9a-f-]{36})/edit/")


class StepFailed(Exception):
    """An answer that a person's browser would not have been happy with."""


# --- forms, as a browser would send them -------------------------------------------------


@dataclass
class Form:
    fields: list[tuple[str, str]] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}

    def value(self, name: str) -> str:
        return next((value for field_name, value in self.fields if field_name == name), "")

    def filled(self, **values: str) -> list[tuple[str, str]]:
        """The fields with `values` typed in (replacing what was there)."""
        return [(n, v) for n, v in self.fields if n not in values] + list(values.items())


class _FormReader(HTMLParser):
    """The fields one <form> would submit: inputs, checked boxes, chosen options, textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.form = Form()
        self._select: list | None = None  # [name, chosen, first]
        self._textarea: list | None = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.form.fields.append((name, a.get("value") or "on"))
                return
            self.form.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.form.fields.append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.form.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def find_form(page: str, *names: str) -> Form:
    """The first form on the page that holds all these fields."""
    for markup in _FORM.findall(page):
        if all(f'name="{name}"' in markup for name in names):
            reader = _FormReader()
            reader.feed(markup)
            return reader.form
    raise StepFailed(f"no form with the fields {', '.join(names)}")


# --- one person's visit ---------------------------------------------------------------------


@dataclass
class Journey:
    """One person's way through the mix: who, from where, and what their browser holds."""

    email: str
    ally_space: str  # the path of the space they open as an ally
    source: str  # the loopback address their requests come from
    year: int
    cookies: dict[str, str] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    win: str = ""  # the code of a win they logged, to edit
    failed: str = ""  # why the journey stopped, if it did


@dataclass
class Answer:
    status: int
    body: str
    ms: float


class Client:
    def __init__(self, host: str, port: int):
        self.host = host
        self.port = port

    def send(self, j: Journey, method: str, path: str, fields=None, *, htmx: bool = False) -> Answer:
        headers = {}
        if j.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in j.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
            if fields is not None:
                # htmx adds the page's token (<body hx-headers>); the cookie's own secret passes the same check.
                headers["X-CSRFToken"] = j.cookies.get("csrftoken", "")
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=(j.source, 0))
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        ms = (time.perf_counter() - started) * 1000
        for cookie in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in cookie.lower():
                j.cookies[name.strip()] = value
            else:
                j.cookies.pop(name.strip(), None)
        return Answer(response.status, content.decode("utf-8", "replace"), ms)


def _expect(answer: Answer, status: int, marker: str = "") -> Answer:
    if answer.status != status:
        raise StepFailed(f"answered {answer.status}, not {status}")
    if marker and marker not in answer.body:
        raise StepFailed(f"answered without {marker!r}")
    return answer


# The steps: each sends one request for the person and keeps what the next steps need.


def open_log_in(c: Client, j: Journey) -> Answer:
    answer = _expect(c.send(j, "GET", "/accounts/login/"), 200)
    j.forms["log_in"] = find_form(answer.body, "login", "password")
    return answer


def log_in(c: Client, j: Journey) -> Answer:
    fields = j.forms["log_in"].filled(login=j.email, password=PASSWORD)
    return _expect(c.send(j, "POST", "/accounts/login/", fields), 302)


def open_today(c: Client, j: Journey) -> Answer:
    answer = _expect(c.send(j, "GET", "/"), 200)
    j.forms["log"] = find_form(answer.body, "text", "idempotency_key")
    j.forms["quick"] = find_form(answer.body, "preset")
    return answer


def log_a_win(number: int) -> Callable[[Client, Journey], Answer]:
    def step(c: Client, j: Journey) -> Answer:
        fields = j.forms["log"].filled(text=WIN_TEXTS[number], category="body-health" if number else "connection")
        answer = _expect(c.send(j, "POST", "/", fields, htmx=True), 200)
        # The answer brings a fresh form (a new idempotency key) for the next win, and the new win.
        j.forms["log"] = find_form(answer.body, "text", "idempotency_key")
        found = _EDIT_LINK.search(answer.body)
        if found is None:
            raise StepFailed("the logged win came back without its Edit link")
        j.win = j.win or found.group(1)
        return answer

    return step


def log_a_quick_win(c: Client, j: Journey) -> Answer:
    return _expect(c.send(j, "POST", "/wins/quick/", j.forms["quick"].fields, htmx=True), 200)


def open_week(c: Client, j: Journey) -> Answer:
    return _expect(c.send(j, "GET", "/week/"), 200, WIN_TEXTS[0])


def open_the_win_to_edit(c: Client, j: Journey) -> Answer:
    answer = _expect(c.send(j, "GET", f"/wins/{j.win}/edit/?next=/week/", htmx=True), 200)
    j.forms["edit"] = find_form(answer.body, "text")
    return answer


def save_the_edit(c: Client, j: Journey) -> Answer:
    form = j.forms["edit"]
    fields = form.filled(text=form.value("text") + EDITED)
    return _expect(c.send(j, "POST", f"/wins/{j.win}/edit/?next=/week/", fields, htmx=True), 200, EDITED)


def open_week_again(c: Client, j: Journey) -> Answer:
    return _expect(c.send(j, "GET", "/week/"), 200, EDITED)


def open_year(c: Client, j: Journey) -> Answer:
    return _expect(c.send(j, "GET", f"/year/{j.year}/"), 200)


def open_ally_space(c: Client, j: Journey) -> Answer:
    return _expect(c.send(j, "GET", j.ally_space), 200)


def log_out(c: Client, j: Journey) -> Answer:
    return _expect(c.send(j, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": j.cookies.get("csrftoken", "")}), 302)


STEPS: list[tuple[str, Callable[[Client, Journey], Answer]]] = [
    ("Log-in page", open_log_in),
    ("Log in (POST)", log_in),
    ("Today", open_today),
    ("Log a win (POST, htmx)", log_a_win(0)),
    ("Log another win (POST, htmx)", log_a_win(1)),
    ("Quick win (POST, htmx)", log_a_quick_win),
    ("Week, after logging", open_week),
    ("Edit a win: the form (htmx)", open_the_win_to_edit),
    ("Edit a win: save (POST, htmx)", save_the_edit),
    ("Week, after the edit", open_week_again),
    ("Year", open_year),
    ("Ally's space (as ally)", open_ally_space),
]
LOG_IN_STEPS = 2  # the first two: Argon2 makes logging in slow on purpose


# --- measuring ------------------------------------------------------------------------------


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
                    answer = _expect(self.client.send(journey, "GET", path), 200)
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
