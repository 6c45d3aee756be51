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

# A developer's tool that runs our own programs on our own URLs on localhost:
# ruff: noqa: S310, S603, S607, E402
import argparse
import datetime
import gzip
import html
import http.cookiejar
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script (bench/run.py), it still finds bench.mix

from bench.mix import LOG_IN_STEPS, Mix, Phase, ally_pool

BENCH_DIR = ROOT / "bench"
VAR_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/smallwins_bench"

# Kept in step with bench/seeding/people.py (this script runs outside Django).
HEAVY_EMAIL = "heavy@example.com"
NEW_EMAIL = "new@example.com"
ALLY_EMAIL = "ally@example.com"
PASSWORD = "small wins at scale"  # noqa: S105 (the synthetic people's published password)

GOALS = {
    "week_ratio": 0.60,
    "week_p99_ms": 25.0,
    "new_vs_heavy": 1.10,
    "post_ratio": 0.50,
    "post_p99_ms": 30.0,
    # Issue 15: HTML, CSS, JS, the typeface and the icons on a first visit (issue 8's 30 KB had no font).
    "week_weight_kb": 60.0,
}
LATEST = ("<!-- bench:latest:begin -->", "<!-- bench:latest:end -->")
LOG = ("<!-- bench:log:begin -->", "<!-- bench:log:end -->")
LOG_HEADER = (
    "| date (UTC) | label | wins | 20-row ceiling req/s | week, heavy: req/s · p99 · ratio "
    "| quick log, heavy: req/s · p99 · ratio | week page weight | realistic mix: req/s · p99 · ratio |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
)
# Issue 13's goals, for the steps of the realistic mix (share of the 20-row ceiling).
MIX_GOALS = {
    "Log a win (POST, htmx)": 0.50,
    "Today": 0.50,
    "Week, after logging": 0.40,
    "Ally's space (as ally)": 0.40,
}
WHOLE_MIX = "Whole mix"
AFTER_LOG_IN = "Whole mix after logging in"


# --- small helpers -----------------------------------------------------------


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        say(
            "wrk is not installed. Install it and run again:\n"
            "  Debian/Ubuntu: sudo apt-get install -y wrk\n"
            "  macOS:         brew install wrk\n"
            "  elsewhere:     https://github.com/wg/wrk (make, then put wrk on the PATH)"
        )
        raise SystemExit(2)
    return wrk


def pg_connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, **kwargs)


