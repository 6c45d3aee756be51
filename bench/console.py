"""Progress messages of `make bench` (bench/run.py and the modules it drives)."""

import sys


def say(message: str) -> None:
    # On stderr, so that stdout carries the report alone.
    print(message, file=sys.stderr, flush=True)
