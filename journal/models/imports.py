"""An import waiting for, or done by, the task worker: one row per uploaded file (journal/portability/jobs.py)."""

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from ..words import IMPORT_STOPPED, import_summary
from .goals import Goal


class ImportJobQuerySet(models.QuerySet):
    def active(self):
        """Jobs on their way: waiting for the worker or running, with a sign of life within STALE_AFTER."""
        return self.filter(status__in=ImportJob.ON_ITS_WAY, updated_at__gte=timezone.now() - ImportJob.STALE_AFTER)

    def stale(self):
        """Jobs on their way but silent for longer than STALE_AFTER: their worker stopped, or their task was lost."""
        return self.filter(status__in=ImportJob.ON_ITS_WAY, updated_at__lt=timezone.now() - ImportJob.STALE_AFTER)


class ImportJobManager(models.Manager.from_queryset(ImportJobQuerySet)):
    # The uploaded file can be tens of megabytes: pages never load it; the task asks for it by name.
    def get_queryset(self):
        return super().get_queryset().defer("data")


class ImportJob(models.Model):
    """One uploaded file on its way into a journal, and then what came of it.

    The file itself is kept in the row (`data`), so the web process and the
    worker need share nothing but the database, and it is emptied as soon as
    the job ends. What the page says afterwards is kept as counts and notice
    keys in `result` (journal/words.py turns them into sentences), or as the
    reader's message in `problem` when the file was refused. A person has at
    most one job on its way at a time (the partial unique constraint), and a
    new upload clears away their older finished jobs.
    """

    # A running job shows a sign of life (`updated_at`) every few thousand rows, and a pending one is
    # picked up in moments by a running worker. Silent this long, a job's worker stopped part-way
    # (its transaction rolled back with it) or its task never reached the queue: the person may
    # import again, and the job, if it ever runs, finds itself let go.
    STALE_AFTER = datetime.timedelta(minutes=15)

    class Kind(models.TextChoices):
        JSON = "json", "Small Wins JSON"
        DAYLIO = "daylio", "Daylio CSV"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        REFUSED = "refused", "Not imported"

    ON_ITS_WAY = [Status.PENDING, Status.RUNNING]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    restore_settings = models.BooleanField(default=False)
    data = models.BinaryField(null=True, editable=False)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)  # known once the file has been read
    result = models.JSONField(default=dict, blank=True)
    problem = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)  # the last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)
    shown_at = models.DateTimeField(null=True, blank=True)  # when its outcome was first on a page

    objects = ImportJobManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(status__in=["pending", "running"]),  # ON_ITS_WAY
                name="importjob_one_on_its_way_per_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"Import {self.code} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ON_ITS_WAY and self.updated_at >= timezone.now() - self.STALE_AFTER

    @property
    def is_finished(self) -> bool:
        return not self.is_active

    @property
    def summary(self) -> str:
        """What a finished import did, in words ("Imported 3 wins."), from the counts it kept."""
        return import_summary(self.result, goal_limit=Goal.MAX_PER_PERSON)

    @property
    def refusal(self) -> str:
        """Why nothing came in, for a job that ended without importing."""
        return self.problem or IMPORT_STOPPED

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @classmethod
    def start(cls, *, owner, kind: str, data: bytes, restore_settings: bool) -> "ImportJob | None":
        """A new pending job for this file, or None while another of the person's imports is on its way.

        Call it inside the transaction that enqueues the job. A job whose worker
        stopped is let go first (its transaction rolled back, so nothing of it
        was stored), and older finished jobs are cleared away.
        """
        now = timezone.now()
        mine = cls.objects.filter(owner=owner)
        mine.stale().update(status=cls.Status.REFUSED, problem=IMPORT_STOPPED, data=None, finished_at=now)
        mine.filter(status__in=[cls.Status.DONE, cls.Status.REFUSED]).delete()
        try:
            with transaction.atomic():
                return cls.objects.create(owner=owner, kind=kind, data=data, restore_settings=restore_settings)
        except IntegrityError:
            return None  # the one-on-its-way constraint: another import is waiting or running

    @classmethod
    def claim(cls, job_id: int) -> bool:
        """Mark a job on its way as running; False if it has ended (or went with its account).

        A job already marked running is taken too: the queue runs a task in one
        place at a time, so finding one means the attempt before died with its
        worker (put back after a database outage, or found stuck by the queue's
        sweep), and its transaction rolled back with it. Should two attempts ever
        overlap, the import's lock on the person makes them take turns, and the
        idempotency keys make the second add nothing.
        """
        now = timezone.now()
        claimed = cls.objects.filter(pk=job_id, status__in=cls.ON_ITS_WAY).update(
            status=cls.Status.RUNNING, rows_done=0, started_at=now, updated_at=now
        )
        return claimed == 1

    @classmethod
    def finish(cls, job_id: int, *, rows: int, result: dict) -> None:
        """The import committed: keep what the page says about it, and let the file go."""
        now = timezone.now()
        cls.objects.filter(pk=job_id).update(
            status=cls.Status.DONE,
            result=result,
            rows_done=rows,
            rows_total=rows,
            data=None,
            updated_at=now,
            finished_at=now,
        )

    @classmethod
    def refuse(cls, job_id: int, *, problem: str) -> None:
        """Nothing was stored: keep the message for the person, and let the file go."""
        now = timezone.now()
        cls.objects.filter(pk=job_id).update(
            status=cls.Status.REFUSED, problem=problem, data=None, updated_at=now, finished_at=now
        )

    def mark_shown(self) -> None:
        if self.shown_at is None and self.is_finished:
            self.shown_at = timezone.now()
            type(self).objects.filter(pk=self.pk, shown_at__isnull=True).update(shown_at=self.shown_at)
