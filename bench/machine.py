"""The machine a run had: its CPU, and how much other work competed for it (the benchmark shares its cores)."""

import platform
import re
from pathlib import Path


def cpu_pressure() -> str:
    """How much of the last minute runnable tasks spent waiting for a CPU (Linux PSI), e.g. "62 %"."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return "n/a"
    match = re.search(r"avg60=([\d.]+)", line)
    return f"{float(match.group(1)):.0f} %" if match else "n/a"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"
