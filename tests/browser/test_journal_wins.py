"""All wins in a real browser: filters that update the list in place and live in the address."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from journal.models import Category, Mood, Win
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in, open_more
from tests.factories import make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def person(db):
    person = make_user("kai@example.com")
    today = person.local_today()
    make_win(
        person,
        "Rested on the sofa",
        category=Category.REST,
        mood=Mood.LOW,
        occurred_on=today - datetime.timedelta(days=9),
    )
    make_win(
        person,
        "Said no to overtime",
        category=Category.BOUNDARIES,
        hard_day=True,
        occurred_on=today - datetime.timedelta(days=4),
    )
    make_win(person, "Rested after lunch", category=Category.REST, mood=Mood.GOOD, occurred_on=today)
    return person


def test_filters_update_the_list_in_place_and_the_address(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/wins/")
    assert_crisis_link(page)
    assert_accessible(page)
    page.evaluate("() => { window.__marker = 1 }")
    wins = page.get_by_test_id("win")
    expect(wins).to_have_count(3)
    expect(wins.first).to_contain_text("Rested after lunch")  # newest first

    page.get_by_label("Category").select_option("Rest")
    expect(wins).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/wins/\?.*category=rest"))
    expect(page.locator("#wins-count")).to_have_text("2 wins matching your filters.")

    page.get_by_label("Search your wins").fill("sofa")
    expect(wins).to_have_count(1)
    expect(wins).to_contain_text("Rested on the sofa")
    expect(page).to_have_url(re.compile(r"q=sofa"))

    page.get_by_label("Search your wins").fill("")
    page.get_by_label("Category").select_option("")
    page.get_by_label("Hard days only").check()
    expect(page).to_have_url(re.compile(r"hard_day=on"))
    expect(page.locator(".win-text")).to_have_text(["Said no to overtime"])
    assert page.evaluate("() => window.__marker") == 1
    assert_accessible(page)

    page.reload()  # bookmarkable: the filters come back from the address
    expect(page.get_by_label("Hard days only")).to_be_checked()
    expect(wins).to_have_count(1)


def test_a_bad_filter_in_the_address_gets_a_kind_note(page, live_server, person):
    log_in(page, live_server, person)
    response = page.goto(live_server.url + "/wins/?date_from=someday&category=rest")
    assert response.status == 200
    expect(page.get_by_text("The “From” date didn't look like a date, so it is left out.").first).to_be_visible()
    expect(page.get_by_test_id("win")).to_have_count(2)
    assert_accessible(page)


def test_edit_and_delete_inline_on_all_wins(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/wins/?category=rest")
    win = page.get_by_test_id("win").filter(has_text="sofa")
    open_more(win).get_by_role("link", name="Edit").click()
    expect(win.get_by_role("button", name="Save")).to_be_visible()
    assert_accessible(page)
    win.get_by_role("textbox").fill("Rested on the sofa with a blanket")
    win.get_by_role("button", name="Save").click()
    expect(win).to_contain_text("with a blanket")
    expect(win.locator("time")).to_be_visible()
    open_more(page.get_by_test_id("win").filter(has_text="after lunch")).get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("win")).to_have_count(1)
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("win")).to_have_count(2)


def test_pages_of_fifty(page, live_server, person):
    today = person.local_today()
    Win.objects.bulk_create(
        Win(
            owner=person,
            text=f"Old win {n}",
            category=Category.JOY,
            occurred_on=today - datetime.timedelta(days=20 + n),
        )
        for n in range(60)
    )
    log_in(page, live_server, person)
    page.goto(live_server.url + "/wins/")
    expect(page.get_by_test_id("win")).to_have_count(50)
    expect(page.get_by_text("Showing 1\N{EN DASH}50 of 63 wins.")).to_be_visible()
    pages = page.get_by_role("navigation", name="Pages of wins")
    pages.get_by_role("link", name="Older").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_test_id("win")).to_have_count(13)
    assert_accessible(page)


def test_filters_work_without_javascript(browser, live_server, person):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, person)
    page.goto(live_server.url + "/wins/")
    page.get_by_label("Mood").select_option("good")
    page.get_by_role("button", name="Show wins").click()
    expect(page).to_have_url(re.compile(r"mood=4"))
    expect(page.get_by_test_id("win")).to_have_count(1)
    expect(page.get_by_test_id("win")).to_contain_text("Rested after lunch")
    open_more(page.get_by_test_id("win")).get_by_role("link", name="Edit").click()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/wins/\?.*mood=4"))
    context.close()
