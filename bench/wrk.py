"""Driving wrk against one page, reading its output, and a page's figures over the interleaved rounds."""

# A developer's tool that runs wrk on our own URLs on localhost:
# ruff: noqa: S310, S603
import re
import shutil
import statistics
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.console import say
from bench.visitor import Visitor

BENCH_DIR = Path(__file__).resolve().parent


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


def fmt_ms(value: float) -> str:
    return f"{value:.1f} ms"
