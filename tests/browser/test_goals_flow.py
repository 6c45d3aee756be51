"""Gentle goals in a real browser: set one, see it on Today, tap Done, see the win, Undo; with or without JS."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Goal, GoalCompletion, Win
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in
from tests.factories import make_goal, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def logged_in(page, live_server, person):
    log_in(page, live_server, person)
    return page


def test_set_a_goal_see_it_on_today_tap_done_see_the_win_and_undo(logged_in, live_server, person):
    page = logged_in
    page.goto(live_server.url + "/goals/")
    assert_crisis_link(page)
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Gentle goals", level=1)).to_be_visible()
    page.get_by_label("Your tiny goal").fill("Drink a glass of water")
    page.get_by_label("Category").select_option("Body & health")
    expect(page.get_by_label("Every day")).to_be_checked()
    page.get_by_role("button", name="Add goal").click()

    expect(page.locator("#goals-status")).to_contain_text("Added “Drink a glass of water”.")
    goal = page.get_by_test_id("goal")
    expect(goal).to_have_count(1)
    expect(goal).to_contain_text("Every day")
    expect(page.get_by_label("Your tiny goal")).to_have_value("")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    today_goal = page.get_by_test_id("goal")
    expect(today_goal).to_contain_text("Drink a glass of water")
    assert_accessible(page)
    today_goal.get_by_role("button", name="Done").click()

    win = page.get_by_test_id("win")
    expect(win).to_have_count(1)
    expect(win).to_contain_text("Drink a glass of water")
    expect(win).to_contain_text("Body & health")
    expect(today_goal).to_contain_text("Done for today")
    expect(today_goal.get_by_role("button", name="Undo")).to_be_focused()
    expect(page.locator("#ack")).not_to_be_empty()
    expect(page.get_by_text("You showed up on 1 day this month.")).to_be_visible()
    assert_accessible(page)
    assert Win.objects.filter(owner=person).count() == 1

    today_goal.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("win")).to_have_count(0)
    expect(today_goal.get_by_role("button", name="Done")).to_be_focused()
    assert not Win.objects.filter(owner=person).exists()
    assert not GoalCompletion.objects.exists()


def test_a_double_tap_on_done_logs_one_win(logged_in, live_server, person):
    make_goal(person, "Step outside for 2 minutes")
    logged_in.goto(live_server.url + "/")
    logged_in.get_by_test_id("goal").get_by_role("button", name="Done").dblclick()
    expect(logged_in.get_by_test_id("win")).to_have_count(1)
    logged_in.wait_for_timeout(500)
    assert Win.objects.filter(owner=person).count() == 1


def test_ticking_a_day_chooses_those_days(logged_in, live_server):
    page = logged_in
    page.goto(live_server.url + "/goals/")
    page.get_by_label("Your tiny goal").fill("Swim")
    page.get_by_label("Tuesday").check()
    page.get_by_label("Thursday").check()
    expect(page.get_by_label("On the days I tick")).to_be_checked()
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_test_id("goal")).to_contain_text("Tuesdays and Thursdays")
    assert Goal.objects.get().weekdays == [1, 3]

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Every day").check()
    expect(page.get_by_label("Tuesday")).not_to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("goal")).to_contain_text("Every day")


def test_a_paused_goal_rests_off_today_and_comes_back(logged_in, live_server, person):
    make_goal(person, "Meditate for a minute")
    page = logged_in
    page.goto(live_server.url + "/goals/")
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_test_id("goal")).to_contain_text("Resting this goal is fine.")
    expect(page.get_by_role("button", name="Resume")).to_be_focused()
    assert_accessible(page)

    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("goal")).to_have_count(0)
    expect(page.get_by_text("No goals planned for today. Rest counts too.")).to_be_visible()

    page.goto(live_server.url + "/goals/")
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("goal")).to_contain_text("Meditate for a minute")


def test_a_goal_with_no_words_gets_a_kind_message(logged_in, live_server):
    page = logged_in
    page.goto(live_server.url + "/goals/")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_text("Write a few words for your goal.")).to_be_visible()
    expect(page.get_by_label("Your tiny goal")).to_be_focused()
    assert_accessible(page)


def test_the_whole_flow_works_without_javascript(no_js, live_server, person):
    page = no_js
    page.goto(live_server.url + "/goals/")
    page.get_by_label("Your tiny goal").fill("Open the curtains")
    page.get_by_label("On the days I tick").check()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day).check()
    page.get_by_role("button", name="Add goal").click()
    expect(page).to_have_url(re.compile(r"/goals/$"))
    expect(page.get_by_text("Added “Open the curtains”.")).to_be_visible()

    page.goto(live_server.url + "/")
    page.get_by_test_id("goal").get_by_role("button", name="Done").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_test_id("win")).to_contain_text("Open the curtains")
    expect(page.get_by_test_id("goal")).to_contain_text("Done for today")

    page.get_by_test_id("goal").get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("win")).to_have_count(0)
    expect(page.get_by_test_id("goal").get_by_role("button", name="Done")).to_be_visible()
    assert not Win.objects.filter(owner=person).exists()
