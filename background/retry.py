"""Trying a task again later, for backends (such as django-tasks-db) that do not retry themselves.

A task wrapped in `retrying` takes ids and a keyword-only `attempt`. When an
attempt raises, the task enqueues itself again with `attempt + 1` and a
`run_after` further away each time, then ends with WillRetry; after the last
attempt it ends with GaveUp. Either way the original exception's text never
reaches the task's stored result, the log or the admin: it can quote
someone's address or words. What is kept is its kind and where it happened.
"""

import datetime
import functools
import logging
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

# The first retry waits this long; each one after waits twice as long, up to MAX_DELAY.
FIRST_DELAY = datetime.timedelta(seconds=10)
MAX_DELAY = datetime.timedelta(hours=1)
# Errors that say the database connection went away: the next attempt gets a fresh one.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


class WillRetry(Exception):
    """This attempt did not work; the next one is already queued."""


class GaveUp(Exception):
    """The last attempt did not work either; nothing more is queued."""


def delay_after(attempt: int) -> datetime.timedelta:
    """How long to wait after attempt number `attempt` (1, 2, …) before the next one."""
    return min(FIRST_DELAY * 2 ** min(attempt - 1, 20), MAX_DELAY)


def describe(exc: BaseException) -> str:
    """The kind of exception and the deepest line of this project it passed through, never its message."""
    name = type(exc).__name__
    code = getattr(exc, "smtp_code", None)
    if isinstance(code, int):
        name = f"{name} {code}"
    root = Path(settings.BASE_DIR)
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(root) and ".venv" not in path.parts:
            where = f" at {path.relative_to(root)}:{frame.lineno}"
    return f"{name}{where}"[:200]


def patiently(write, *, for_seconds: float = 300):
    """Run a database write, waiting through a database restart for up to `for_seconds`.

    For what must not be forgotten once done, such as "this email has gone".
    """
    deadline = time.monotonic() + for_seconds
    pause = 0.5
    while True:
        try:
            return write()
        except CONNECTION_ERRORS as exc:
            if time.monotonic() + pause > deadline:
                raise
            log.warning("The database is out of reach (%s); trying again in %ss", type(exc).__name__, pause)
            close_old_connections()
            time.sleep(pause)
            pause = min(pause * 2, 10)


def retrying(*, attempts: int):
    """Decorate a task function (below @task) so that it is tried up to `attempts` times."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return func(*args, attempt=attempt, **kwargs)
            except Exception as exc:
                described = describe(exc)
                if isinstance(exc, CONNECTION_ERRORS):
                    # A broken connection would fail the enqueue below as well.
                    close_old_connections()
                this = import_string(f"{run.__module__}.{run.__qualname__}")
                if attempt >= attempts or not this.get_backend().supports_defer:
                    log.error("%s gave up after attempt %s: %s", this.name, attempt, described)
                    raise GaveUp(f"Gave up after attempt {attempt} of {attempts}: {described}") from None
                delay = delay_after(attempt)
                try:
                    this.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1, **kwargs)
                except Exception as failed:
                    # The database is still away: the worker puts this task back (background/worker.py).
                    # `from None` keeps the first exception's text out of what is stored.
                    raise failed from None
                seconds = int(delay.total_seconds())
                log.warning("%s attempt %s of %s: %s; next in %ss", this.name, attempt, attempts, described, seconds)
                raise WillRetry(f"Attempt {attempt} of {attempts}: {described}; the next in {seconds}s") from None

        return run

    return decorate
