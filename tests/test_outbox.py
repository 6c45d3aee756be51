"""Every email is a task: stored with the change, sent by the worker once, retried later, never holding words after.

These run the queue in-process (django-tasks-db's tables, the worker's own run_task); tests/test_worker.py runs
the real worker process.
"""

import email

import pytest
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from background.models import Email
from background.retry import GaveUp, WillRetry, delay_after
from background.tasks import EMAIL_ATTEMPTS, send_email, sweep
from background.worker import Worker, tick
from tests.factories import make_ally_link, make_user
from tests.helpers import refusing_mail_server

pytestmark = pytest.mark.django_db

WORDS = "I walked to the sea today"
ADDRESS = "robin@example.com"


@pytest.fixture
def queue(settings, db):
    """The real database queue, as in production, worked in-process by `run`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker = Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )

    class Queue:
        @staticmethod
        def run() -> int:
            """What one worker does now: every task that is due, in turn."""
            ran = 0
            while (result := DBTaskResult.objects.ready().first()) is not None and ran < 100:
                result.claim(worker.worker_id)
                worker.run_task(result)
                ran += 1
            return ran

        @staticmethod
        def later() -> None:
            """Time passes: every task waiting for its run_after is due."""
            DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())

    return Queue


def queue_one(django_capture_on_commit_callbacks) -> Email:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_mail("Small Wins: a note from Sam", f"Sam wrote: {WORDS}", None, [ADDRESS])
    return Email.objects.get()


def test_an_email_waits_in_the_outbox_until_its_transaction_commits_then_goes_once_and_leaves_no_words(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        send_mail("Small Wins: a note from Sam", f"Sam wrote: {WORDS}", None, [ADDRESS])
        stored = Email.objects.get()
        assert stored.message["body"] == f"Sam wrote: {WORDS}"
    assert mailoutbox == [], "nothing leaves before the commit"
    assert len(callbacks) == 1
    callbacks[0]()

    assert [(m.to, m.body) for m in mailoutbox] == [([ADDRESS], f"Sam wrote: {WORDS}")]
    stored.refresh_from_db()
    assert (stored.status, stored.message, stored.attempts) == (Email.Status.SENT, {}, 1)


def test_a_rolled_back_change_queues_no_email(mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail("Subject", WORDS, None, [ADDRESS])
        raise RuntimeError("the change did not happen")
    assert callbacks == []
    assert not Email.objects.exists()
    assert mailoutbox == []


def test_the_task_carries_only_the_emails_id(queue, django_capture_on_commit_callbacks):
    stored = queue_one(django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get()
    assert task.task_path == "background.tasks.send_email"
    assert task.args_kwargs == {"args": [stored.pk], "kwargs": {}}


def test_running_the_same_emails_task_twice_sends_it_once(mailoutbox, django_capture_on_commit_callbacks):
    stored = queue_one(django_capture_on_commit_callbacks)
    assert send_email.call(stored.pk) == "nothing to send"
    assert len(mailoutbox) == 1


def test_every_attempt_sends_the_same_message_id_so_a_receiver_can_tell_a_repeat(
    smtp_server, settings, queue, django_capture_on_commit_callbacks
):
    settings.MAILERS = {**settings.MAILERS, "outgoing": smtp_server.mailer}
    smtp_server.refuse = 1
    stored = queue_one(django_capture_on_commit_callbacks)
    message_id = stored.message["headers"]["Message-ID"]
    queue.run()
    queue.later()
    queue.run()
    assert [email.message_from_bytes(raw)["Message-ID"] for raw in smtp_server.received] == [message_id]


def test_a_server_that_refuses_the_first_attempt_gets_the_email_once_on_the_next(
    smtp_server, settings, queue, django_capture_on_commit_callbacks
):
    settings.MAILERS = {**settings.MAILERS, "outgoing": smtp_server.mailer}
    smtp_server.refuse = 1
    stored = queue_one(django_capture_on_commit_callbacks)

    assert queue.run() == 1
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (Email.Status.WAITING, 1)
    assert stored.last_error.startswith("SMTPDataError 451")
    assert smtp_server.received == []
    assert queue.run() == 0, "the next attempt waits for its time"

    queue.later()
    assert queue.run() == 1
    assert len(smtp_server.received) == 1
    assert WORDS in smtp_server.received[0].decode()
    stored.refresh_from_db()
    assert (stored.status, stored.message) == (Email.Status.SENT, {})
    queue.later()
    assert queue.run() == 0
    assert len(smtp_server.received) == 1


def test_an_unreachable_server_delays_the_email_a_little_longer_each_time(
    settings, queue, django_capture_on_commit_callbacks
):
    closed_port = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1"}}
    closed_port["OPTIONS"].update(port=9, use_tls=False, timeout=2)
    settings.MAILERS = {**settings.MAILERS, "outgoing": closed_port}
    stored = queue_one(django_capture_on_commit_callbacks)
    waits = []
    for _attempt in range(3):
        queue.later()
        queue.run()
        following = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        waits.append(following.run_after - following.enqueued_at)
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (Email.Status.WAITING, 3)
    assert stored.last_error.startswith("ConnectionRefusedError")
    assert [round(wait.total_seconds()) for wait in waits] == [10, 20, 40]
    assert delay_after(30).total_seconds() == 3600, "never more than an hour apart"


def test_a_failed_attempt_is_stored_as_will_retry_without_the_address_or_the_words(
    settings, queue, django_capture_on_commit_callbacks
):
    refusing_mail_server(settings)  # its refusal quotes the address and the body, as real servers can
    queue_one(django_capture_on_commit_callbacks)
    queue.run()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == f"{WillRetry.__module__}.WillRetry"
    assert "SMTPRecipientsRefused" in failed.traceback
    for secret in (WORDS, ADDRESS):
        assert secret not in failed.traceback
        assert secret not in str(failed.args_kwargs)
    following = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert following.args_kwargs["kwargs"] == {"attempt": 2}


def test_after_the_last_attempt_the_admin_shows_that_it_gave_up_and_why_without_words(
    settings, queue, client, django_capture_on_commit_callbacks
):
    refusing_mail_server(settings)
    stored = queue_one(django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()
    send_email.enqueue(stored.pk, attempt=EMAIL_ATTEMPTS)
    queue.run()

    stored.refresh_from_db()
    assert stored.status == Email.Status.GAVE_UP
    gave_up = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert gave_up.exception_class_path == f"{GaveUp.__module__}.GaveUp"
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists(), "nothing more is queued"

    admin = make_user("admin@example.com")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    pages = [
        client.get("/admin/background/email/"),
        client.get(f"/admin/background/email/{stored.pk}/change/"),
        client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED"),
        client.get(f"/admin/django_tasks_database/dbtaskresult/{gave_up.pk}/change/"),
    ]
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
        assert WORDS not in page.content.decode()
        assert ADDRESS not in page.content.decode()
    assert "Gave up" in pages[0].content.decode()
    assert "SMTPRecipientsRefused" in pages[1].content.decode()
    assert "GaveUp" in pages[2].content.decode()


def test_the_admin_can_send_an_email_the_worker_gave_up_on_again(
    settings, queue, client, mailoutbox, django_capture_on_commit_callbacks
):
    stored = queue_one(django_capture_on_commit_callbacks)
    Email.objects.update(status=Email.Status.GAVE_UP, attempts=EMAIL_ATTEMPTS)
    DBTaskResult.objects.all().delete()
    admin = make_user("admin@example.com")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    client.post("/admin/background/email/", {"action": "try_again", "_selected_action": [stored.pk]})
    queue.run()
    assert len(mailoutbox) == 1
    stored.refresh_from_db()
    assert stored.status == Email.Status.SENT


def test_the_sweep_puts_back_what_a_stopped_process_left(queue, django_capture_on_commit_callbacks, mailoutbox):
    queue_one(django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # the process stopped between the commit and the enqueue
    Email.objects.update(next_attempt_at=timezone.now() - timezone.timedelta(hours=1))
    stuck = send_email.enqueue(999_999)
    DBTaskResult.objects.filter(pk=stuck.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timezone.timedelta(hours=2)
    )
    send_mail("Subject", "Words", None, ["sam@example.com"])
    cut_short = Email.objects.latest("pk")
    Email.objects.filter(pk=cut_short.pk).update(
        status=Email.Status.SENDING, claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )
    interrupted = send_email.enqueue(999_998)
    DBTaskResult.objects.filter(pk=interrupted.id).update(
        status=TaskResultStatus.FAILED, exception_class_path="builtins.SystemExit"
    )

    assert sweep.call() == {"emails_requeued": 2, "tasks_put_back": 2}
    assert DBTaskResult.objects.filter(pk__in=[stuck.id, interrupted.id], status=TaskResultStatus.READY).count() == 2
    queue.run()
    assert sorted(m.to[0] for m in mailoutbox) == [ADDRESS, "sam@example.com"]
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}


def test_the_clock_enqueues_each_periodic_task_once_per_period_whoever_asks(queue, settings):
    settings.PERIODIC_TASKS = {"background.tasks.sweep": 600}
    now = timezone.now()
    assert tick(now) == ["background.tasks.sweep"]
    assert tick(now) == [], "a second worker asking at the same moment enqueues nothing"
    assert tick(now + timezone.timedelta(minutes=9)) == []
    assert tick(now + timezone.timedelta(minutes=10)) == ["background.tasks.sweep"]
    assert DBTaskResult.objects.filter(task_path="background.tasks.sweep").count() == 2


def test_every_periodic_task_in_the_settings_is_a_task(settings):
    assert "journal.tasks.send_reminders" in settings.PERIODIC_TASKS
    for path in settings.PERIODIC_TASKS:
        assert isinstance(import_string(path), Task)


def test_a_password_reset_email_goes_through_the_outbox_and_its_link_does_not_linger(client, owner, mailoutbox):
    client.post("/accounts/password/reset/", {"email": owner.email})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert list(Email.objects.values_list("status", "message")) == [(Email.Status.SENT, {})]


def test_a_note_is_saved_and_answered_without_waiting_for_a_mail_server_that_is_down(
    owner, ally, settings, queue, client, django_capture_on_commit_callbacks
):
    link = make_ally_link(owner, ally)
    refusing_mail_server(settings)
    client.force_login(ally)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/allies/{link.code}/", {"text": WORDS})
    assert response.status_code == 302
    assert Email.objects.get().status == Email.Status.WAITING
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY, "the mail server is the worker's business"
