"""Photos in a real browser: add one on Today, see its thumbnail everywhere, refuse what isn't a photo."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Win
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import image_bytes, make_goal, make_photo_win, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(media):
    return media


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def today(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    return page


def a_photo(name: str = "beach.jpg") -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", size=(800, 600))}


ALL_IMAGES_LOADED = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"


def test_a_win_with_a_photo_shows_its_thumbnail_on_today(today, person):
    make_goal(person, "Drink a glass of water")
    today.reload()
    today.get_by_label("Today I").fill("Sat by the sea")
    today.get_by_label("Add a photo").set_input_files(a_photo())
    today.get_by_role("button", name="Log win").click()

    win = today.get_by_test_id("win")
    expect(win).to_have_count(1)
    image = win.get_by_role("img", name="Sat by the sea")
    expect(image).to_have_attribute("loading", "lazy")
    expect(image).to_be_visible()
    today.wait_for_function(ALL_IMAGES_LOADED)
    expect(today.get_by_label("Today I")).to_have_value("")
    expect(today.get_by_label("Add a photo")).to_have_value("")
    assert Win.objects.get(owner=person).has_photo
    # Today with a goal and a photo, checked by axe.
    assert_accessible(today)


def test_a_file_that_isnt_a_photo_is_refused_and_the_words_stay(today, person):
    today.get_by_label("Today I").fill("Made a card for Gran")
    today.get_by_label("Add a photo").set_input_files(
        {"name": "card.jpg", "mimeType": "image/jpeg", "buffer": b"\x7fELF\x02\x01\x01" + b"\0" * 200}
    )
    today.get_by_role("button", name="Log win").click()
    expect(today.get_by_text("We couldn't read that as a photo.")).to_be_visible()
    expect(today.get_by_label("Today I")).to_have_value("Made a card for Gran")
    assert not Win.objects.exists()
    assert_accessible(today)


def test_the_photo_opens_and_the_week_has_a_photos_strip(today, live_server, person):
    win = make_photo_win(person, "Bread I baked")
    today.goto(live_server.url + "/week/")
    strip = today.get_by_test_id("photo-strip")
    expect(strip.get_by_role("heading", name="Photos")).to_be_visible()
    thumbnail = strip.get_by_role("img", name="Bread I baked")
    expect(thumbnail).to_be_visible()
    today.wait_for_function(ALL_IMAGES_LOADED)
    assert_accessible(today)

    strip.get_by_role("link", name="Bread I baked").click()
    expect(today).to_have_url(re.compile(rf"/wins/{win.code}/photo/\?next=/week/$"))


def test_the_photo_can_be_replaced_and_removed_on_the_edit_page(today, live_server, person):
    win = make_photo_win(person, "Bread I baked")
    today.goto(live_server.url + f"/wins/{win.code}/edit/")
    expect(today.get_by_role("img", name="Bread I baked")).to_be_visible()
    assert_accessible(today)
    today.get_by_label("Remove photo").check()
    today.get_by_role("button", name="Save").click()
    expect(today.get_by_text("Saved. Your win is up to date.")).to_be_visible()
    win.refresh_from_db()
    assert not win.has_photo

    today.goto(live_server.url + f"/wins/{win.code}/edit/")
    today.get_by_label("Add a photo").set_input_files(a_photo("again.jpg"))
    today.get_by_role("button", name="Save").click()
    expect(today.get_by_role("img", name="Bread I baked")).to_be_visible()
    win.refresh_from_db()
    assert win.has_photo


def test_a_photo_can_be_added_without_javascript(browser, live_server, person):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    page.get_by_label("Today I").fill("Watered the plants")
    page.get_by_label("Add a photo").set_input_files(a_photo())
    page.get_by_role("button", name="Log win").click()
    expect(page.get_by_test_id("win").get_by_role("img", name="Watered the plants")).to_be_visible()
    assert Win.objects.get(owner=person).has_photo
    context.close()


def test_the_grateful_for_chip_starts_the_words(today, person):
    today.get_by_role("link", name="Grateful for…").click()
    field = today.get_by_label("Today I")
    expect(field).to_have_value("Grateful for ")
    expect(field).to_be_focused()
    expect(today.get_by_label("Category")).to_have_value("gratitude")
    field.press_sequentially("the sun this morning")
    field.press("Enter")
    expect(today.get_by_test_id("win")).to_contain_text("Grateful for the sun this morning")
    expect(today.get_by_test_id("win")).to_contain_text("Gratitude")
    assert Win.objects.get(owner=person).category == "gratitude"
