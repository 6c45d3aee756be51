"""Wins logged with no connection in Chromium: kept on the device sealed, shown as waiting, saved exactly
once when the connection returns, kept through an expired session and a new service worker, never sent
into someone else's account, and deleted with a warning at log-out."""

import json

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from journal.models import Win
from offline import keys, shell, words
from tests.browser.conftest import assert_accessible, log_in, worker_in_control
from tests.factories import image_bytes, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# What IndexedDB holds, with a photo's sealed bytes as their length (static/js/waiting-wins.js, which
# static/js/offline.js loads on the pages that take wins, and on any page when asked).
WAITING = """async () => {
  await SmallWinsOffline.load();
  return (await WaitingWins.all()).map((r) => ({...r, photo: r.photo ? r.photo.byteLength : 0}));
}"""


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin")


@pytest.fixture
def today(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    worker_in_control(page)
    return page


def a_photo() -> dict:
    return {"name": "shop.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", size=(400, 300))}


def test_a_win_logged_offline_waits_sealed_and_is_saved_once_when_the_connection_returns(today, context, person, media):
    context.set_offline(True)
    today.get_by_label("Today I").fill("Walked to the corner shop")
    today.get_by_label("Add a photo").set_input_files(a_photo())
    today.get_by_role("button", name="Log win").click()
    today.get_by_role("button", name="Drank water").click()

    waiting = today.get_by_test_id("pending-win")
    expect(waiting).to_have_count(2)
    expect(waiting.first).to_contain_text("Drank water")
    expect(waiting.last).to_contain_text("Walked to the corner shop")
    expect(waiting.last).to_contain_text(words.WAITING)
    expect(today.locator("#ack")).to_have_text(words.KEPT)
    expect(today.get_by_label("Today I")).to_have_value("")
    assert_accessible(today)
    assert not Win.objects.exists()
    records = today.evaluate(WAITING)
    assert [r["owner"] for r in records] == [keys.owner_id(person)] * 2
    assert sorted(r["photo"] > 0 for r in records) == [False, True]
    assert not any(word in json.dumps(records) for word in ("corner shop", "Drank water", person.email))
    assert today.evaluate("async () => (await navigator.serviceWorker.ready).sync.getTags()") == ["send-waiting-wins"]
    quick_win = [r for r in today.evaluate("async () => WaitingWins.all()") if "photoIv" not in r]

    context.set_offline(False)

    expect(waiting).to_have_count(0)
    expect(today.locator("#ack")).to_have_text("Your 2 wins from this device are saved.")
    expect(today.get_by_test_id("win")).to_have_count(2)
    shop, water = Win.objects.get(text="Walked to the corner shop"), Win.objects.get(text="Drank water")
    assert shop.has_photo and shop.owner == person
    assert (water.category, water.occurred_on) == ("body-health", person.local_today())
    assert_accessible(today)

    # The same win arriving again, twice at once (another tab, the worker, a flaky network): still one.
    outcomes = today.evaluate(
        """async (records) => {
          const me = await WaitingWins.whoIsHere();
          for (const record of records) await WaitingWins.keep(record);
          const sent = await Promise.all(records.flatMap((r) => [WaitingWins.send(r, me), WaitingWins.send(r, me)]));
          return sent.map((result) => result.outcome);
        }""",
        quick_win,
    )
    today.reload()

    assert outcomes == ["saved", "saved"]
    expect(today.get_by_test_id("win")).to_have_count(2)
    assert Win.objects.filter(owner=person).count() == 2
    assert today.evaluate(WAITING) == []