def ensure_database(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with pg_connect(maintenance) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            say(f"Creating the database {name}.")
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


@dataclass
class DataSize:
    wins: int
    people: int
    heavy_wins: int
    link_codes: dict[str, str]  # owner email -> the ally's link code

    def describe(self) -> str:
        return (
            f"{self.wins:,} wins of {self.people:,} people (the heavy person: {self.heavy_wins:,} wins over five years)"
        )


def data_size(url: str) -> DataSize | None:
    with pg_connect(url) as conn:
        heavy = conn.execute("SELECT id FROM accounts_user WHERE email = %s", [HEAVY_EMAIL]).fetchone()
        if heavy is None:
            return None
        wins = conn.execute("SELECT count(*) FROM journal_win").fetchone()[0]
        people = conn.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
        heavy_wins = conn.execute("SELECT count(*) FROM journal_win WHERE owner_id = %s", heavy).fetchone()[0]
        links = conn.execute(
            "SELECT o.email, l.code FROM allies_allylink l"
            " JOIN accounts_user o ON o.id = l.owner_id JOIN accounts_user a ON a.id = l.ally_id"
            " WHERE a.email = %s",
            [ALLY_EMAIL],
        ).fetchall()
    return DataSize(wins, people, heavy_wins, {email: str(code) for email, code in links})


# --- gunicorn ------------------------------------------------------------------


class Server:
    """gunicorn with the production configuration, minus HTTPS, on a port of its own."""

    def __init__(self, env: dict, port: int):
        self.env = env
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.log_path = VAR_DIR / "gunicorn.log"

    def __enter__(self) -> "Server":
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(f"Something already listens on port {self.port}; pick another with --port.")
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start-up; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise SystemExit(f"gunicorn did not answer /healthz within a minute; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- logging in ------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Visitor:
    """One logged-in person: their cookies, as a header for wrk, and their CSRF token."""

    email: str
    cookie_header: str
    csrf_token: str
    opener: urllib.request.OpenerDirector = field(repr=False)

    def get(self, base: str, path: str, **headers) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(base + path, headers={"Cookie": self.cookie_header, **headers})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def log_in(base: str, email: str) -> Visitor:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("The log-in page has no CSRF field; has the form changed?")
    body = urllib.parse.urlencode({"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
    try:
        opener.open(f"{base}/accounts/login/", data=body.encode(), timeout=30)
        raise SystemExit(f"Logging in as {email} did not redirect: is the benchmark data seeded?")
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise SystemExit(f"Logging in as {email} answered {error.code}") from None
    # Logging in rotates the CSRF token: fetch a page to hold the current one.
    with opener.open(f"{base}/", timeout=30) as response:
        response.read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies or "csrftoken" not in cookies:
        raise SystemExit(f"Logging in as {email} gave no session: cookies were {sorted(cookies)}")
    header = f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"
    return Visitor(email, header, cookies["csrftoken"], opener)


# --- wrk ------------------------------------------------------------------------------

_DURATION = re.compile(r"([\d.]+)(us|ms|s|m)\b")
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _to_ms(text: str) -> float:
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers plus socket errors


def parse_wrk(output: str) -> WrkResult:
    """Requests per second, median and 99th-percentile latency from `wrk --latency` output."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rps and p50 and p99 and total):
        raise ValueError(f"could not read wrk's output:\n{output}")
    errors = 0
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if bad:
        errors += int(bad.group(1))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return WrkResult(float(rps.group(1)), _to_ms(p50.group(1)), _to_ms(p99.group(1)), int(total.group(1)), errors)


@dataclass
class Target:
    page: str
    person: str
    path: str
    visitor: Visitor | None = None
    script_args: list[str] | None = None  # for the quick-log POST script


@dataclass
class Row:
    """One page for one person: its slices of wrk, one per round, and its share of each round's ceiling."""

    target: Target
    slices: list[WrkResult] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        seconds = sum(r.requests / r.rps for r in self.slices if r.rps)
        return sum(r.requests for r in self.slices) / seconds if seconds else 0.0

    @property
    def answered(self) -> list[WrkResult]:
        """The slices in which some request finished (wrk reports 0 ms latencies for the others)."""
        return [r for r in self.slices if r.requests] or self.slices

    @property
    def p50_ms(self) -> float:
        return statistics.median(r.p50_ms for r in self.answered)

    @property
    def p99_ms(self) -> float:
        return statistics.median(r.p99_ms for r in self.answered)

    @property
    def worst_p99_ms(self) -> float:
        return max(r.p99_ms for r in self.answered)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 0.0

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.slices)


class Driver:
    def __init__(self, wrk: str, base: str, *, threads: int, connections: int):
        self.wrk = wrk
        self.base = base
        self.threads = threads
        self.connections = connections

    def command(self, target: Target, seconds: int) -> list[str]:
        cmd = [self.wrk, f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
        if target.script_args is not None:
            cmd += ["-s", str(BENCH_DIR / "quick_log.lua"), self.base + target.path, "--", *target.script_args]
        else:
            if target.visitor:
                cmd += ["-H", f"Cookie: {target.visitor.cookie_header}"]
            cmd.append(self.base + target.path)
        return cmd

    def run(self, target: Target, seconds: int) -> WrkResult:
        done = subprocess.run(self.command(target, seconds), capture_output=True, text=True, check=True)
        return parse_wrk(done.stdout)


def check_answers(base: str, target: Target, expect: bytes) -> None:
    """One request by hand before wrk, so a benchmark of error pages is impossible."""
    if target.script_args is not None:
        visitor = target.visitor
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": visitor.csrf_token,
                "idempotency_key": str(uuid.uuid4()),  # so remove_benchmark_wins() finds it
                "text": "Checked the benchmark works",
                "category": "other",
            }
        ).encode()
        request = urllib.request.Request(
            base + target.path,
            data=body,
            headers={"Cookie": visitor.cookie_header, "HX-Request": "true", "X-CSRFToken": visitor.csrf_token},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
    elif target.visitor:
        status, _headers, content = target.visitor.get(base, target.path)
    else:
        with urllib.request.urlopen(base + target.path, timeout=30) as response:
            status, content = response.status, response.read()
    if status != 200 or expect not in content:
        raise SystemExit(
            f"{target.page} for {target.person} ({target.path}) answered {status} without {expect!r}; "
            "fix that before measuring it."
        )


def remove_benchmark_wins(url: str, since: datetime.datetime, *, vacuum: bool = False) -> int:
    """The quick-log runs wrote wins with idempotency keys; the seeded ones have none."""
    with pg_connect(url) as conn:
        removed = conn.execute(
            "DELETE FROM journal_win WHERE idempotency_key IS NOT NULL AND created_at >= %s"
            " AND owner_id IN (SELECT id FROM accounts_user WHERE email = ANY(%s))",
            [since, [HEAVY_EMAIL, NEW_EMAIL]],
        ).rowcount
        if vacuum:
            conn.execute("VACUUM ANALYZE journal_win")
    return removed


def remove_mix_wins(url: str, since: datetime.datetime, emails: list[str]) -> int:
    """The wins the mix's people logged (its edits only touched those); their seeded wins are older."""
    with pg_connect(url) as conn:
        return conn.execute(
            "DELETE FROM journal_win WHERE created_at >= %s"
            " AND owner_id IN (SELECT id FROM accounts_user WHERE email = ANY(%s))",
            [since, emails],
        ).rowcount


# --- the realistic mix, in the figures of a page ----------------------------------------


def as_slice(phase: Phase) -> WrkResult:
    """A step of the mix in one round, in the figures wrk gives for a page in one round."""
    return WrkResult(phase.rps, phase.percentile_ms(0.5), phase.percentile_ms(0.99), phase.requests, phase.errors)


@dataclass
class MixFigures:
    """The mix over all rounds: a row per step, the whole, and its own measure of the ceiling."""

    people: int  # journeys per round
    pool: int  # different people they were drawn from
    concurrency: int
    ceiling: Row
    rows: dict[str, Row] = field(default_factory=dict)

    def add_round(self, ceiling: Phase, phases: dict[str, Phase]) -> None:
        steps = list(phases.values())
        phases = phases | {WHOLE_MIX: Phase.combined(steps), AFTER_LOG_IN: Phase.combined(steps[LOG_IN_STEPS:])}
        self.ceiling.slices.append(as_slice(ceiling))
        self.ceiling.ratios.append(1.0)
        for name, phase in phases.items():
            row = self.rows.setdefault(name, Row(Target(name, "mix", "")))
            row.slices.append(as_slice(phase))
            row.ratios.append(phase.rps / max(ceiling.rps, 1e-9))


def mix_report(mix: MixFigures, wrk_ceiling: Row) -> list[str]:
    rounds = len(mix.ceiling.slices)
    lines = [
        "",
        "### The realistic mix",
        "",
        f"- {mix.people:,} people per round, taking turns among the {mix.pool:,} seeded people who are someone's ally, "
        "each with cookies and an address of their own: log in through the real form, open Today, log two wins and a "
        "quick win, open the week, edit one of the new wins, open the week again, the year and the space of the "
        "person they support (bench/mix.py). Measured step by step: every person's step, "
        f"{mix.concurrency} at a time, before anyone's next step.",
        "- A step's req/s is its requests over its time; the whole mix's, all its requests over all its steps' time. "
        "The ceiling here is the 20-row probe driven by the same Python driver, at the same concurrency, in the same "
        f"round ({', '.join(f'{r.rps:,.0f}' for r in mix.ceiling.slices)} req/s in the {rounds} rounds; wrk measured "
        f"{', '.join(f'{r.rps:,.0f}' for r in wrk_ceiling.slices)} in the same rounds, for comparison).",
        "",
        "| step | requests | req/s | p50 | p99 | share of the 20-row ceiling |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in mix.rows.items():
        errors = f" ({row.errors:,} errors)" if row.errors else ""
        label = f"**{name}**" if name in (WHOLE_MIX, AFTER_LOG_IN) else name
        lines.append(
            f"| {label} | {sum(r.requests for r in row.slices):,} | {row.rps:,.0f}{errors} | {fmt_ms(row.p50_ms)} | "
            f"{fmt_ms(row.p99_ms)} ({fmt_ms(row.worst_p99_ms)}) | {row.ratio:.0%} |"
        )
    lines += ["", "Goals (issue 13), in the mix:", ""]
    for name, goal in MIX_GOALS.items():
        row = mix.rows.get(name)
        if row:
            mark = "met" if row.ratio >= goal else "MISSED"
            lines.append(f"- {name}: {row.ratio:.0%} of the ceiling (goal ≥ {goal:.0%}): **{mark}**")
    errors = sum(row.errors for name, row in mix.rows.items() if name not in (WHOLE_MIX, AFTER_LOG_IN))
    if errors:
        lines.append(f"- Steps that went wrong (those people stopped there): {errors:,}; the figures are suspect")
    return lines


# --- page weight ----------------------------------------------------------------------


def _brotli_size(data: bytes) -> int | None:
    if shutil.which("brotli") is None:
        return None
    done = subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True, check=True)
    return len(done.stdout)


@dataclass
class Asset:
    name: str
    raw: int
    gzip: int  # bytes on the wire when the browser accepts gzip only (the HTML: gzip -6, as a proxy sends it)
    brotli_served: int | None  # bytes on the wire when it also accepts br, if brotli is what comes back
    brotli_possible: int | None  # brotli -q 11 of the same bytes (WhiteNoise's level, with the brotli package)
    cache_control: str

    @property
    def best_served(self) -> int:
        return min(self.gzip, self.brotli_served or self.gzip)


def weigh_page(base: str, visitor: Visitor, path: str) -> list[Asset]:
    """The page's HTML plus every stylesheet, script, font and icon it loads, compressed."""
    status, _headers, page = visitor.get(base, path, **{"Accept-Encoding": "identity"})
    if status != 200:
        raise SystemExit(f"{path} answered {status}; cannot weigh it")
    # Django sends HTML uncompressed (a proxy in front compresses it): count what gzip -6 would send.
    html_gzip = len(gzip.compress(page, 6))
    assets = [Asset(f"{path} (HTML)", len(page), html_gzip, None, _brotli_size(page), "no-store")]
    text = page.decode()
    urls = re.findall(r'<script[^>]+src="([^"]+)"', text)
    urls += re.findall(r'<link[^>]+rel="(?:stylesheet|icon|preload)"[^>]+href="([^"]+)"', text)
    urls += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="(?:stylesheet|icon|preload)"', text)
    # The icon sprite, once for all the icons that draw from it (the fonts come as preloads).
    urls += [url.split("#")[0] for url in re.findall(r'<use href="([^"]+)"', text)]
    for url in dict.fromkeys(html.unescape(u) for u in urls):
        _status, _headers, plain = visitor.get(base, url, **{"Accept-Encoding": "identity"})
        _status, headers, packed = visitor.get(base, url, **{"Accept-Encoding": "gzip"})
        _status, br_headers, br = visitor.get(base, url, **{"Accept-Encoding": "br, gzip"})
        on_wire = len(packed) if headers.get("Content-Encoding") == "gzip" else len(plain)
        brotli_served = len(br) if br_headers.get("Content-Encoding") == "br" else None
        assets.append(
            Asset(url, len(plain), on_wire, brotli_served, _brotli_size(plain), headers.get("Cache-Control", ""))
        )
    return assets


# --- the report ----------------------------------------------------------------------


def fmt_ms(value: float) -> str:
    return f"{value:.1f} ms"


def build_report(
    *,
    rows: list[Row],
    ceiling: Row,
    size: DataSize,
    assets: list[Asset],
    mix: MixFigures | None,
    started: datetime.datetime,
    load: tuple[float, float, float],
    args,
) -> tuple[str, dict]:
    def find(page: str, person: str) -> Row | None:
        return next((r for r in rows if r.target.page == page and r.target.person == person), None)

    rounds = len(ceiling.slices)
    lines = [
        f"## Latest run: {started:%Y-%m-%d %H:%M} UTC" + (f" ({args.label})" if args.label else ""),
        "",
        f"- Machine: {os.cpu_count()} cores ({_cpu_model()}), {platform.system()} {platform.release()}; "
        f"load average {load[0]:.2f} at the start and {os.getloadavg()[0]:.2f} at the end; tasks waited for a CPU "
        f"{args.pressure_start} of the minute before the run and {cpu_pressure()} of the last (Linux PSI). "
        "wrk, gunicorn and PostgreSQL share these cores, and the PSI figures show how much other work on the "
        "machine competed with them: compare the ratios, not the absolute figures.",
        f"- Data: {size.describe()}.",
        f"- gunicorn: 2 sync workers, DEBUG=0, SECURE=0 (config/gunicorn.py), on the same machine as PostgreSQL "
        f"and wrk. wrk: {args.threads} threads, {args.connections} connections, {args.duration} s per page in "
        f"{rounds} interleaved rounds of {max(1, args.duration // rounds)} s (every page once per round, after a "
        f"{args.warmup} s warm-up each), so slow changes in the neighbours' load touch every page alike.",
        "- req/s over all rounds; p50 and p99 are the medians of the rounds' figures (the worst round's p99 in "
        "brackets); the share of the ceiling is the median of each round's page req/s ÷ that round's 20-row "
        f"probe ({', '.join(f'{r.rps:,.0f}' for r in ceiling.slices)} req/s in the {rounds} rounds).",
        "",
        "| page | person | req/s | p50 | p99 | share of the 20-row ceiling |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        errors = f" ({row.errors:,} errors)" if row.errors else ""
        lines.append(
            f"| {row.target.page} | {row.target.person} | {row.rps:,.0f}{errors} | {fmt_ms(row.p50_ms)} | "
            f"{fmt_ms(row.p99_ms)} ({fmt_ms(row.worst_p99_ms)}) | {row.ratio:.0%} |"
        )

    goals = []

    def goal(text: str, ok: bool | None) -> None:
        mark = "" if ok is None else ("met" if ok else "MISSED")
        goals.append((text, mark))

    week_h, week_n = find("Week", "heavy"), find("Week", "new")
    post_h, post_n = find("Quick log (POST, htmx)", "heavy"), find("Quick log (POST, htmx)", "new")
    if week_h:
        goal(
            f"Week page, heavy person: {week_h.ratio:.0%} of the ceiling (goal ≥ {GOALS['week_ratio']:.0%}), "
            f"p99 {fmt_ms(week_h.p99_ms)} (goal ≤ {GOALS['week_p99_ms']:.0f} ms)",
            week_h.ratio >= GOALS["week_ratio"] and week_h.p99_ms <= GOALS["week_p99_ms"],
        )
    if week_h and week_n:
        pairs = [(n.rps, h.rps) for n, h in zip(week_n.slices, week_h.slices, strict=True) if h.rps]
        faster = statistics.median(n / h for n, h in pairs) if pairs else float("inf")
        pooled = week_n.rps / week_h.rps if week_h.rps else float("inf")
        goal(
            f"Week page, new person vs heavy: {faster - 1:+.0%} req/s, median of the rounds ({pooled - 1:+.0%} over "
            "all requests) (goal: at most +10 %)",
            faster <= GOALS["new_vs_heavy"],
        )
    for post, who in ((post_h, "heavy"), (post_n, "new")):
        if post:
            goal(
                f"Quick-log POST, {who} person: {post.ratio:.0%} of the ceiling (goal ≥ {GOALS['post_ratio']:.0%}), "
                f"p99 {fmt_ms(post.p99_ms)} (goal ≤ {GOALS['post_p99_ms']:.0f} ms)",
                post.ratio >= GOALS["post_ratio"] and post.p99_ms <= GOALS["post_p99_ms"],
            )
    weight_gzip = sum(a.gzip for a in assets) / 1024
    weight_best = sum(a.best_served for a in assets) / 1024
    possible = None if any(a.brotli_possible is None for a in assets) else sum(a.brotli_possible for a in assets) / 1024
    if assets:
        goal(
            f"Week page weight: {weight_best:.1f} KB as served to a browser that accepts brotli and gzip "
            f"({weight_gzip:.1f} KB gzip only"
            + (f"; {possible:.1f} KB if everything were brotli -q 11" if possible is not None else "")
            + f") (goal ≤ {GOALS['week_weight_kb']:.0f} KB)",
            weight_best <= GOALS["week_weight_kb"],
        )
    all_errors = sum(r.errors for r in rows)
    if all_errors:
        goal(f"{all_errors:,} answers were errors (non-2xx/3xx or socket errors): the figures above are suspect", False)

    lines += ["", "Goals (issue 8):", ""] + [f"- {text}: **{mark}**" if mark else f"- {text}" for text, mark in goals]
    if assets:
        lines += [
            "",
            "Week page weight, as a browser with an empty cache loads it (the HTML at gzip -6, as a proxy would "
            "send it; static files as WhiteNoise serves them):",
            "",
            "| file | bytes | gzip (served) | brotli (served) | brotli -q 11 (possible) | Cache-Control |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]

        def num(value: int | None) -> str:
            return f"{value:,}" if value is not None else "n/a"

        for a in assets:
            lines.append(
                f"| `{a.name}` | {a.raw:,} | {a.gzip:,} | {num(a.brotli_served)} | {num(a.brotli_possible)} | "
                f"{a.cache_control} |"
            )
        served_br = [a.brotli_served for a in assets if a.brotli_served is not None]
        lines.append(
            f"| **total** | {sum(a.raw for a in assets):,} | {sum(a.gzip for a in assets):,} | "
            f"{num(sum(served_br)) if served_br else 'n/a'} | "
            f"{num(sum(a.brotli_possible for a in assets)) if possible is not None else 'n/a'} | |"
        )
    if mix:
        lines += mix_report(mix, ceiling)
    summary = {
        "week": week_h,
        "post": post_h,
        "weight": f"{weight_best:.1f} KB" if assets else "n/a",
        "mix": mix.rows[WHOLE_MIX] if mix else None,
    }
    return "\n".join(lines) + "\n", summary


def cpu_pressure() -> str:
    """How much of the last minute runnable tasks spent waiting for a CPU (Linux PSI), e.g. "62 %"."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return "n/a"
    match = re.search(r"avg60=([\d.]+)", line)
    return f"{float(match.group(1)):.0f} %" if match else "n/a"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def write_results(path: Path, latest: str, log_line: str) -> None:
    if path.exists():
        text = path.read_text()
    else:
        text = (
            "# Benchmark results\n\n"
            "Written by `make bench` (bench/run.py). Figures come from a shared, noisy machine; compare pages to "
            "the ceiling measured in the same run, not to absolute numbers.\n\n"
            f"{LATEST[0]}\n{LATEST[1]}\n\n## Run log\n\n{LOG[0]}\n{LOG_HEADER}{LOG[1]}\n"
        )
    if LATEST[0] not in text:
        text += f"\n{LATEST[0]}\n{LATEST[1]}\n"
    if LOG[0] not in text:
        text += f"\n## Run log\n\n{LOG[0]}\n{LOG_HEADER}{LOG[1]}\n"
    head, rest = text.split(LATEST[0], 1)
    _old, tail = rest.split(LATEST[1], 1)
    text = f"{head}{LATEST[0]}\n{latest}{LATEST[1]}{tail}"
    head, rest = text.split(LOG[1], 1)
    text = f"{head}{log_line}\n{LOG[1]}{rest}"
    path.write_text(text)


# --- main ------------------------------------------------------------------------------


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
