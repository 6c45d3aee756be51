"""Imports run by the task worker: the upload is saved as a pending ImportJob, and `run_import` does the rest.

The queue carries the job's id and nothing else; the file waits in the job's
row (journal.models.ImportJob), so the web process and the worker share only
the database. The import itself is store.journal_import: one transaction, all
or nothing. Its progress is written through a second database connection
(`_Progress`), so the page polling /account/data/imports/<code>/ sees the rows
go in while that transaction is still open.
"""

import contextlib
import functools
import logging
from dataclasses import asdict

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.tasks import task
from django.utils import timezone

from accounts.models import User
from background.retry import describe
from journal.models import ImportJob
from journal.words import IMPORT_INTERRUPTED

from .parsed import ImportProblem
from .read import parse_import
from .store import journal_import

log = logging.getLogger(__name__)


class ImportInterrupted(Exception):
    """An import stopped by something other than its file. Its message names the job, the error's kind and
    where it happened (background.retry.describe), never its text: that may quote the file's words, and task
    results are kept where support staff look."""


def start_import(*, owner: User, kind: str, data: bytes, restore_settings: bool) -> ImportJob | None:
    """Save the file as a pending job and queue it once that is committed; None if an import is on its way."""
    with transaction.atomic():
        job = ImportJob.start(owner=owner, kind=kind, data=data, restore_settings=restore_settings)
        if job is not None:
            # robust: a queue that can't take it now leaves the job pending, and it goes stale and says so
            # (ImportJob.STALE_AFTER); the person's upload still answers with its page rather than an error.
            transaction.on_commit(functools.partial(run_import.enqueue, job.pk), robust=True)
    return job


@task
def run_import(job_id: int) -> None:
    """Import one job's file. Safe to run again: an ended job is never claimed, and nothing is added twice.

    No retries of its own: a file that can't be used is refused, and a failure
    is shown to the person, who can import again. A task cut short by a database
    outage is put back by the worker (background/worker.py) and claims its job again.
    """
    if not ImportJob.claim(job_id):
        return
    job = ImportJob.objects.select_related("owner").defer(None).filter(pk=job_id).first()  # with its file, this once
    if job is None:
        return  # its account was deleted a moment ago
    data, job.data = bytes(job.data), None
    user = job.owner
    try:
        parsed = parse_import(data, today=user.local_today(), tzinfo=user.tzinfo, max_rows=settings.IMPORT_MAX_ROWS)
        ImportJob.objects.filter(pk=job_id).update(rows_total=parsed.entries, updated_at=timezone.now())
        with _Progress(job_id, total=parsed.entries) as progress:
            result = journal_import(user=user, parsed=parsed, restore_settings=job.restore_settings, progress=progress)
    except ImportProblem as problem:
        ImportJob.refuse(job_id, problem=str(problem))
        return
    except BaseException as error:
        # The transaction rolled back: nothing was stored. Say so to the person now,
        # rather than leave the job looking busy until it goes stale.
        with contextlib.suppress(DatabaseError):  # the database itself is away: the job goes stale, and says so then
            ImportJob.refuse(job_id, problem=IMPORT_INTERRUPTED)
        if not isinstance(error, Exception):
            raise  # the worker is being stopped: let it stop
        described = describe(error)
        log.error("Import job %s stopped: %s", job_id, described)
        raise ImportInterrupted(f"Import job {job_id} stopped: {described}") from None
    ImportJob.finish(job_id, rows=parsed.entries, result={**asdict(result), "notices": parsed.notices})


class _Progress:
    """Writes a running job's rows done where the polling page can see them before the import commits.

    The import's inserts wait in one open transaction on this thread's
    connection, and nothing written there is seen by anyone else until it
    commits. So progress goes through a second connection in autocommit: each
    report is committed at once. It only ever touches the job's own row, which
    the import's transaction never locks (the job is marked running before that
    transaction begins and finished after it ends), so the two never wait on
    each other; a lock timeout turns a mistake into missing progress rather
    than a hung import. Progress is a courtesy: if the second connection fails,
    the import carries on without it.

    SQLite lets one connection write at a time, so there the page sees the
    rows only when the import is done.
    """

    def __init__(self, job_id: int, *, total: int):
        self.job_id, self.total = job_id, total
        self.side = None
        self.sql = ""
        self.wanted = connection.vendor == "postgresql"

    def __enter__(self):
        return self

    def _open(self) -> None:
        # The ORM speaks only through the connections in settings.DATABASES, so this one query is written out;
        # the only thing put into it is our own table's quoted name.
        table = connection.ops.quote_name(ImportJob._meta.db_table)
        self.sql = f"UPDATE {table} SET rows_done = %s, updated_at = %s WHERE id = %s AND status = %s"  # noqa: S608
        self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
            # A progress report lost in a crash costs nothing: its commit needn't wait for the disk.
            cursor.execute("SET synchronous_commit = off")

    def __call__(self, rows_done: int) -> None:
        if not self.wanted or rows_done >= self.total:
            return  # the job's end says the rest (a small file never needs the second connection)
        try:
            if self.side is None:
                self._open()
            with self.side.cursor() as cursor:
                cursor.execute(self.sql, [rows_done, timezone.now(), self.job_id, ImportJob.Status.RUNNING])
        except DatabaseError:
            self._give_up()

    def __exit__(self, *exc_info):
        if self.side is not None:
            with contextlib.suppress(DatabaseError):
                self.side.close()
            self.side = None

    def _give_up(self):
        log.warning("Import job %s goes on without progress reports", self.job_id)
        self.wanted = False
        self.__exit__()