def test_waiting_wins_outlast_an_expired_session_and_a_new_worker_and_reach_their_owner_only(
    today, live_server, context, person, monkeypatch
):
    context.set_offline(True)
    today.get_by_label("Today I").fill("Wrote to my sister")
    today.get_by_role("button", name="Log win").click()
    expect(today.get_by_test_id("pending-win")).to_have_count(1)
    Session.objects.all().delete()  # the session ends on the server meanwhile
    monkeypatch.setattr(shell, "worker_url", lambda: "/sw.js?v=next-version")  # and a new version is deployed

    context.set_offline(False)
    expect(today.locator("#ack")).to_have_text(words.LOG_IN_AGAIN)
    expect(today.get_by_test_id("pending-win")).to_have_count(1)

    today.goto(live_server.url + "/")
    worker_in_control(today, "?v=next-version")
    assert today.evaluate("() => caches.keys()") == ["small-wins-next-version"]
    assert len(today.evaluate(WAITING)) == 1

    # Someone else logs in on the same phone: they never see it, and it never goes into their account.
    charlie = make_user("charlie@example.com", display_name="Charlie")
    log_in(today, live_server, charlie)
    summary = today.evaluate("async () => { await SmallWinsOffline.load(); return WaitingWins.sendAll(); }")
    expect(today.get_by_test_id("pending-win")).to_have_count(0)
    expect(today.get_by_text("Wrote to my sister")).to_have_count(0)
    assert_accessible(today)
    assert summary["saved"] == [] and summary["stopped"] == ""
    assert not Win.objects.exists()
    with today.expect_navigation():
        today.get_by_role("button", name="Log out").click()
    assert len(today.evaluate(WAITING)) == 1, "Charlie logging out leaves Robin's win alone"

    log_in(today, live_server, person)

    expect(today.get_by_test_id("win")).to_contain_text("Wrote to my sister")
    expect(today.get_by_test_id("pending-win")).to_have_count(0)
    assert Win.objects.filter(owner=person, text="Wrote to my sister").count() == 1
    assert not Win.objects.filter(owner=charlie).exists()
    assert today.evaluate(WAITING) == []


@pytest.mark.parametrize(
    ("message", "why"),
    [
        ("WaitingWins.SYNC_TAG", "what Background Sync does when the connection returns, with no page open"),
        ("{type: 'visit', who: SmallWinsOffline.who}", "what any page that takes no wins asks when it loads"),
    ],
)
def test_the_worker_sends_waiting_wins_by_itself(today, person, message, why):
    assert today.evaluate("async () => 'sync' in (await navigator.serviceWorker.ready)")
    today.evaluate(
        f"""async () => {{
          await SmallWinsOffline.load();
          const me = await WaitingWins.device();
          const fields = {{text: "Watered the plants", category: "routine"}};
          await WaitingWins.keep(await WaitingWins.seal(me, crypto.randomUUID(), fields, null));
          navigator.serviceWorker.controller.postMessage({message});
        }}"""
    )

    expect(today.locator("#ack")).to_have_text(words.SAVED_ONE)
    expect(today.get_by_test_id("win")).to_contain_text("Watered the plants")
    assert Win.objects.filter(owner=person, text="Watered the plants").count() == 1, why


def test_the_offline_page_takes_a_win_for_the_person_who_last_used_the_app_here(today, live_server, context, person):
    context.set_offline(True)
    today.goto(live_server.url + "/week/")
    expect(today.get_by_role("heading", name=words.OFFLINE_TITLE)).to_be_visible()

    today.get_by_role("button", name="Log win").click()
    expect(today.locator("#ack")).to_have_text(words.EMPTY_TEXT)
    today.get_by_label("Today I…").fill("Stretched for five minutes")
    today.get_by_role("button", name="Log win").click()

    expect(today.get_by_test_id("pending-win")).to_contain_text("Stretched for five minutes")
    assert_accessible(today)
    context.set_offline(False)
    expect(today.get_by_test_id("pending-win")).to_have_count(0)
    expect(today.locator("#ack")).to_have_text(words.SAVED_ONE)
    assert Win.objects.filter(owner=person, text="Stretched for five minutes").count() == 1


def test_logging_out_warns_about_wins_still_waiting_and_then_deletes_them(live_server, browser, person):
    # Without the worker, so the test can stand in for a server that can't take the win right now.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, person)
    context.route("**/offline/wins/", lambda route: route.fulfill(status=503, json={"reason": "later"}))
    context.set_offline(True)
    page.get_by_label("Today I").fill("Called the GP")
    page.get_by_role("button", name="Log win").click()
    expect(page.get_by_test_id("pending-win")).to_have_count(1)
    context.set_offline(False)

    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(live_server.url + "/accounts/logout/")
    expect(page.get_by_test_id("waiting-warning")).to_contain_text(words.LOGOUT_WARNING_ONE)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Log out").click()
    assert page.evaluate(WAITING) == []
    assert page.evaluate("async () => WaitingWins.device()") is None
    context.unroute("**/offline/wins/")
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("pending-win")).to_have_count(0)
    assert not Win.objects.exists()
    context.close()
