"""An import in a real browser while the worker is busy: a progress bar that moves by itself, then the result.

The queue is held (`held_queue`), so the page shows the job waiting as it
would behind other work; the test then does what the worker does with the job.
"""

import pytest
from playwright.sync_api import expect

from journal.models import ImportJob, Win
from journal.portability import jobs
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import make_user
from tests.helpers import run_imports

pytestmark = pytest.mark.django_db(transaction=True)

DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2024-03-13,,,08:00,good,walk,,Walked to the shop\n"
    "2024-03-14,,,08:00,meh,sleep,,Slept in and that was fine\n"
    '2024-03-15,,,8:30 PM,rad,"walk | friends",,Walked with Sam by the river\n'
)


class _HeldTask:
    """Stands in for the task: enqueueing keeps the job pending until the test runs it."""

    def enqueue(self, job_id):
        pass


@pytest.fixture
def held_queue(monkeypatch):
    monkeypatch.setattr(jobs, "run_import", _HeldTask())


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def daylio_file(tmp_path):
    path = tmp_path / "daylio_export.csv"
    path.write_text(DAYLIO)
    return str(path)


def test_the_progress_bar_moves_by_itself_and_gives_way_to_the_result(
    page, live_server, person, held_queue, daylio_file
):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/data/")
    page.get_by_label("Your file").set_input_files(daylio_file)
    page.get_by_role("button", name="Import").click()

    progress = page.get_by_test_id("import-progress")
    expect(progress).to_be_visible()
    expect(page.get_by_text("Your file is waiting its turn.")).to_be_visible()
    expect(page.get_by_role("link", name="Refresh")).to_be_visible()
    expect(page.get_by_test_id("import-form")).to_have_count(0)
    assert_accessible(page)

    # The worker reports rows as it goes; the page picks them up on its own.
    job = ImportJob.objects.get(owner=person)
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_total=6_000, rows_done=2_000)
    expect(page.get_by_text("2,000 of 6,000 entries are in so far.")).to_be_visible()
    expect(progress).to_have_attribute("value", "2000")
    expect(page.get_by_role("progressbar", name="2,000 of 6,000 entries are in so far.")).to_be_visible()
    assert_accessible(page)

    ImportJob.objects.filter(pk=job.pk).update(status="pending", rows_total=None, rows_done=0)
    run_imports()
    expect(page.get_by_role("status")).to_contain_text("Imported 3 wins.")
    expect(page.get_by_test_id("import-progress")).to_have_count(0)
    expect(page.get_by_label("Your file")).to_be_visible()
    assert_accessible(page)
    assert Win.objects.filter(owner=person).count() == 3


def test_without_javascript_the_refresh_link_shows_how_it_went(browser, live_server, person, held_queue, daylio_file):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/data/")
    page.get_by_label("Your file").set_input_files(daylio_file)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("import-progress")).to_be_visible()

    run_imports()
    page.get_by_role("link", name="Refresh").click()
    expect(page.get_by_text("Imported 3 wins.")).to_be_visible()
    expect(page.get_by_test_id("import-progress")).to_have_count(0)
    context.close()


def test_a_file_refused_by_the_worker_is_explained_beside_the_field(page, live_server, person, held_queue, tmp_path):
    broken = tmp_path / "daylio_export.csv"
    broken.write_text(DAYLIO + "2024-13-01,,,12:00,good,,,\n")
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/data/")
    page.get_by_label("Your file").set_input_files(str(broken))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("import-progress")).to_be_visible()

    run_imports()
    expect(page.get_by_text("Row 5: the date '2024-13-01' isn't a real date.")).to_be_visible()
    expect(page.get_by_label("Your file")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert not Win.objects.filter(owner=person).exists()
