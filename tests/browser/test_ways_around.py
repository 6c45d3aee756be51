"""Ways around, in a real browser on a phone (390 by 844) and a laptop (1280 by 900), with and without JavaScript:
the navigation, the week's length, the "More" on each win, a photo's page and the year in pixels."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect

from accounts.models import User
from journal import weeks
from journal.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from journal.models import Category, Win
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in, open_more
from tests.factories import make_ally_link, make_photo_win, make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
PLACES = [
    ("Today", r"/$"),
    ("Week", r"/week/$"),
    ("All wins", r"/wins/$"),
    ("Look back", r"/look-back/$"),
    ("Goals", r"/goals/$"),
    ("Allies", r"/allies/$"),
    ("Account", r"/account/$"),
]


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def media_files(media):
    return media


def new_page(browser, live_server, user, *, viewport, javascript=True, dark=False, password=None):
    context = browser.new_context(
        viewport=viewport, java_script_enabled=javascript, color_scheme="dark" if dark else "light"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, user, password)
    return page


def assert_accessible_in_both_schemes(page) -> None:
    # Reduced motion switches the colour transitions off, so axe reads each scheme's settled colours.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        assert_accessible(page)
    page.emulate_media(color_scheme="light", reduced_motion="no-preference")


def assert_no_sideways_scrolling(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), page.url


# ---- The navigation ----------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_place_is_one_visible_tap_away_on_every_page(browser, live_server, person, viewport, javascript):
    make_win(person, "Watered the plants")
    page = new_page(browser, live_server, person, viewport=viewport, javascript=javascript)
    nav = page.get_by_role("navigation", name="Main")
    for name, url in PLACES:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        # On the screen as the page opens: no menu to find, no sideways scrolling.
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], name
        assert box["y"] + box["height"] <= viewport["height"] / 4, name
        link.click()
        expect(page).to_have_url(re.compile(url))
        here = page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)
        expect(here).to_have_attribute("aria-current", "page")
        assert_crisis_link(page)
        assert_no_sideways_scrolling(page)
        if javascript and viewport is PHONE:  # axe runs in the page; the markup is the same at every width
            assert_accessible_in_both_schemes(page)
        nav = page.get_by_role("navigation", name="Main")
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_year_and_the_report_are_a_tap_from_the_week_and_look_back(browser, live_server, person, javascript):
    page = new_page(browser, live_server, person, viewport=PHONE, javascript=javascript)
    year = person.local_today().year
    for start in ("/week/", "/look-back/"):
        page.goto(live_server.url + start)
        page.get_by_role("link", name="Your year at a glance").first.click()
        expect(page.get_by_role("heading", name=f"{year} at a glance", level=1)).to_be_visible()
        page.goto(live_server.url + start)
        page.get_by_role("link", name="A printable report").first.click()
        expect(page).to_have_url(re.compile(r"/report/$"))
    page.context.close()


# ---- A shorter week --------------------------------------------------------------


def busiest_and_typical_weeks(owner) -> tuple[tuple[datetime.date, int], tuple[datetime.date, int]]:
    """The demo's week with the most wins, and its week closest to ten wins."""
    per_day = Win.objects.owned_by(owner).values_list("occurred_on").annotate(n=Count("id")).order_by()
    per_week: dict[datetime.date, int] = {}
    for day, count in per_day:
        start = weeks.week_start(day, owner.week_starts_on)
        per_week[start] = per_week.get(start, 0) + count
    busiest = max(per_week.items(), key=lambda item: (item[1], item[0]))
    typical = min(per_week.items(), key=lambda item: (abs(item[1] - 10), -item[0].toordinal()))
    return busiest, typical


