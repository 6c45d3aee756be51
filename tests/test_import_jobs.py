"""Imports as jobs for the task worker: saved pending, queued on commit with only an id, progress on the page, once.

The worker's part is run in this process (`run_import.call`), which is what the
task worker does with the id it is given.
"""

import datetime
import functools
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.utils import timezone

from accounts.services import account_delete
from journal.models import ImportJob, Win
from journal.portability import jobs, store
from journal.portability.jobs import run_import, start_import
from journal.words import IMPORT_BUSY, IMPORT_STOPPED
from tests.factories import make_user
from tests.helpers import import_file, import_result, run_imports, text_of

pytestmark = pytest.mark.django_db

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def daylio(rows: int) -> bytes:
    start = datetime.date(2024, 1, 1)
    lines = [f"{start + datetime.timedelta(days=n)},,,12:00,good,walk,,Private words {n}\n" for n in range(rows)]
    return (HEADER + "".join(lines)).encode()


def post(client, content: bytes, name: str = "daylio.csv", **extra):
    return client.post("/account/data/", {"file": SimpleUploadedFile(name, content)}, **extra)


def job_of(person) -> ImportJob:
    return ImportJob.objects.get(owner=person)


# ---- Saved, then queued on commit --------------------------------------------------------


def test_an_upload_is_saved_as_a_pending_job_and_queued_only_once_it_is_committed(
    owner_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = post(owner_client, daylio(3))
    job = job_of(owner)
    assert response.status_code == 302
    assert response["Location"] == f"/account/data/imports/{job.code}/"
    assert (job.status, job.kind, job.rows_done, job.rows_total) == ("pending", "daylio", 0, None)
    assert bytes(ImportJob.objects.values_list("data", flat=True).get(pk=job.pk)) == daylio(3)
    assert not Win.all_objects.filter(owner=owner).exists()
    # One callback, which enqueues the task with the job's id and nothing else.
    assert len(queued) == 1
    assert isinstance(queued[0], functools.partial)
    assert queued[0].func == run_import.enqueue and queued[0].args == (job.pk,) and not queued[0].keywords


def test_the_queued_task_carries_the_job_id_and_no_words(owner_client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        post(owner_client, daylio(2))
    task_result = queued[0]()  # whatever backend TASKS names
    job = job_of(owner)
    assert list(task_result.args) == [job.pk] and task_result.kwargs == {}
    assert "Private words" not in repr(task_result.args)
    run_imports()  # a backend that only queued it: the worker's turn
    assert job_of(owner).status == "done"
    assert Win.objects.filter(owner=owner).count() == 2


class _UnreachableQueue:
    def enqueue(self, job_id):
        raise ConnectionError("the queue is away")


def test_a_queue_that_cannot_take_the_job_leaves_it_pending_and_the_page_still_answers(
    owner_client, owner, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "run_import", _UnreachableQueue())
    with django_capture_on_commit_callbacks(execute=True):
        response = post(owner_client, daylio(3))
    assert response.status_code == 302
    assert job_of(owner).status == "pending"
    assert "Your file is waiting its turn." in text_of(owner_client.get(response["Location"]))


def test_the_file_is_let_go_when_the_job_ends(owner_client, owner):
    import_file(owner_client, daylio(2), "daylio.csv")
    import_file(owner_client, daylio(2) + b"2024-13-01,,,12:00,good,,,\n", "daylio.csv")
    assert list(ImportJob.objects.values_list("status", flat=True)) == ["refused"]  # the done one was cleared away
    assert ImportJob.objects.values_list("data", flat=True).get() is None


def test_running_the_task_twice_imports_once(owner_client, owner):
    post(owner_client, daylio(3))
    job = job_of(owner)
    run_import.call(job.pk)
    run_import.call(job.pk)
    assert Win.objects.filter(owner=owner).count() == 3
    assert job_of(owner).result["wins_added"] == 3


def test_a_task_run_again_after_its_worker_died_takes_up_the_job(owner_client, owner):
    post(owner_client, daylio(3))
    job = job_of(owner)
    # The attempt that died had marked it running and counted two rows; its transaction rolled back.
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_total=3, rows_done=2)
    run_import.call(job.pk)
    assert job_of(owner).status == "done"
    assert Win.objects.filter(owner=owner).count() == 3


def test_a_job_whose_account_is_gone_is_skipped(owner_client, owner):
    post(owner_client, daylio(3))
    job_id = job_of(owner).pk
    account_delete(user=owner)
    run_import.call(job_id)
    assert not ImportJob.objects.exists()
    assert not Win.all_objects.exists()


# ---- Progress, then the outcome ------------------------------------------------------------


def test_a_pending_import_shows_a_progress_bar_that_polls_and_a_plain_refresh_link(owner_client, owner):
    response = owner_client.get(post(owner_client, daylio(3))["Location"])
    job = job_of(owner)
    body = text_of(response)
    url = f"/account/data/imports/{job.code}/"
    assert response.status_code == 200
    assert 'data-testid="import-progress"' in body and "<progress" in body
    assert "Your file is waiting its turn." in body
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in body
    assert re.search(rf'<a href="{url}" data-testid="import-refresh">Refresh</a>', body)
    assert 'data-testid="import-form"' not in body  # another file waits until this one is done
    assert "You can bring in another file once this one is done." in body


def test_a_running_import_says_how_many_rows_are_in_out_of_how_many(owner_client, owner):
    post(owner_client, daylio(3))
    job = job_of(owner)
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_total=300_000, rows_done=2_000)
    body = text_of(owner_client.get(f"/account/data/imports/{job.code}/"))
    assert "2,000 of 300,000 entries are in so far." in body
    assert '<progress id="import-progress-bar" max="300000" value="2000"' in body


