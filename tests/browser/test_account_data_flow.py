"""Your data in a real browser: download it, bring it back, end other sessions, delete everything."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from journal.models import Win
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in
from tests.factories import PASSWORD, make_user, make_win
from tests.helpers import run_imports

pytestmark = pytest.mark.django_db(transaction=True)

DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2024-03-15,March 15,Friday,8:30 PM,good,"walk | friends",,"Walked with Sam by the river"\n'
)


def worker_turn(page) -> None:
    """Once the upload's page is there, do the worker's part here, whichever task backend the settings name.

    With Django's immediate backend the import already ran in the upload's request and this finds nothing to do;
    with a queue the page shows the job waiting, and htmx (or the Refresh link) brings the outcome.
    """
    shown = page.get_by_test_id("import-progress").or_(page.get_by_test_id("import-result"))
    expect(shown.or_(page.locator("#id_file_error")).first).to_be_visible()
    run_imports()


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def data_page(page, live_server, person):
    log_in(page, live_server, person)
    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Download a copy or import one").click()
    expect(page.get_by_role("heading", name="Your data", level=1)).to_be_visible()
    return page


def test_both_downloads_hold_the_journal(data_page, person):
    make_win(person, "Made my bed")
    page = data_page
    assert_crisis_link(page)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download JSON").click()
    assert re.fullmatch(r"small-wins-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [win["text"] for win in document["wins"]] == ["Made my bed"]

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert "Made my bed" in Path(download.value.path()).read_text(encoding="utf-8")


def test_a_daylio_export_comes_in_and_shows_up_among_the_wins(data_page, person, tmp_path):
    page = data_page
    export = tmp_path / "daylio_export.csv"
    export.write_text(DAYLIO)
    page.get_by_label("Your file").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()
    worker_turn(page)
    expect(page.get_by_role("status")).to_contain_text("Imported 1 win.")
    assert_accessible(page)

    page.goto(page.url.split("/account/")[0] + "/wins/")
    expect(page.get_by_text("Walked with Sam by the river")).to_be_visible()
    assert Win.objects.get(owner=person).mood == 4


def test_a_file_that_is_not_an_export_gets_a_message_that_says_where(data_page, person, tmp_path):
    page = data_page
    broken = tmp_path / "daylio_export.csv"
    broken.write_text(DAYLIO + "2024-13-01,,,12:00,good,,,\n")
    page.get_by_label("Your file").set_input_files(str(broken))
    page.get_by_role("button", name="Import").click()
    worker_turn(page)
    expect(page.get_by_text("Row 3: the date '2024-13-01' isn't a real date.")).to_be_visible()
    expect(page.get_by_label("Your file")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert not Win.objects.filter(owner=person).exists()


def test_importing_works_without_javascript(browser, live_server, person, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/data/")
    export = tmp_path / "daylio_export.csv"
    export.write_text(DAYLIO)
    page.get_by_label("Your file").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()
    worker_turn(page)
    if page.get_by_role("link", name="Refresh").count():
        page.get_by_role("link", name="Refresh").click()
    expect(page.get_by_text("Imported 1 win.")).to_be_visible()
    context.close()


def test_ending_all_other_sessions_logs_the_other_browser_out(page, browser, live_server, person):
    other_context = browser.new_context()
    other = other_context.new_page()
    log_in(other, live_server, person)
    log_in(page, live_server, person)

    page.goto(live_server.url + "/account/")
    sessions = page.get_by_test_id("session")
    expect(sessions).to_have_count(2)
    expect(page.get_by_text("This device")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="End all others").click()
    expect(page.get_by_role("status")).to_contain_text("1 other session is logged out.")
    expect(page.get_by_test_id("session")).to_have_count(1)

    other.goto(live_server.url + "/account/")
    expect(other).to_have_url(re.compile(r"/accounts/login/"))
    other_context.close()


def test_deleting_the_account_needs_the_password_and_says_goodbye(page, live_server, person, mailoutbox):
    make_win(person, "Something to let go of")
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="delete your account").click()
    expect(page.get_by_role("heading", name="Delete your account", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="What will be deleted")).to_be_visible()
    assert_crisis_link(page)
    assert_accessible(page)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That password isn't right. Please try again.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Your account is deleted", level=1)).to_be_visible()
    assert_crisis_link(page)
    assert_accessible(page)
    assert not User.objects.filter(email="robin@example.com").exists()
    assert not Win.all_objects.exists()
    assert [mail.to for mail in mailoutbox] == [["robin@example.com"]]

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("The email address and/or password you specified are not correct.")).to_be_visible()
