"""The outage run's verdict: every check, from the clients' answers and the stored rows, and its row in the record."""

import datetime
from collections import Counter
from pathlib import Path

from bench.outage_load import Answer, Run

ROOT = Path(__file__).resolve().parents[1]
RELIABILITY = ROOT / "docs" / "RELIABILITY.md"
LOG_MARKERS = ("<!-- outage:log:begin -->", "<!-- outage:log:end -->")


def check(run: Run, stored: Counter, server_pid_same: bool) -> dict:
    acknowledged = [p for p in run.posts if p.acknowledged]
    start, end = run.events["outage_start"], run.events["outage_end"]
    kill_at = run.events.get("worker_killed", {}).get("at", float("inf"))
    replaced_at = run.events.get("worker_replaced", {}).get("at", kill_at)
    answers = [a for p in run.posts for a in p.answers]

    def during_outage(a: Answer) -> bool:
        # A request that began up to its own length before the outage can meet it.
        return start - 10 <= a.at <= end + 1 and a.at + a.seconds >= start

    def near_kill(a: Answer) -> bool:
        return kill_at - 10 <= a.at <= replaced_at + 1 and a.at + a.seconds >= kill_at

    outage_answers = [a for a in answers if during_outage(a)]
    after = [a for a in answers if a.at > end]
    first_ok_after = min((a.at for a in after if a.kind == "ok"), default=None)
    unkind = [a for a in answers if a.kind in ("unkind-error", "other")]
    dropped = [a for a in answers if a.kind == "dropped"]
    dropped_unexplained = [a for a in dropped if not near_kill(a)]
    missing = [p.key for p in acknowledged if stored.get(p.key, 0) != 1]
    duplicates = [key for key, count in stored.items() if count > 1]
    unknown = [key for key in stored if key not in {p.key for p in run.posts}]
    crisis_failures = [a for a in run.crisis if a.status != 200]
    last_new = max((p.answers[0].at for p in run.posts if p.answers), default=0.0)
    ok_seconds = sorted(a.seconds for a in answers if a.kind == "ok") or [0.0]
    results = {
        "posts sent": len(run.posts),
        "posts per second achieved": round(len(run.posts) / last_new, 1) if last_new else None,
        "2xx answer time p50 / p99 (s)": f"{ok_seconds[len(ok_seconds) // 2]:.3f} / "
        f"{ok_seconds[min(len(ok_seconds) - 1, int(len(ok_seconds) * 0.99))]:.3f}",
        "requests (with retries)": len(answers),
        "acknowledged with 2xx": len(acknowledged),
        "never acknowledged": len(run.posts) - len(acknowledged),
        "acknowledged but not stored exactly once": len(missing),
        "keys stored twice": len(duplicates),
        "stored rows without a post": len(unknown),
        "answers by kind": dict(Counter(a.kind for a in answers)),
        "answers during the outage": dict(Counter(a.kind for a in outage_answers)),
        "unkind error answers (any time)": len(unkind),
        "dropped connections": len(dropped),
        "dropped connections away from the worker kill": len(dropped_unexplained),
        "outage seconds": round(end - start, 2),
        "first 2xx after the outage (s after it ended)": None
        if first_ok_after is None
        else round(max(0.0, first_ok_after - end), 2),
        "2xx share after the outage": round(sum(a.kind == "ok" for a in after) / len(after), 4) if after else None,
        "crisis polls": len(run.crisis),
        "crisis polls not 200": len(crisis_failures),
        "gunicorn master never restarted": server_pid_same,
    }
    checks = {
        "every acknowledged win stored exactly once": not missing,
        "no duplicate keys": not duplicates and not unknown,
        "errors during the outage were the kind 503 page": not [
            a for a in outage_answers if a.kind in ("unkind-error", "other")
        ],
        "no unkind error at any time": not unkind,
        "connections dropped only by the worker kill": not dropped_unexplained,
        "the outage was felt (some kind 503s or retries)": any(a.kind != "ok" for a in outage_answers)
        or run.scenario == "restart",
        "served 2xx again after the outage, same gunicorn": first_ok_after is not None and server_pid_same,
        "every post acknowledged in the end": len(acknowledged) == len(run.posts),
        "crisis page 200 throughout": not crisis_failures,
    }
    return {"results": results, "checks": checks}


def record(summary: dict, args) -> Path:
    """Add one row to the table between the markers in docs/RELIABILITY.md; return that file."""
    r, c = summary["results"], summary["checks"]
    row = (
        f"| {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} | {args.scenario} ({r['outage seconds']} s) "
        f"+ SIGKILL one of {args.workers} workers | {args.rate:g}/s for {args.duration:g} s, {args.clients} clients "
        f"(achieved {r['posts per second achieved']}/s; 2xx p50/p99 {r['2xx answer time p50 / p99 (s)']} s) "
        f"| {r['posts sent']:,} posts, {r['requests (with retries)']:,} requests "
        f"| {r['acknowledged with 2xx']:,} acknowledged, {r['acknowledged but not stored exactly once']} lost, "
        f"{r['keys stored twice']} duplicated "
        f"| {r['answers during the outage'].get('kind-503', 0)} kind 503s, "
        f"{r['unkind error answers (any time)']} unkind, "
        f"{r['dropped connections']} dropped by the kill "
        f"| first 2xx {r['first 2xx after the outage (s after it ended)']} s after "
        f"| {r['crisis polls'] - r['crisis polls not 200']}/{r['crisis polls']} "
        f"| {'all passed' if all(c.values()) else 'FAILED: ' + ', '.join(k for k, v in c.items() if not v)} |\n"
    )
    text = RELIABILITY.read_text()
    begin, end = LOG_MARKERS
    if begin not in text or end not in text:
        raise SystemExit(f"{RELIABILITY} has no {begin} … {end} markers")
    head, rest = text.split(begin, 1)
    body, tail = rest.split(end, 1)
    RELIABILITY.write_text(head + begin + body.rstrip("\n") + "\n" + row + end + tail)
    return RELIABILITY
