"""The realistic mix (bench/mix.py) in the figures wrk gives for a page, and its table in bench/RESULTS.md."""

from dataclasses import dataclass, field

from bench.mix import Phase
from bench.mix_steps import LOG_IN_STEPS
from bench.wrk import Row, Target, WrkResult, fmt_ms

# Issue 13's goals, for the steps of the realistic mix (share of the 20-row ceiling).
MIX_GOALS = {
    "Log a win (POST, htmx)": 0.50,
    "Today": 0.50,
    "Week, after logging": 0.40,
    "Ally's space (as ally)": 0.40,
}
WHOLE_MIX = "Whole mix"
AFTER_LOG_IN = "Whole mix after logging in"


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
