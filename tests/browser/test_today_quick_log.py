"""Today on a phone and a laptop: quick log first, feedback where the thumb is, moods you can see.

The "Logged ✓" mark lasts a moment; these tests hold the page's clock still
(Playwright's page.clock) and move it on by hand, so nothing here depends on
how fast the machine is.
"""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Category, Mood, Win
from tests.browser.conftest import assert_accessible, log_in, open_add_details
from tests.factories import make_goal, make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
SCREENS = [pytest.param(PHONE, id="phone"), pytest.param(LAPTOP, id="laptop")]
ACKS = re.compile(r"That counts\.|Every small step still counts\.|I'm proud of myself for showing up\.")


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def a_typical_day(person):
    """Two wins already today and a goal, so Today's list starts below the Quick wins."""
    make_win(person, "Made porridge", category=Category.BODY_HEALTH, mood=Mood.OKAY)
    make_win(person, "Answered one email", category=Category.ROUTINE, mood=Mood.LOW, hard_day=True)
    make_goal(person, "Drink a glass of water")


@pytest.fixture
def open_today(browser, live_server, person):
    """Today for `person` in a fresh browser context: open_today(screen, **context options) → page."""
    opened = []

    def open_(screen: dict, *, clock: bool = False, **options):
        context = browser.new_context(viewport=screen, **options)
        page = context.new_page()
        page.set_default_timeout(10_000)
        refused = []
        page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
        opened.append((context, refused))
        log_in(page, live_server, person)
        if clock:
            page.clock.install()
        page.goto(live_server.url + "/")
        if clock:
            # Time stands still from here; page.clock.run_for moves it on.
            page.clock.pause_at(page.evaluate("Date.now()") + 1000)
        return page

    yield open_
    for context, refused in opened:
        context.close()
        assert refused == [], refused


