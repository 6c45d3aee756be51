"""The steps of the realistic mix (bench/mix.py): one request each, for one person, as their browser sends it."""

import http.client
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.mix_forms import Form, StepFailed, find_form
from bench.visitor import PASSWORD

WIN_TEXTS = ("Went for a short walk at lunch", "Called my sister back")
EDITED = " and it felt good"
_EDIT_LINK = re.compile(r"/wins/([0-9a-f-]{36})/edit/")


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


def expect(answer: Answer, status: int, marker: str = "") -> Answer:
    if answer.status != status:
        raise StepFailed(f"answered {answer.status}, not {status}")
    if marker and marker not in answer.body:
        raise StepFailed(f"answered without {marker!r}")
    return answer


# The steps: each sends one request for the person and keeps what the next steps need.


def open_log_in(c: Client, j: Journey) -> Answer:
    answer = expect(c.send(j, "GET", "/accounts/login/"), 200)
    j.forms["log_in"] = find_form(answer.body, "login", "password")
    return answer


def log_in(c: Client, j: Journey) -> Answer:
    fields = j.forms["log_in"].filled(login=j.email, password=PASSWORD)
    return expect(c.send(j, "POST", "/accounts/login/", fields), 302)


def open_today(c: Client, j: Journey) -> Answer:
    answer = expect(c.send(j, "GET", "/"), 200)
    j.forms["log"] = find_form(answer.body, "text", "idempotency_key")
    j.forms["quick"] = find_form(answer.body, "preset")
    return answer


def log_a_win(number: int) -> Callable[[Client, Journey], Answer]:
    def step(c: Client, j: Journey) -> Answer:
        fields = j.forms["log"].filled(text=WIN_TEXTS[number], category="body-health" if number else "connection")
        answer = expect(c.send(j, "POST", "/", fields, htmx=True), 200)
        # The answer brings a fresh form (a new idempotency key) for the next win, and the new win.
        j.forms["log"] = find_form(answer.body, "text", "idempotency_key")
        found = _EDIT_LINK.search(answer.body)
        if found is None:
            raise StepFailed("the logged win came back without its Edit link")
        j.win = j.win or found.group(1)
        return answer

    return step


def log_a_quick_win(c: Client, j: Journey) -> Answer:
    return expect(c.send(j, "POST", "/wins/quick/", j.forms["quick"].fields, htmx=True), 200)


def open_week(c: Client, j: Journey) -> Answer:
    return expect(c.send(j, "GET", "/week/"), 200, WIN_TEXTS[0])


def open_the_win_to_edit(c: Client, j: Journey) -> Answer:
    answer = expect(c.send(j, "GET", f"/wins/{j.win}/edit/?next=/week/", htmx=True), 200)
    j.forms["edit"] = find_form(answer.body, "text")
    return answer


def save_the_edit(c: Client, j: Journey) -> Answer:
    form = j.forms["edit"]
    fields = form.filled(text=form.value("text") + EDITED)
    return expect(c.send(j, "POST", f"/wins/{j.win}/edit/?next=/week/", fields, htmx=True), 200, EDITED)


def open_week_again(c: Client, j: Journey) -> Answer:
    return expect(c.send(j, "GET", "/week/"), 200, EDITED)


def open_year(c: Client, j: Journey) -> Answer:
    return expect(c.send(j, "GET", f"/year/{j.year}/"), 200)


def open_ally_space(c: Client, j: Journey) -> Answer:
    return expect(c.send(j, "GET", j.ally_space), 200)


def log_out(c: Client, j: Journey) -> Answer:
    return expect(c.send(j, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": j.cookies.get("csrftoken", "")}), 302)


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
