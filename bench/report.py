"""A `make bench` run's tables and goals, and writing them into bench/RESULTS.md between its markers."""

import datetime
import os
import platform
import statistics
from pathlib import Path

from bench.dataset import DataSize
from bench.machine import cpu_model, cpu_pressure
from bench.mix_figures import WHOLE_MIX, MixFigures, mix_report
from bench.page_weight import Asset
from bench.wrk import Row, fmt_ms

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
        f"- Machine: {os.cpu_count()} cores ({cpu_model()}), {platform.system()} {platform.release()}; "
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
