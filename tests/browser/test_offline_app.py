"""Installable and offline in Chromium: the manifest and worker, crisis pages with no connection, the
offline page, no journal text in any cache, and everything as before with JavaScript off."""

import json

import pytest
from playwright.sync_api import expect

from journal.models import Reflection, SafetyPlan, Win
from journal.weeks import week_start
from offline import shell
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in, worker_in_control
from tests.factories import make_ally_link, make_ally_note, make_goal, make_photo_win, make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "You're offline. Your crisis numbers still work, and wins you log now are kept on this device until you're back."
SECRET_WORD = "Zephyr"  # in every piece of journal text below; must never be in a cache


EVERYTHING_CACHED = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      found[request.url] = await (await cache.match(request)).text();
    }
  }
  return found;
}"""


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin", country="gb")


def test_chromium_finds_the_app_installable(live_server, browser_type, browser_type_launch_args, tmp_path):
    # A profile on disk: Chromium never offers to install from an incognito-like context.
    context = browser_type.launch_persistent_context(tmp_path / "profile", **browser_type_launch_args)
    page = context.new_page()
    page.goto(live_server.url + "/")
    worker = worker_in_control(page)
    assert worker.startswith(live_server.url + "/sw.js?v=")

    devtools = context.new_cdp_session(page)
    manifest = devtools.send("Page.getAppManifest")
    installability = devtools.send("Page.getInstallabilityErrors")

    assert manifest["errors"] == []
    data = json.loads(manifest["data"])
    assert (data["name"], data["start_url"], data["display"]) == ("Small Wins", "/", "standalone")
    assert {icon.get("purpose", "any") for icon in data["icons"]} == {"any", "maskable"}
    assert installability["installabilityErrors"] == []
    assert_accessible(page)
    context.close()


def test_the_crisis_pages_of_every_country_open_with_no_connection(live_server, page, context):
    # One visit to any page of the app is enough; the crisis pages themselves carry no script.
    page.goto(live_server.url + "/accounts/login/")
    worker_in_control(page)

    context.set_offline(True)
    for path in shell.crisis_pages():
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.title().endswith("· Small Wins"), path
    page.goto(live_server.url + "/crisis/gb/")
    expect(page.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    assert_accessible(page)
    page.goto(live_server.url + "/crisis/")
    assert_crisis_link(page)
    assert_accessible(page)


def test_offline_a_journal_page_shows_the_offline_page_and_crisis_numbers(live_server, page, context, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    worker_in_control(page)

    context.set_offline(True)
    page.goto(live_server.url + "/week/")

    expect(page.get_by_test_id("offline-message")).to_have_text(LEAD)
    expect(page).to_have_url(live_server.url + "/week/")
    # Someone logged in on this device: the offline page offers to log a win and knows their country.
    expect(page.get_by_label("Today I…")).to_be_visible()
    assert_crisis_link(page)
    for scheme in ("light", "dark"):
        # Set before the page loads, so axe never sees colours half-way through a transition.
        page.emulate_media(color_scheme=scheme)
        page.reload()
        expect(page.get_by_label("Today I…")).to_be_visible()
        assert_accessible(page)
    page.get_by_role("link", name="Find a crisis line").click()
    expect(page).to_have_url(live_server.url + "/crisis/gb/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("United Kingdom")


def test_the_offline_page_online_and_for_a_new_device_offers_no_form(live_server, page):
    page.goto(live_server.url + "/offline/")

    expect(page.get_by_test_id("offline-message")).to_have_text(LEAD)
    expect(page.get_by_label("Today I…")).to_be_hidden()
    expect(page.get_by_role("link", name="Find a crisis line")).to_have_attribute("href", "/crisis/")
    assert_accessible(page)


def test_no_journal_text_ever_reaches_a_cache(live_server, page, context, person, media):
    bob = make_user("bob@example.com", display_name="Bob")
    link = make_ally_link(person, bob, scope="shared_wins")
    win = make_win(person, f"{SECRET_WORD} walk by the river", shared_with_allies=True)
    photo = make_photo_win(person, f"{SECRET_WORD} bread I baked")
    goal = make_goal(person, f"{SECRET_WORD} stretch")
    monday = week_start(person.local_today(), person.week_starts_on)
    Reflection.objects.create(owner=person, week_start=monday, what_helped=f"{SECRET_WORD} helped")
    make_ally_note(person, bob, f"{SECRET_WORD} note from Bob")
    SafetyPlan.objects.create(owner=person, warning_signs=[f"{SECRET_WORD} not sleeping"], reasons=[f"{SECRET_WORD} x"])
    log_in(page, live_server, person)
    worker_in_control(page)

    page.get_by_label("Today I").fill(f"{SECRET_WORD} logged just now")
    page.get_by_role("button", name="Log win").click()
    expect(page.get_by_test_id("win").filter(has_text="logged just now")).to_be_visible()
    pages = [
        "/",
        "/week/",
        f"/week/{monday.isoformat()}/",
        "/wins/",
        f"/wins/?q={SECRET_WORD}",
        f"/wins/{win.code}/",
        f"/wins/{win.code}/edit/",
        f"/photos/{photo.code}/",
        f"/photos/{photo.code}/thumb/",
        "/look-back/",
        "/year/",
        "/report/",
        "/goals/",
        f"/goals/{goal.code}/edit/",
        "/allies/",
        "/account/",
        "/account/data/",
        "/accounts/sessions/",
        "/safety-plan/",
    ]
    for path in pages:
        page.goto(live_server.url + path)
    # Answers fetched from a page (htmx, the exports) pass the worker too.
    page.evaluate(
        "async (urls) => { for (const url of urls) await fetch(url, {headers: {'HX-Request': 'true'}}); }",
        ["/", "/week/", "/account/data/small-wins.json", "/account/data/small-wins.csv", f"/wins/{win.code}/edit/"],
    )
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, bob)
    page.goto(live_server.url + f"/allies/{link.code}/")
    expect(page.get_by_text(f"{SECRET_WORD} walk by the river")).to_be_visible()
    assert_accessible(page)

    cached = page.evaluate(EVERYTHING_CACHED)

    assert len(cached) > 40
    paths = {url.removeprefix(live_server.url) for url in cached}
    kept_pages = ("/offline/", "/offline/assets.json")
    assert all(p.startswith(("/static/", "/crisis/")) or p in kept_pages for p in paths), paths
    assert [url for url, text in cached.items() if SECRET_WORD in text] == []
    assert Win.objects.filter(text__startswith=SECRET_WORD).count() == 3


def test_with_javascript_off_today_works_as_before_and_nothing_offline_starts(live_server, browser, person):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")

    page.get_by_label("Today I").fill("Opened the curtains")
    page.get_by_role("button", name="Log win").click()
    page.get_by_role("button", name="Drank water").click()

    expect(page.get_by_test_id("win").filter(has_text="Opened the curtains")).to_be_visible()
    expect(page.get_by_test_id("win").filter(has_text="Drank water")).to_be_visible()
    expect(page.get_by_test_id("pending-win")).to_have_count(0)
    assert Win.objects.filter(owner=person).count() == 2
    assert context.service_workers == []
    page.goto(live_server.url + "/offline/")
    expect(page.get_by_label("Today I…")).to_be_hidden()
    context.close()