def test_htmx_polling_gets_the_import_region_alone(owner_client, owner):
    post(owner_client, daylio(3))
    job = job_of(owner)
    response = owner_client.get(f"/account/data/imports/{job.code}/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="import"')
    assert "<html" not in body and "Download a copy" not in body
    assert 'hx-trigger="every 1s"' in body
    assert "HX-Request" in response["Vary"]


def test_when_the_import_is_done_the_poll_shows_the_result_and_stops(owner_client, owner):
    post(owner_client, daylio(3))
    job = job_of(owner)
    run_imports()
    response = owner_client.get(f"/account/data/imports/{job.code}/", HTTP_HX_REQUEST="true")
    assert import_result(response) == "Imported 3 wins."
    assert 'role="status"' in response.content.decode()
    assert "hx-trigger" not in response.content.decode()
    assert 'data-testid="import-form"' in response.content.decode()  # ready for the next file
    assert job_of(owner).shown_at is not None


def test_the_outcome_is_shown_once_on_the_data_page_like_any_message(owner_client, owner):
    post(owner_client, daylio(3))
    run_imports()
    assert import_result(owner_client.get("/account/data/")) == "Imported 3 wins."
    assert import_result(owner_client.get("/account/data/")) == ""
    # Its own address still says how it went.
    assert import_result(owner_client.get(f"/account/data/imports/{job_of(owner).code}/")) == "Imported 3 wins."


def test_a_refused_file_says_what_is_wrong_next_to_the_field(owner_client, owner):
    response = import_file(owner_client, daylio(1) + b"2024-13-01,,,12:00,good,,,\n", "daylio.csv")
    body = text_of(response)
    assert "Row 3: the date '2024-13-01' isn't a real date." in body
    assert 'aria-invalid="true"' in body and 'id="id_file_error"' in body
    assert not Win.all_objects.filter(owner=owner).exists()


def test_the_refusal_is_escaped(owner_client, owner):
    response = import_file(owner_client, (HEADER + "<b>bold</b>,,,12:00,good,,,\n").encode(), "daylio.csv")
    body = response.content.decode()
    assert "the date &#x27;&lt;b&gt;bold&lt;/b&gt;&#x27; isn" in body and "<b>bold" not in body


# ---- One at a time -------------------------------------------------------------------------


def test_a_second_import_while_one_is_on_its_way_is_refused_kindly_next_to_the_field(owner_client, owner):
    post(owner_client, daylio(3))
    response = post(owner_client, daylio(5))
    body = text_of(response)
    assert response.status_code == 200
    assert IMPORT_BUSY in body
    assert 'aria-invalid="true"' in body
    assert 'data-testid="import-progress"' in body  # the one on its way, still shown
    assert 'hx-trigger="every 1s"' not in body  # polling would take the message away
    assert ImportJob.objects.filter(owner=owner).count() == 1


def test_a_second_import_that_slips_past_the_form_is_refused_by_the_database(owner):
    first = start_import(owner=owner, kind="daylio", data=daylio(1), restore_settings=False)
    second = start_import(owner=owner, kind="daylio", data=daylio(2), restore_settings=False)
    assert first is not None and second is None
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [first.pk]


def test_once_the_first_is_done_the_next_file_is_welcome(owner_client, owner):
    import_file(owner_client, daylio(3), "daylio.csv")
    response = import_file(owner_client, daylio(5), "daylio.csv")
    assert import_result(response) == (
        "Imported 2 wins. 3 entries were already in your journal, so we left them as they were."
    )


@pytest.mark.parametrize("status", ["running", "pending"])  # a worker stopped part-way; a task that never queued
def test_an_import_silent_too_long_no_longer_blocks_and_says_so(owner_client, owner, status):
    post(owner_client, daylio(3))
    job = job_of(owner)
    long_ago = timezone.now() - ImportJob.STALE_AFTER - datetime.timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(status=status, updated_at=long_ago)
    body = text_of(owner_client.get("/account/data/"))
    assert IMPORT_STOPPED in body and 'data-testid="import-form"' in body
    response = import_file(owner_client, daylio(3), "daylio.csv")
    assert import_result(response) == "Imported 3 wins."
    assert ImportJob.objects.filter(owner=owner).count() == 1
    run_import.call(job.pk)  # the old job, should its task turn up after all, was let go
    assert not ImportJob.objects.filter(pk=job.pk).exists()


# ---- Whose it is ---------------------------------------------------------------------------


def test_a_stranger_gets_404_for_someone_elses_import(owner_client, owner, stranger, client):
    post(owner_client, daylio(3))
    url = f"/account/data/imports/{job_of(owner).code}/"
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert "Private words" not in client.get("/account/data/").content.decode()


def test_a_visitor_is_sent_to_log_in(client, owner):
    job = start_import(owner=owner, kind="daylio", data=daylio(1), restore_settings=False)
    response = client.get(f"/account/data/imports/{job.code}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_each_person_sees_only_their_own_import_on_the_data_page(owner_client, owner, stranger):
    start_import(owner=stranger, kind="daylio", data=daylio(1), restore_settings=False)
    body = text_of(owner_client.get("/account/data/"))
    assert 'data-testid="import-progress"' not in body and 'data-testid="import-form"' in body


def test_import_jobs_go_with_the_account_and_not_into_the_export(owner_client, owner, stranger):
    post(owner_client, daylio(3))
    start_import(owner=stranger, kind="daylio", data=daylio(1), restore_settings=False)
    exported = b"".join(owner_client.get("/account/data/small-wins.json").streaming_content).decode()
    assert "Private words" not in exported
    assert not [key for key in json.loads(exported) if "import" in key]
    account_delete(user=owner)
    assert list(ImportJob.objects.values_list("owner", flat=True)) == [stranger.pk]


# ---- Progress while the import's transaction is open ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_from_outside_while_the_import_is_still_all_or_nothing(monkeypatch):
    person = make_user("river@example.com")
    monkeypatch.setattr(store, "CHUNK_ROWS", 10)
    job = jobs.ImportJob.start(owner=person, kind="daylio", data=daylio(45), restore_settings=False)
    # What another process (the page's) sees after each report: the job's row and the person's wins.
    outside = connections.create_connection("default")
    seen = []
    report = jobs._Progress.__call__

    def report_and_look(self, rows_done):
        report(self, rows_done)
        with outside.cursor() as cursor:
            cursor.execute("SELECT status, rows_done, rows_total FROM journal_importjob WHERE id = %s", [job.pk])
            row = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM journal_win WHERE owner_id = %s", [person.pk])
            seen.append((*row, cursor.fetchone()[0]))

    monkeypatch.setattr(jobs._Progress, "__call__", report_and_look)
    try:
        run_import.call(job.pk)
    finally:
        outside.close()

    assert seen == [
        ("running", 10, 45, 0),
        ("running", 20, 45, 0),
        ("running", 30, 45, 0),
        ("running", 40, 45, 0),
        ("running", 40, 45, 0),  # the last chunk: the job's end says the rest
    ]
    done = ImportJob.objects.get(pk=job.pk)
    assert (done.status, done.rows_done, done.rows_total) == ("done", 45, 45)
    assert Win.objects.filter(owner=person).count() == 45


@pytest.mark.django_db(transaction=True)
def test_an_import_stopped_half_way_leaves_nothing_behind_but_its_message(monkeypatch):
    person = make_user("river@example.com")
    monkeypatch.setattr(store, "CHUNK_ROWS", 10)
    job = jobs.ImportJob.start(owner=person, kind="daylio", data=daylio(45), restore_settings=False)
    chunks = store._import_wins

    def third_chunk_fails(user, chunk, *args):
        if chunk[0]["text"] == "Private words 20":
            raise ConnectionError("the database went away")
        chunks(user, chunk, *args)

    monkeypatch.setattr(store, "_import_wins", third_chunk_fails)
    with pytest.raises(jobs.ImportInterrupted):
        run_import.call(job.pk)
    stopped = ImportJob.objects.get(pk=job.pk)
    assert stopped.status == "refused" and stopped.rows_done == 20  # two chunks were in, then rolled back
    assert not Win.all_objects.filter(owner=person).exists()


def test_a_failing_import_leaves_no_words_in_the_logs(owner_client, owner, monkeypatch, settings, caplog):
    # Run in-process by Django's own backend, which logs a failed task with its traceback.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    canary = "canary-7c1d-import"
    monkeypatch.setattr(store, "_import_wins", lambda *args: (_ for _ in ()).throw(ValueError(f"bad row {canary}")))
    post(owner_client, (HEADER + f"2024-03-15,,,12:00,good,,,{canary}\n").encode())
    caplog.set_level("DEBUG")
    task_result = run_import.enqueue(job_of(owner).pk)
    assert task_result.status == "FAILED"
    logged = "\n".join(caplog.text.splitlines() + [error.traceback for error in task_result.errors])
    assert "ImportInterrupted" in logged and canary not in logged
    assert job_of(owner).status == "refused"