def test_the_demos_busiest_week_fits_in_about_two_laptop_screens(browser, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    demo = User.objects.get(email=DEMO_EMAIL)
    (busiest, most), (typical, about_ten) = busiest_and_typical_weeks(demo)
    assert most >= 12 and 8 <= about_ten <= 12

    page = new_page(browser, live_server, demo, viewport=LAPTOP, password=DEMO_PASSWORD)
    heights = {}
    for start in (busiest, typical):
        page.goto(f"{live_server.url}/week/{start.isoformat()}/")
        expect(page.get_by_test_id("win")).to_have_count(most if start == busiest else about_ten)
        heights[start] = page.evaluate("() => document.documentElement.scrollHeight")
        # Wide screens put the reflection beside the days, not below them.
        days, reflection = (page.locator(sel).bounding_box() for sel in (".week-days", "#reflection"))
        assert reflection["x"] > days["x"] + days["width"]
        assert_no_sideways_scrolling(page)
    assert heights[typical] <= 2.25 * LAPTOP["height"], heights
    assert heights[busiest] <= 2.5 * LAPTOP["height"], heights
    assert_accessible_in_both_schemes(page)
    page.context.close()


def test_days_to_come_and_rest_days_are_one_line_each_on_a_phone(browser, live_server, person):
    today = person.local_today()
    start = weeks.week_start(today, person.week_starts_on)
    last_week = start - weeks.ONE_WEEK
    make_win(person, "Made soup", occurred_on=last_week)
    page = new_page(browser, live_server, person, viewport=PHONE)
    page.goto(f"{live_server.url}/week/{last_week.isoformat()}/")
    quiet = page.get_by_test_id(f"day-{(last_week + weeks.ONE_DAY).isoformat()}")
    expect(quiet).to_contain_text("Rest counts too")
    # One line: the day's name and "Rest counts too." side by side.
    name, words = quiet.get_by_role("heading").bounding_box(), quiet.get_by_text("Rest counts too.").bounding_box()
    assert abs(name["y"] - words["y"]) < name["height"] / 2 and words["x"] > name["x"] + name["width"]
    page.goto(f"{live_server.url}/week/")
    to_come = (start + datetime.timedelta(days=6) - today).days
    if to_come:
        line = page.get_by_test_id("days-to-come")
        expect(line).to_have_text(f"{to_come} day{'s' if to_come > 1 else ''} still to come")
    assert_no_sideways_scrolling(page)
    assert_accessible_in_both_schemes(page)
    page.context.close()


# ---- Calm win cards --------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_more_holds_edit_delete_and_sharing_on_the_week(browser, live_server, person, viewport):
    make_ally_link(person, make_user("sam@example.com", display_name="Sam"))
    make_win(person, "Phoned the dentist", category=Category.SELF_CARE)
    page = new_page(browser, live_server, person, viewport=viewport)
    page.goto(live_server.url + "/week/")
    win = page.get_by_test_id("win")
    expect(win.get_by_role("link", name="Edit")).to_be_hidden()
    expect(win.get_by_role("button", name="Delete")).to_be_hidden()

    open_more(win)
    expect(win.get_by_role("link", name="Edit")).to_be_visible()
    assert_accessible_in_both_schemes(page)
    win.get_by_role("button", name="Share with my allies").click()
    expect(win.get_by_role("button", name="Stop sharing")).to_be_focused()
    expect(win.get_by_text("Shared with allies")).to_be_visible()

    win.get_by_role("link", name="Edit").click()
    win.get_by_label("Today I").fill("Phoned the dentist and booked")
    win.get_by_role("button", name="Save").click()
    expect(win).to_contain_text("Phoned the dentist and booked")
    expect(win.get_by_role("link", name="Edit")).to_be_focused()  # More stays open where you were

    win.get_by_role("button", name="Delete").click()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    undo.click()
    expect(page.get_by_test_id("win")).to_contain_text("Phoned the dentist and booked")
    assert Win.objects.get(owner=person).shared_with_allies
    page.context.close()


def test_more_opens_by_keyboard(browser, live_server, person):
    make_win(person, "Stretched")
    page = new_page(browser, live_server, person, viewport=PHONE)
    page.goto(live_server.url + "/wins/")
    win = page.get_by_test_id("win")
    win.get_by_text("More", exact=True).focus()
    page.keyboard.press("Enter")
    expect(win.get_by_role("link", name="Edit")).to_be_visible()
    page.keyboard.press("Tab")
    expect(win.get_by_role("link", name="Edit")).to_be_focused()
    page.context.close()


def test_more_works_without_javascript(browser, live_server, person):
    start = weeks.week_start(person.local_today(), person.week_starts_on)
    make_win(person, "Folded the washing", occurred_on=start)
    page = new_page(browser, live_server, person, viewport=PHONE, javascript=False)
    page.goto(live_server.url + "/week/")
    win = page.get_by_test_id("win")
    expect(win.get_by_text("Share with my allies")).to_have_count(0)  # nobody to share with yet
    open_more(win).get_by_role("link", name="Edit").click()
    page.get_by_label("Today I").fill("Folded all the washing")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/week/$"))
    expect(page.get_by_text("Saved. Your win is up to date.")).to_be_visible()

    open_more(page.get_by_test_id("win")).get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/week/$"))
    day = page.get_by_test_id(f"day-{start.isoformat()}")
    expect(day.get_by_text("Deleted.")).to_be_visible()
    day.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Restored. Your win is back.")).to_be_visible()
    expect(page.get_by_test_id("win")).to_contain_text("Folded all the washing")
    page.context.close()


# ---- A photo on its own page -----------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_photo_opens_on_its_own_page_with_its_words_and_a_way_back(
    browser, live_server, person, media_files, viewport
):
    win = make_photo_win(person, "Bread I baked", mood=4)
    page = new_page(browser, live_server, person, viewport=viewport)
    page.goto(live_server.url + "/week/")
    page.get_by_test_id("photo-strip").get_by_role("link", name="Bread I baked").click()
    expect(page).to_have_url(re.compile(rf"/wins/{win.code}/photo/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your photo from")
    figure = page.get_by_test_id("photo")
    picture = figure.get_by_role("img", name="Bread I baked")
    expect(picture).to_be_visible()
    page.wait_for_function("() => [...document.images].every(img => img.complete && img.naturalWidth > 0)")
    expect(figure).to_contain_text("Mood: good")
    assert_crisis_link(page)
    assert_no_sideways_scrolling(page)
    assert_accessible_in_both_schemes(page)
    page.get_by_role("link", name="Back to the week").click()
    expect(page).to_have_url(re.compile(r"/week/$"))
    page.context.close()


def test_a_photo_page_works_without_javascript_from_all_wins(browser, live_server, person, media_files):
    win = make_photo_win(person, "Sat by the sea")
    page = new_page(browser, live_server, person, viewport=PHONE, javascript=False)
    page.goto(live_server.url + "/wins/?q=sea")
    page.get_by_test_id("win").get_by_role("link", name="Sat by the sea").click()
    expect(page).to_have_url(re.compile(rf"/wins/{win.code}/photo/"))
    expect(page.get_by_test_id("photo").get_by_role("img", name="Sat by the sea")).to_be_visible()
    page.get_by_role("link", name="Back to all wins").click()
    expect(page).to_have_url(re.compile(r"/wins/\?q=sea$"))
    page.context.close()


# ---- The year in pixels ----------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_whole_year_fits_on_one_screen_and_every_square_opens_its_week(browser, live_server, person, viewport):
    today = person.local_today()
    make_win(person, "Asked a friend for help", occurred_on=today, mood=4)
    make_win(person, "Walked", occurred_on=today.replace(month=1, day=1), mood=2)
    page = new_page(browser, live_server, person, viewport=viewport)
    page.goto(f"{live_server.url}/year/{today.year}/")
    grid = page.get_by_test_id("year-pixels")
    expect(grid).to_be_visible()
    days = grid.get_by_role("link")
    expect(days).to_have_count(weeks.days_in_year(today.year))
    assert grid.locator("tbody tr").count() == 12
    assert grid.locator("tbody td").count() == 12 * 31
    assert grid.bounding_box()["height"] <= viewport["height"] * 0.6
    assert_no_sideways_scrolling(page)
    assert_accessible_in_both_schemes(page)

    page.get_by_role("link", name="Mood", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?by=mood$"))
    square = page.get_by_test_id(f"year-day-{today.isoformat()}")
    expect(square).to_have_class(re.compile(r"\bmood-4\b"))
    assert_accessible_in_both_schemes(page)
    page.get_by_role("link", name=f"1 win on {today.day} {today:%B}, mood good").click()
    expect(page.get_by_test_id(f"day-{today.isoformat()}")).to_contain_text("Asked a friend for help")
    page.context.close()


def test_the_year_and_its_table_work_without_javascript(browser, live_server, person):
    today = person.local_today()
    make_win(person, "Walked", occurred_on=today, mood=5)
    page = new_page(browser, live_server, person, viewport=PHONE, javascript=False)
    page.goto(live_server.url + "/year/")
    page.get_by_role("link", name="Mood", exact=True).click()
    expect(page.get_by_test_id(f"year-day-{today.isoformat()}")).to_have_class(re.compile(r"\bmood-5\b"))
    page.get_by_text("The year as a table, week by week").click()
    start = weeks.week_start(today, person.week_starts_on)
    row_link = page.get_by_test_id("year-weeks").get_by_role("link", name=f"Week of {start.day} {start:%B}")
    expect(row_link).to_be_visible()
    row_link.click()
    expect(page).to_have_url(re.compile(rf"/week/({start.isoformat()}/)?$"))
    page.context.close()
