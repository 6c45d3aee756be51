"""The worker process: django-tasks-db's worker that outlives a database restart, plus a clock.

django-tasks-db's own loop stops at the first database error. Ours waits for
the database to come back, puts the task it was running back in the queue
(tasks are idempotent, so running it again is safe) and carries on.

The backend has no periodic schedule, so the worker keeps one: a thread that
enqueues each of settings.PERIODIC_TASKS when it is due. Whichever worker
moves the task's ClockRun row on first enqueues it, so any number of workers,
on any number of machines, enqueue it once.
"""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from .models import ClockRun
from .retry import CONNECTION_ERRORS

log = logging.getLogger(__name__)

MAX_PAUSE = 30  # seconds between tries to reach a database that is away
CLOCK_TICK = 15  # seconds between looks at what is due


class Worker(db_worker.Worker):
    running_task_id = None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task_id = db_task_result.pk
        super().run_task(db_task_result)
        self.running_task_id = None

    def run(self) -> None:
        pause = 1
        while self.running:
            try:
                super().run()
                return
            except CONNECTION_ERRORS as exc:
                log.warning("The database is out of reach (%s); trying again in %ss", type(exc).__name__, pause)
            self.startup_delay = False
            time.sleep(pause)
            close_old_connections()
            try:
                self._put_back_running_task()
            except CONNECTION_ERRORS:
                pause = min(pause * 2, MAX_PAUSE)
            else:
                pause = 1

    def _put_back_running_task(self) -> None:
        """The task cut short by the outage goes back to the queue, to run again from the start."""
        if self.running_task_id is None:
            return
        DBTaskResult.objects.filter(pk=self.running_task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY
        )
        log.info("Task id=%s put back in the queue after the outage", self.running_task_id)
        self.running_task_id = None


def due(name: str, every: datetime.timedelta, now: datetime.datetime) -> bool:
    """True for exactly one caller per period, whichever process asks."""
    ClockRun.objects.get_or_create(name=name, defaults={"next_at": now})
    return ClockRun.objects.filter(name=name, next_at__lte=now).update(next_at=now + every, last_at=now) == 1


def tick(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic task that is due now; the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for path, seconds in settings.PERIODIC_TASKS.items():
        if due(path, datetime.timedelta(seconds=seconds), now):
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued


class Clock(threading.Thread):
    """Looks every CLOCK_TICK seconds; a database that is away only delays it."""

    def __init__(self):
        super().__init__(name="clock", daemon=True)

    def run(self) -> None:
        while True:
            try:
                close_old_connections()
                tick()
            except Exception as exc:
                log.warning("The clock could not enqueue what is due (%s); it looks again soon", type(exc).__name__)
            time.sleep(CLOCK_TICK)
