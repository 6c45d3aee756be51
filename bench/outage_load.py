"""The outage run's load: logged-in clients posting quick-log wins on a schedule, and a poller of the crisis page."""

import datetime
import http.client
import http.cookies
import random
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

from bench.outage_db import PASSWORD

KIND_503 = "reach your journal right now"


@dataclass
class Answer:
    at: float  # seconds since the load started
    status: int | None  # None: no HTTP answer at all
    kind: str  # ok, kind-503, unkind-error, dropped, other
    seconds: float


@dataclass
class Post:
    client: int
    key: str
    text: str
    due: float
    # An earlier day (the form's "Another day?"), as bench/quick_log.lua does, so
    # each person's Today keeps its real size instead of growing by hundreds of wins.
    day: str
    answers: list[Answer] = field(default_factory=list)
    acknowledged: bool = False


class Person:
    """One logged-in browser: its own cookies, session and CSRF token."""

    def __init__(self, port: int, email: str, timeout: float = 10):
        self.port = port
        self.email = email
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
            data = None
            if body is not None:
                data = urllib.parse.urlencode(body)
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            if response.status < 500:
                for header in response.headers.get_all("Set-Cookie") or []:
                    cookie = http.cookies.SimpleCookie(header)
                    for name, morsel in cookie.items():
                        if morsel["max-age"] == "0" or morsel.value == "":
                            self.cookies.pop(name, None)
                        else:
                            self.cookies[name] = morsel.value
            return response.status, content
        finally:
            conn.close()

    def log_in(self) -> None:
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies["csrftoken"]},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.email} could not log in (status {status})")
        status, body = self.request("GET", "/")
        if status != 200 or "Today I" not in body:
            raise RuntimeError(f"{self.email} logged in but Today answered {status}")

    def post_win(self, post: Post) -> tuple[int, str]:
        token = self.cookies["csrftoken"]
        return self.request(
            "POST",
            "/",
            {
                "text": post.text,
                "category": "other",
                "occurred_on": post.day,
                "idempotency_key": post.key,
                "csrfmiddlewaretoken": token,
            },
            {"HX-Request": "true", "X-CSRFToken": token},
        )


def classify(status: int | None, body: str) -> str:
    if status is None:
        return "dropped"
    if 200 <= status < 300:
        return "ok"
    if status == 503 and KIND_503 in body:
        return "kind-503"
    if status >= 500:
        return "unkind-error"
    return "other"


@dataclass
class Run:
    scenario: str
    rate: float
    duration: float
    clients: int
    workers: int
    outage_seconds: float
    started: float = 0.0
    today: datetime.date = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).date())
    posts: list[Post] = field(default_factory=list)
    crisis: list[Answer] = field(default_factory=list)
    events: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def now(self) -> float:
        return time.monotonic() - self.started


def client_loop(run: Run, number: int, person: Person, grace: float) -> None:
    """New posts on schedule; failed ones again with the same key until they are acknowledged."""
    sequence = 0
    retries: list[tuple[float, Post]] = []
    while True:
        now = run.now()
        next_new = (sequence * run.clients + number) / run.rate
        stop_new = next_new >= run.duration
        if stop_new and not retries:
            return
        if now > run.duration + grace:
            return
        due_retry = min(retries, key=lambda item: item[0]) if retries else None
        if due_retry and due_retry[0] <= now:
            # An earlier post waiting for its answer goes first, as a browser's retry would.
            retries.remove(due_retry)
            post = due_retry[1]
        elif not stop_new and next_new <= now:
            day = (run.today - datetime.timedelta(days=random.randint(30, 1500))).isoformat()  # noqa: S311
            post = Post(number, str(uuid.uuid4()), f"Outage check: client {number}, win {sequence}", next_new, day)
            sequence += 1
            with run.lock:
                run.posts.append(post)
        else:
            wake = min([t for t, _ in retries] + ([next_new] if not stop_new else []))
            time.sleep(max(0.0, min(wake - now, 0.05)))
            continue
        began = run.now()
        try:
            status, body = person.post_win(post)
        except (OSError, http.client.HTTPException):
            status, body = None, ""
        answer = Answer(began, status, classify(status, body), round(run.now() - began, 4))
        post.answers.append(answer)
        if answer.kind == "ok":
            post.acknowledged = True
        elif answer.kind != "other":
            delay = min(2.0, 0.25 * 2 ** (len(post.answers) - 1))
            retries.append((run.now() + delay, post))


def crisis_loop(run: Run, port: int) -> None:
    while not run.stop.is_set():
        began = run.now()
        status = None
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/crisis/")
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            status = response.status if "988" in body else -response.status
            conn.close()
        except (OSError, http.client.HTTPException):
            pass
        run.crisis.append(Answer(began, status, "ok" if status == 200 else "failed", round(run.now() - began, 4)))
        time.sleep(0.25)
