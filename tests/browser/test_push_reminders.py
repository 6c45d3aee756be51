"""Reminders on this device, in Chromium: the button, the subscription reaching the server, the notification.

Chromium here has no push service to talk to (its PushManager.subscribe()
answers "Registration failed - permission denied" without one), so the page's
PushManager is replaced by one that hands out a subscription at the test's own
push service, with keys the test holds. Everything else is real: static/js/push.js,
the service worker, the form post, the worker's task, the encryption, and the
service worker's handling of the push (delivered through the DevTools protocol).
"""

import base64
import datetime
import json

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import PushSubscription
from journal.reminders import send_due_reminders
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import make_push_device, make_user
from tests.helpers import PushBrowser, at

pytestmark = pytest.mark.django_db(transaction=True)

# A PushManager whose subscription points at the test's push service (ENDPOINT, KEYS filled in below).
FAKE_PUSH_MANAGER = """
(() => {
  const details = %s;
  let current = null;
  PushManager.prototype.subscribe = async function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    sessionStorage.setItem("subscribed-with", btoa(String.fromCharCode.apply(null, key)));
    current = {
      endpoint: details.endpoint,
      options: { applicationServerKey: key.buffer, userVisibleOnly: options.userVisibleOnly },
      toJSON: () => ({ endpoint: details.endpoint, expirationTime: null, keys: details.keys }),
      unsubscribe: async () => { current = null; return true; },
    };
    return current;
  };
  PushManager.prototype.getSubscription = async function () { return current; };
})();
"""


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin", timezone="Europe/London")


def phone_page(browser, live_server, push_service, phone, *, allow=True):
    context = browser.new_context()
    if allow:
        context.grant_permissions(["notifications"], origin=live_server.url)
    details = {"endpoint": push_service.endpoint("robin-phone"), "keys": {"p256dh": phone.p256dh, "auth": phone.auth}}
    context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(details))
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_remind_me_on_this_device_then_the_reminder_arrives_as_a_notification(
    live_server, browser, person, push_service
):
    phone = PushBrowser()
    context, page = phone_page(browser, live_server, push_service, phone)
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/")
    devices = page.get_by_test_id("push-devices")
    expect(devices.get_by_text("No devices yet.")).to_be_visible()
    expect(devices.get_by_text("Notifications need JavaScript")).to_be_hidden()
    assert_accessible(page)

    devices.get_by_role("button", name="Remind me on this device").click()
    expect(page.get_by_role("status").get_by_text("Done. This device is ready.")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/account/#devices")
    expect(page.get_by_test_id("push-device")).to_have_count(1)
    expect(page.get_by_test_id("push-device")).to_contain_text("Headless Chrome on Linux")
    assert_accessible(page)
    # The browser was asked for a subscription with our public key.
    used = base64.b64decode(page.evaluate("() => sessionStorage.getItem('subscribed-with')"))
    assert base64.urlsafe_b64encode(used).rstrip(b"=").decode() == settings.VAPID_PUBLIC_KEY
    device = PushSubscription.objects.get()
    assert (device.user, device.p256dh, device.auth) == (person, phone.p256dh, phone.auth)

    # The daily reminder, by notification, at 20:00 London time.
    page.get_by_label("Email me a daily reminder").check()
    page.get_by_label("As a notification on my devices").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Saved. Your settings are up to date.")).to_be_visible()
    evening = datetime.datetime(2025, 6, 2, 19, 5, tzinfo=datetime.UTC)  # 20:05 in London (summer time)
    with at(evening):
        assert send_due_reminders(now=evening)["daily"] == 1
    [request] = push_service.received
    message = phone.read(request["body"])
    assert message["url"] == "/"

    # The push service hands it to the browser; the service worker shows it.
    cdp, registration_id = service_worker_registration(page, live_server.url)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration_id, "data": json.dumps(message)},
    )
    shown = page.wait_for_function(
        """async () => {
          const notes = await (await navigator.serviceWorker.ready).getNotifications();
          return notes.length ? notes.map(n => ({title: n.title, body: n.body, url: n.data.url})) : false;
        }"""
    ).json_value()
    assert shown == [{"title": message["title"], "body": message["body"], "url": "/"}]
    context.close()


def service_worker_registration(page, origin: str):
    """A DevTools session with its ServiceWorker domain on, and the id it gives the page's registration."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    cdp = page.context.new_cdp_session(page)
    found = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(r for r in event["registrations"] if not r["isDeleted"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if found:
            break
        page.wait_for_timeout(100)
    [registration] = [r for r in found if r["scopeURL"] == origin + "/"]
    return cdp, registration["registrationId"]


def test_when_notifications_are_blocked_the_page_says_how_to_allow_them(live_server, browser, person, push_service):
    context, page = phone_page(browser, live_server, push_service, PushBrowser(), allow=False)
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/")
    page.get_by_role("button", name="Remind me on this device").click()
    expect(page.get_by_text("Notifications are blocked for Small Wins in this browser.")).to_be_visible()
    assert_accessible(page)
    assert not PushSubscription.objects.exists()
    context.close()


def test_without_javascript_devices_are_listed_and_removed_and_the_button_is_not_offered(
    no_js, live_server, person, push_service
):
    make_push_device(person, push_service.endpoint("old-phone"), PushBrowser(), device="Firefox on Android")
    page = no_js
    page.goto(live_server.url + "/account/")
    devices = page.get_by_test_id("push-devices")
    expect(devices.get_by_text("Notifications need JavaScript, which is off in this browser.")).to_be_visible()
    expect(devices.get_by_role("button", name="Remind me on this device")).to_be_hidden()
    expect(page.get_by_test_id("push-device")).to_contain_text("Firefox on Android")
    page.get_by_test_id("push-device").get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Done. That device won't get reminders any more.")).to_be_visible()
    expect(page.get_by_test_id("push-device")).to_have_count(0)
    assert not PushSubscription.objects.exists()