def fully_in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def accessible_in_both_schemes(page) -> None:
    """axe on the page as it is, light then dark, each once the colours have finished changing."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        assert_accessible(page)
    page.emulate_media(color_scheme="light")


@pytest.mark.parametrize("screen", SCREENS)
def test_the_words_log_win_and_the_quick_wins_are_in_the_first_view(open_today, a_typical_day, screen):
    page = open_today(screen)
    quick_wins = page.get_by_role("group", name="Quick wins")
    first_chip = quick_wins.get_by_role("button").first

    assert page.evaluate("() => window.scrollY") == 0
    assert fully_in_view(page, page.get_by_label("Today I"))
    assert fully_in_view(page, page.get_by_role("button", name="Log win"))
    assert fully_in_view(page, quick_wins.get_by_role("heading", name="Quick wins"))
    assert fully_in_view(page, first_chip)
    # Everything else about a win waits behind "Add details".
    expect(page.get_by_label("Category")).to_be_hidden()
    expect(page.get_by_role("group", name="Mood")).to_be_hidden()
    accessible_in_both_schemes(page)

    open_add_details(page)
    expect(page.get_by_role("group", name="Mood")).to_be_visible()
    expect(page.get_by_role("radiogroup", name="Mood").get_by_role("radio")).to_have_count(6)
    accessible_in_both_schemes(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_quick_win_says_logged_on_the_chip_and_the_win_comes_into_view(open_today, a_typical_day, person, screen):
    page = open_today(screen, clock=True)
    chip = page.get_by_role("group", name="Quick wins").get_by_role("button", name="Drank water")
    todays_list = page.locator("#today-win-list")
    if screen == PHONE:
        assert not fully_in_view(page, todays_list.get_by_test_id("win").first)

    chip.click()

    expect(chip.get_by_text("Logged ✓")).to_be_visible()
    expect(chip).to_have_accessible_name("Drank water")  # the chip keeps its name while it says so
    ack = page.locator("#ack")
    expect(ack).to_have_attribute("aria-live", "polite")
    expect(ack).to_contain_text("Logged “Drank water”.")
    expect(ack).to_contain_text(ACKS)
    page.clock.run_for(100)  # htmx settles
    new_win = todays_list.get_by_test_id("win").first
    expect(new_win).to_contain_text("Drank water")
    expect(new_win).to_be_in_viewport()
    expect(chip).to_be_in_viewport()  # the thumb's chip is still there for the next tap
    expect(chip).to_be_focused()
    expect(chip.locator(".celebration")).to_have_count(1)

    page.clock.run_for(3000)
    expect(chip.get_by_text("Logged ✓")).to_be_hidden()
    expect(chip.locator(".celebration")).to_have_count(0)
    expect(chip.get_by_text("Drank water")).to_be_visible()
    assert Win.objects.filter(owner=person, text="Drank water").count() == 1
    page.clock.resume()  # axe keeps time with timers of its own
    accessible_in_both_schemes(page)


def test_no_celebration_moves_when_motion_is_reduced(open_today, a_typical_day):
    page = open_today(PHONE, clock=True, reduced_motion="reduce")
    chip = page.get_by_role("group", name="Quick wins").get_by_role("button", name="Stepped outside")
    chip.click()
    expect(chip.get_by_text("Logged ✓")).to_be_visible()
    page.clock.run_for(100)
    expect(page.locator("#today-win-list").get_by_test_id("win").first).to_be_in_viewport()
    expect(page.locator(".celebration")).to_have_count(0)
    animation = chip.evaluate("element => getComputedStyle(element).animationName")
    assert animation == "none"


@pytest.mark.parametrize("screen", SCREENS)
def test_a_typed_win_says_logged_beside_log_win_with_a_category_from_its_words(open_today, person, screen):
    page = open_today(screen, clock=True)
    field = page.get_by_label("Today I")
    field.fill("Went for a walk round the block")
    button = page.get_by_role("button", name="Log win")
    button.click()

    mark = page.get_by_text("Logged ✓")
    expect(mark).to_be_visible()
    beside, below = mark.bounding_box(), button.bounding_box()
    assert beside["x"] >= below["x"] + below["width"]  # on the button's row, after it
    assert below["y"] <= beside["y"] + beside["height"] / 2 <= below["y"] + below["height"]
    expect(page.locator("#ack")).to_contain_text("Logged.")
    page.clock.run_for(100)
    win = page.get_by_test_id("win").first
    expect(win).to_contain_text("Went for a walk round the block")
    expect(win).to_contain_text("Body & health")  # suggested from "walk"
    expect(win).to_be_in_viewport()
    expect(field).to_have_value("")
    expect(field).to_be_focused()
    expect(page.locator(".log-actions .celebration")).to_have_count(1)
    page.clock.run_for(3000)
    expect(mark).to_be_hidden()
    assert Win.objects.get(owner=person).category == Category.BODY_HEALTH


def test_mood_is_chosen_by_its_face_with_the_keyboard(open_today, person):
    page = open_today(PHONE)
    page.get_by_label("Today I").fill("Said no to overtime")
    page.keyboard.press("Tab")  # the "Grateful for…" chip
    page.keyboard.press("Tab")
    expect(page.locator("summary", has_text="Add details")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Category")).to_be_focused()
    page.keyboard.press("Tab")
    mood = page.get_by_role("group", name="Mood")
    expect(mood.get_by_role("radio", name="Prefer not to say")).to_be_focused()
    # Five faces, each with its word.
    expect(mood.get_by_role("radio")).to_have_count(6)
    words = ["very low", "low", "okay", "good", "very good"]
    expect(mood.locator(".mood-choice .mood-word")).to_have_text([*words, "Prefer not to say"])
    expect(mood.locator(".mood-choice svg.mood-face")).to_have_count(5)

    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    good = mood.get_by_role("radio", name="good", exact=True)
    expect(good).to_be_checked()
    expect(good).to_be_focused()
    chosen = mood.locator(".mood-choice.mood-4")
    assert chosen.evaluate("e => getComputedStyle(e).backgroundColor") == colour_of(page, "--mood-4")
    accessible_in_both_schemes(page)

    page.get_by_role("button", name="Log win").focus()
    page.keyboard.press("Enter")
    win = page.get_by_test_id("win")
    expect(win).to_contain_text("Mood: good")
    badge = win.locator(".mood-badge")
    expect(badge).to_have_class(re.compile(r"\bmood-4\b"))
    expect(badge.locator("svg.mood-face")).to_have_count(1)
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == colour_of(page, "--mood-4")
    assert Win.objects.get(owner=person).mood == Mood.GOOD


def test_a_face_can_be_tapped_and_the_edit_form_keeps_the_mood(open_today, live_server, person):
    win = make_win(person, "Rested after lunch", mood=Mood.LOW)
    page = open_today(PHONE)
    page.goto(f"{live_server.url}/wins/{win.code}/edit/")
    mood = page.get_by_role("group", name="Mood")
    expect(mood.get_by_role("radio", name="low", exact=True)).to_be_checked()
    accessible_in_both_schemes(page)
    mood.locator(".mood-choice.mood-3").click()  # the "okay" face, where a finger lands
    expect(mood.get_by_role("radio", name="okay", exact=True)).to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Your win is up to date.")).to_be_visible()
    win.refresh_from_db()
    assert win.mood == Mood.OKAY


def colour_of(page, variable: str) -> str:
    """A CSS custom property as the browser computes it for a background (rgb(…))."""
    return page.evaluate(
        """name => {
            const probe = document.createElement("i");
            probe.style.setProperty("background-color", `var(${name})`);
            document.body.append(probe);
            const colour = getComputedStyle(probe).backgroundColor;
            probe.remove();
            return colour;
        }""",
        variable,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_add_details_opens_and_closes_and_opens_itself_for_a_problem(open_today, person, javascript):
    page = open_today(PHONE, java_script_enabled=javascript)
    summary = page.locator("summary", has_text="Add details")
    category = page.get_by_label("Category")
    expect(category).to_be_hidden()
    summary.click()
    expect(category).to_be_visible()
    summary.click()
    expect(category).to_be_hidden()

    page.get_by_label("Today I").fill("Rested without guilt")
    open_add_details(page)
    page.get_by_label("Date").fill("2999-01-01")
    summary.click()  # closed again before sending: the problem opens it
    expect(category).to_be_hidden()
    page.get_by_role("button", name="Log win").click()

    expect(page.get_by_text("That day hasn't happened yet.")).to_be_visible()
    expect(page.get_by_test_id("add-details")).to_have_attribute("open", "")
    expect(page.get_by_label("Today I")).to_have_value("Rested without guilt")
    assert not Win.objects.exists()
    if javascript:  # axe runs in the page's own JavaScript; the markup is the same without it
        assert_accessible(page)


def test_without_javascript_a_quick_win_reloads_today_with_the_kind_message(open_today, person):
    page = open_today(PHONE, java_script_enabled=False)
    page.get_by_role("group", name="Quick wins").get_by_role("button", name="Drank water").click()
    expect(page.get_by_role("status").filter(has_text=ACKS)).to_be_visible()
    expect(page.get_by_text("Logged ✓")).to_have_count(0)
    expect(page.get_by_test_id("win")).to_contain_text("Drank water")


def test_the_week_draws_each_mood_in_its_colour_with_its_word(open_today, live_server, person):
    today = person.local_today()
    make_win(person, "Walked", mood=Mood.VERY_LOW, occurred_on=today)
    make_win(person, "Sang", mood=Mood.VERY_GOOD, occurred_on=today, category=Category.JOY)
    page = open_today(LAPTOP)
    page.goto(live_server.url + "/week/")
    chart = page.get_by_role("img", name="Your mood across the week")
    expect(chart.locator("circle.chart-point.mood-3")).to_have_count(1)  # the day's average, okay
    expect(chart.locator("circle.chart-swatch")).to_have_count(5)
    expect(page.get_by_test_id("win").locator(".mood-badge.mood-1")).to_contain_text("Mood: very low")
    expect(page.get_by_test_id("win").locator(".mood-badge.mood-5")).to_contain_text("Mood: very good")
    accessible_in_both_schemes(page)
