"""Today in a real browser: log a win in two taps, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Category, Win
from tests.browser.conftest import (
    assert_accessible,
    assert_crisis_link,
    choose_mood,
    log_in,
    open_add_details,
    open_more,
)
from tests.factories import PASSWORD, make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)

ACKS = re.compile(r"That counts\.|Every small step still counts\.|I'm proud of myself for showing up\.")


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def today(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    page.evaluate("() => { window.__marker = 1 }")
    return page


def still_the_same_page(page) -> bool:
    return page.evaluate("() => window.__marker") == 1


def test_a_win_logged_with_the_form_lands_in_the_list_without_a_page_load(today, person):
    assert_crisis_link(today)
    assert_accessible(today)
    expect(today.get_by_text("Your first small win can be tiny.")).to_be_visible()
    nothing_yet = today.get_by_text("Nothing logged yet today.")
    expect(nothing_yet).to_be_visible()
    field = today.get_by_label("Today I")
    field.fill("Said no to something draining")
    open_add_details(today)
    today.get_by_label("Category").select_option("Boundaries")
    choose_mood(today, "good")
    today.get_by_label("Hard day — and I kept going").check()
    today.get_by_role("button", name="Log win").click()

    win = today.get_by_test_id("win")
    expect(win).to_have_count(1)
    expect(win).to_contain_text("Said no to something draining")
    expect(win).to_contain_text("Boundaries")
    expect(win).to_contain_text("Mood: good")
    expect(win).to_contain_text("Hard day — and I kept going")
    expect(today.locator("#ack")).to_have_text(ACKS)
    expect(today.locator("#ack")).to_have_attribute("aria-live", "polite")
    expect(today.get_by_text("You showed up on 1 day this month.")).to_be_visible()
    expect(nothing_yet).to_be_hidden()
    expect(field).to_have_value("")
    expect(field).to_be_focused()
    assert still_the_same_page(today)
    assert_accessible(today)

    field.fill("Drank water")
    field.press("Enter")
    expect(win).to_have_count(2)
    expect(win.first).to_contain_text("Drank water")  # newest first
    assert still_the_same_page(today)
    assert Win.objects.filter(owner=person).count() == 2


def test_a_preset_logs_with_one_tap(today, person):
    group = today.get_by_role("group", name="Quick wins")
    group.get_by_role("button", name="Drank water").click()
    win = today.get_by_test_id("win")
    expect(win).to_have_count(1)
    expect(win).to_contain_text("Drank water")
    expect(win).to_contain_text("Body & health")
    expect(group.get_by_role("button", name="Drank water")).to_be_focused()
    # The fresh buttons carry fresh keys: a second tap is a second glass of water.
    group.get_by_role("button", name="Drank water").click()
    expect(win).to_have_count(2)
    assert still_the_same_page(today)
    assert Win.objects.filter(owner=person, category=Category.BODY_HEALTH).count() == 2


def test_what_is_being_typed_stays_when_a_preset_is_tapped(today):
    today.get_by_label("Today I").fill("Half-written")
    today.get_by_role("group", name="Quick wins").get_by_role("button", name="Stepped outside").click()
    expect(today.get_by_test_id("win")).to_contain_text("Stepped outside")
    expect(today.get_by_label("Today I")).to_have_value("Half-written")


def test_a_double_click_on_log_win_makes_one_win(today, person):
    posts = []
    today.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    today.get_by_label("Today I").fill("Took my medication")
    today.get_by_role("button", name="Log win").dblclick()
    expect(today.get_by_test_id("win")).to_have_count(1)
    today.wait_for_timeout(500)
    expect(today.get_by_test_id("win")).to_have_count(1)
    assert Win.objects.filter(owner=person).count() == 1
    assert len(posts) == 1


def test_the_log_win_button_rests_while_the_win_is_on_its_way(today, live_server):
    held = []
    today.route(
        live_server.url + "/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    today.get_by_label("Today I").fill("Kept my routine")
    button = today.get_by_role("button", name="Log win")
    button.click()
    expect(button).to_be_disabled()
    held[0].continue_()
    expect(today.get_by_test_id("win")).to_have_count(1)
    expect(today.get_by_role("button", name="Log win")).to_be_enabled()


def test_words_typed_while_a_win_travels_are_never_drawn_over(today, live_server, person):
    """Replays a slow connection: the answer brings a fresh, empty form, so while it travels the
    words wait read-only instead of being typed and then wiped."""
    held = []
    today.route(
        live_server.url + "/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    field = today.get_by_label("Today I")
    field.fill("Kept my routine")
    field.press("Enter")
    expect(field).not_to_be_editable()
    today.keyboard.type("Called Sam")
    expect(field).to_have_value("Kept my routine")
    held[0].continue_()
    today.unroute(live_server.url + "/")
    expect(today.get_by_test_id("win")).to_have_count(1)
    expect(field).to_be_editable()
    expect(field).to_be_focused()
    field.fill("Called Sam")
    today.get_by_role("button", name="Log win").click()
    expect(today.get_by_test_id("win")).to_have_count(2)
    assert sorted(Win.objects.filter(owner=person).values_list("text", flat=True)) == ["Called Sam", "Kept my routine"]


def test_a_win_for_another_day_goes_under_another_day(today, person):
    today.get_by_label("Today I").fill("Went to the support group")
    open_add_details(today)
    today.get_by_label("Date").fill("2024-02-29")
    today.get_by_role("button", name="Log win").click()
    expect(today.locator("#ack")).to_contain_text("Added to Thursday 29 February.")
    expect(today.get_by_test_id("win")).to_have_count(0)
    assert Win.objects.get(owner=person).occurred_on.isoformat() == "2024-02-29"


def test_bad_input_gets_a_kind_message_in_the_form_and_keeps_the_text(today, person):
    today.get_by_role("button", name="Log win").click()
    expect(today.get_by_text("Write a few words about your win.")).to_be_visible()
    expect(today.get_by_label("Today I")).to_be_focused()
    today.get_by_label("Today I").fill("Rested without guilt")
    open_add_details(today)
    today.get_by_label("Date").fill("2999-01-01")
    today.get_by_role("button", name="Log win").click()
    expect(today.get_by_text("That day hasn't happened yet.")).to_be_visible()
    expect(today.get_by_label("Today I")).to_have_value("Rested without guilt")
    assert still_the_same_page(today)
    assert_accessible(today)
    assert not Win.objects.exists()


def test_editing_inline(today, person):
    make_win(person, "Got out of bed")
    today.reload()
    today.evaluate("() => { window.__marker = 1 }")
    win = today.get_by_test_id("win")
    open_more(win).get_by_role("link", name="Edit").click()
    text = win.get_by_label("Today I")
    expect(text).to_be_focused()
    assert_accessible(today)
    text.fill("Got out of bed and opened the curtains")
    choose_mood(win, "okay")
    win.get_by_role("button", name="Save").click()
    expect(win).to_contain_text("Got out of bed and opened the curtains")
    expect(win).to_contain_text("Mood: okay")
    expect(win.get_by_role("link", name="Edit")).to_be_focused()

    win.get_by_role("link", name="Edit").click()
    win.get_by_label("Today I").fill("   ")
    win.get_by_role("button", name="Save").click()
    expect(win.get_by_text("Write a few words about your win.")).to_be_visible()
    win.get_by_role("link", name="Cancel").click()
    expect(win).to_contain_text("Got out of bed and opened the curtains")
    assert still_the_same_page(today)
    assert Win.objects.get().text == "Got out of bed and opened the curtains"


def test_delete_and_undo(today, person):
    make_win(person, "Apologised to Sam", hard_day=True)
    today.reload()
    today.evaluate("() => { window.__marker = 1 }")
    open_more(today.get_by_test_id("win")).get_by_role("button", name="Delete").click()
    expect(today.get_by_test_id("win")).to_have_count(0)
    expect(today.get_by_text("Deleted.")).to_be_visible()
    undo = today.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    assert_accessible(today)
    undo.click()
    expect(today.get_by_test_id("win")).to_have_count(1)
    expect(today.get_by_test_id("win")).to_contain_text("Apologised to Sam")
    expect(today.get_by_test_id("win")).to_contain_text("Hard day — and I kept going")
    assert still_the_same_page(today)
    assert Win.objects.get().deleted_at is None


def test_an_xss_payload_shows_as_text(today):
    dialogs = []
    today.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    today.get_by_label("Today I").fill(payload)
    today.get_by_role("button", name="Log win").click()
    expect(today.get_by_test_id("win").locator(".win-text")).to_have_text(payload)
    today.reload()
    expect(today.get_by_test_id("win").locator(".win-text")).to_have_text(payload)
    assert today.locator("main img").count() == 0
    assert dialogs == []


def test_another_person_gets_404_on_someones_edit_url(page, live_server, person):
    win = make_win(person, "Told my therapist everything")
    other = make_user("sam@example.com")
    log_in(page, live_server, other)
    response = page.goto(f"{live_server.url}/wins/{win.code}/edit/")
    assert response.status == 404
    expect(page.get_by_text("Told my therapist everything")).to_have_count(0)


def test_the_same_flows_without_javascript(no_js, live_server, person):
    page = no_js
    page.goto(live_server.url + "/")
    page.get_by_label("Today I").fill("Replied to a message")
    open_add_details(page)
    page.get_by_label("Category").select_option("Connection")
    page.get_by_role("button", name="Log win").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("status").filter(has_text=ACKS)).to_be_visible()
    expect(page.get_by_test_id("win")).to_contain_text("Replied to a message")

    page.get_by_role("group", name="Quick wins").get_by_role("button", name="Asked for help").click()
    expect(page.get_by_test_id("win")).to_have_count(2)
    expect(page.get_by_test_id("win").first).to_contain_text("Reaching out")

    page.get_by_role("button", name="Log win").click()
    expect(page.get_by_text("Write a few words about your win.")).to_be_visible()

    open_more(page.get_by_test_id("win").filter(has_text="Replied")).get_by_role("link", name="Edit").click()
    expect(page).to_have_url(re.compile(r"/wins/[0-9a-f-]+/edit/\?next=/$"))
    page.get_by_label("Today I").fill("Replied to two messages")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_text("Saved. Your win is up to date.")).to_be_visible()
    expect(page.get_by_test_id("win").filter(has_text="Replied to two messages")).to_have_count(1)

    open_more(page.get_by_test_id("win").filter(has_text="Replied")).get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("win")).to_have_count(1)
    expect(page.get_by_text("Deleted.")).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Restored. Your win is back.")).to_be_visible()
    expect(page.get_by_test_id("win")).to_have_count(2)
    assert set(Win.objects.values_list("text", flat=True)) == {"Replied to two messages", "Asked for help"}


def test_a_double_submit_without_javascript_makes_one_win(no_js, live_server, person):
    no_js.goto(live_server.url + "/")
    no_js.get_by_label("Today I").fill("Stepped outside")
    no_js.get_by_role("button", name="Log win").dblclick()
    expect(no_js.get_by_test_id("win")).to_have_count(1)
    assert Win.objects.filter(owner=person).count() == 1


def test_logging_in_lands_on_today(page, live_server, person):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Log win")).to_be_visible()
