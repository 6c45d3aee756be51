"""Run the background worker: the outbox's emails, reminders, imports, everything enqueued.

    python manage.py worker

django-tasks-db's db_worker with the same options (--help), plus two things:
it waits through a database restart instead of stopping, and it keeps the
clock of settings.PERIODIC_TASKS (--no-clock for a worker that only works the
queue). Start as many as you like, on as many machines as reach the database.
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from background.worker import Clock, Worker


class Command(db_worker.Command):
    help = "Run the background worker (the email outbox, reminders and every other task), and its clock."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-clock", action="store_false", dest="clock", help="don't enqueue periodic tasks")

    def handle(self, *, verbosity, queue_name, exclude_queues, batch, reload, clock, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )

        def work() -> None:
            if clock and not batch:
                Clock().start()
            worker.run()

        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloaded child only
            run_with_reloader(work)
        else:
            worker.configure_signals()
            work()
