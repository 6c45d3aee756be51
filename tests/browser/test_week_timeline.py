"""The weekly timeline in a real browser: logging across a week, reflecting, looking back."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from journal import weeks
from journal.models import Category, Reflection, Win
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in, open_add_details
from tests.factories import make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)


def last_week_days(person) -> tuple[datetime.date, list[datetime.date]]:
    """The first day of last week and three different days in it (all in the past)."""
    start = weeks.week_start(person.local_today(), person.week_starts_on) - weeks.ONE_WEEK
    return start, [start, start + datetime.timedelta(days=2), start + datetime.timedelta(days=5)]


def backfill_win(page, text: str, day: datetime.date) -> None:
    """Log a win for an earlier day through the date behind Today's "Add details"."""
    page.get_by_label("Today I…").fill(text)
    open_add_details(page)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_role("button", name="Log win").click()
    expect(page.get_by_label("Today I…")).to_have_value("")


def test_wins_logged_on_three_days_land_in_their_days_and_the_weeks_can_be_walked(live_server, page):
    person = make_user("sam@example.com")
    start, days = last_week_days(person)
    log_in(page, live_server, person)

    page.goto(live_server.url + "/")
    texts = ["Made a proper breakfast", "Phoned my brother", "Went to bed on time"]
    for text, day in zip(texts, days, strict=True):
        backfill_win(page, text, day)
    assert Win.objects.filter(owner=person).count() == 3

    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.get_by_role("heading", name="This week", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Next week")).to_have_count(0)
    assert_crisis_link(page)
    assert_accessible(page)

    page.get_by_role("link", name="Previous week").click()
    expect(page).to_have_url(re.compile(rf"/week/{start.isoformat()}/$"))
    for text, day in zip(texts, days, strict=True):
        expect(page.get_by_test_id(f"day-{day.isoformat()}").get_by_text(text)).to_be_visible()
    quiet_day = start + datetime.timedelta(days=1)
    expect(page.get_by_test_id(f"day-{quiet_day.isoformat()}")).to_contain_text("Rest counts too")
    expect(page.get_by_test_id("week-summary")).to_contain_text("Days you showed up")
    expect(page.get_by_role("img", name="Wins by category")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Previous week").click()
    expect(page).to_have_url(re.compile(rf"/week/{(start - weeks.ONE_WEEK).isoformat()}/$"))
    page.get_by_role("link", name="Next week").click()
    expect(page).to_have_url(re.compile(rf"/week/{start.isoformat()}/$"))
    page.get_by_role("link", name="This week").click()
    expect(page).to_have_url(re.compile(r"/week/$"))


def test_a_reflection_saves_while_typing_and_is_there_after_a_reload(live_server, page):
    person = make_user("kim@example.com")
    log_in(page, live_server, person)
    page.goto(live_server.url + "/week/")

    page.get_by_label("Five small wins this week").fill("Showered\nCooked once")
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    page.get_by_label("What helped?").fill("Music in the morning")
    page.get_by_label("I'm proud of myself for showing up.").check()
    with page.expect_response(lambda r: "/week/" in r.url and r.request.method == "POST") as saved:
        page.get_by_role("button", name="Save reflection").click()
    assert saved.value.status == 200
    expect(page.locator("#reflection-status")).to_contain_text("Saved")

    page.reload()
    expect(page.get_by_label("Five small wins this week")).to_have_value("Showered\nCooked once")
    expect(page.get_by_label("What helped?")).to_have_value("Music in the morning")
    expect(page.get_by_label("I'm proud of myself for showing up.")).to_be_checked()
    assert Reflection.objects.filter(owner=person).count() == 1
    assert_accessible(page)


def test_the_week_page_works_with_javascript_off(live_server, browser):
    person = make_user("lee@example.com")
    start, days = last_week_days(person)
    make_win(person, "Walked to the shop", occurred_on=days[1], mood=3)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, person)

    page.goto(live_server.url + "/week/")
    page.get_by_role("link", name="Previous week").click()
    expect(page.get_by_test_id(f"day-{days[1].isoformat()}").get_by_text("Walked to the shop")).to_be_visible()

    page.get_by_label("How did I honor myself this week?").fill("I said no to a late shift.")
    page.get_by_label("One thing I'd like to try next week").fill("A bath on Sunday")
    page.get_by_role("button", name="Save reflection").click()

    expect(page).to_have_url(re.compile(rf"/week/{start.isoformat()}/#reflection$"))
    expect(page.get_by_text("Your reflection is saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("How did I honor myself this week?")).to_have_value("I said no to a late shift.")
    assert Reflection.objects.get(owner=person).week_start == start

    page.get_by_role("link", name="Next week").click()
    expect(page.get_by_role("heading", name="This week", level=1)).to_be_visible()
    context.close()


def test_a_draft_typed_after_the_session_expired_is_saved_after_logging_in(live_server, page):
    person = make_user("ash@example.com")
    log_in(page, live_server, person)
    page.goto(live_server.url + "/week/")
    page.context.clear_cookies(name="sessionid")  # the session ends while the page is open

    page.get_by_label("What helped?").fill("Words I would hate to lose")

    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2Fweek%2F"))
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("a calm river at dawn 42")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_label("What helped?")).to_have_value("Words I would hate to lose")
    expect(page.get_by_text("We saved the reflection you were writing.")).to_be_visible()
    assert Reflection.objects.get(owner=person).what_helped == "Words I would hate to lose"


def test_year_look_back_and_report_pages_are_accessible(live_server, page):
    person = make_user("ren@example.com")
    today = person.local_today()
    make_win(person, "Asked a friend for help", occurred_on=today, category=Category.REACHING_OUT, mood=4)
    make_win(person, "Rested", occurred_on=weeks.month_first_days_back(today, 6), category=Category.REST)
    Reflection.objects.create(
        owner=person, week_start=weeks.week_start(today, person.week_starts_on), what_helped="Tea", proud=True
    )
    log_in(page, live_server, person)

    page.goto(live_server.url + "/year/")
    expect(page.get_by_role("heading", name=f"{today.year} at a glance", level=1)).to_be_visible()
    name = f"1 win on {today.day} {today:%B}"
    page.get_by_role("link", name=name).click()
    expect(page.get_by_test_id(f"day-{today.isoformat()}")).to_contain_text("Asked a friend for help")
    page.go_back()
    assert_accessible(page)

    page.goto(live_server.url + "/look-back/")
    expect(page.get_by_role("heading", name="Six months ago you were…")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What is your inner critic saying?").fill("I never ask for help")
    page.get_by_role("button", name="Find evidence").click()
    expect(page.get_by_test_id("critic-evidence")).to_contain_text("Asked a friend for help")
    assert_accessible(page)

    page.goto(live_server.url + "/report/")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect(page.get_by_text("Asked a friend for help")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_text("Asked a friend for help")).to_be_visible()
