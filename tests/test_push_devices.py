"""Reminders on a person's devices, on the Account page: turned on by a browser, listed by name, removable."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import PushSubscription
from accounts.words import PUSH_NOT_TAKEN, PUSH_REMOVED, PUSH_TURNED_ON, PUSH_TURNED_ON_NOT_USED
from tests.factories import make_push_device
from tests.helpers import PushBrowser, text_of

pytestmark = pytest.mark.django_db

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
FCM = "https://fcm.googleapis.com/fcm/send/abc123:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx"


def subscription(browser: PushBrowser | None = None, endpoint: str = FCM) -> dict:
    browser = browser or PushBrowser()
    return {"endpoint": endpoint, "p256dh": browser.p256dh, "auth": browser.auth}


def test_a_browser_turns_reminders_on_and_the_page_lists_it_by_name(owner_client, owner):
    response = owner_client.post("/account/devices/", subscription(), headers={"User-Agent": ANDROID_CHROME})
    assert response.status_code == 302
    assert response["Location"] == "/account/#devices"
    device = PushSubscription.objects.get()
    assert (device.user, device.endpoint, device.device) == (owner, FCM, "Chrome on Android")

    page = text_of(owner_client.get("/account/"))
    assert PUSH_TURNED_ON_NOT_USED in page  # the daily reminder isn't on yet, so the page says how
    assert page.count('data-testid="push-device"') == 1
    assert "Chrome on Android" in page
    assert FCM not in page and device.auth not in page  # the endpoint and keys are never shown


def test_with_the_daily_reminder_by_push_it_just_says_done(owner_client, owner):
    owner.daily_reminder, owner.daily_reminder_by = True, "both"
    owner.save()
    owner_client.post("/account/devices/", subscription())
    assert PUSH_TURNED_ON in text_of(owner_client.get("/account/"))


def test_turning_on_again_in_the_same_browser_keeps_one_device_with_the_new_keys(owner_client):
    owner_client.post("/account/devices/", subscription())
    renewed = PushBrowser()
    owner_client.post("/account/devices/", subscription(renewed))
    device = PushSubscription.objects.get()
    assert (device.p256dh, device.auth) == (renewed.p256dh, renewed.auth)


def test_on_a_shared_browser_the_device_goes_to_whoever_turned_it_on_last(owner, stranger):
    make_push_device(owner, FCM, PushBrowser())
    client = Client()
    client.force_login(stranger)
    client.post("/account/devices/", subscription())
    assert PushSubscription.objects.get().user == stranger


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:5432/",
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost/push",
        "https://fcm.googleapis.com.attacker.example/push",
        "https://user:pass@fcm.googleapis.com/push",
        "http://fcm.googleapis.com/fcm/send/abc",
        "ftp://fcm.googleapis.com/x",
        "not a url",
    ],
)
def test_an_endpoint_outside_the_push_services_is_refused(owner_client, endpoint):
    # Replays the attack: the worker would post to whatever address a browser (or a script) gave us.
    response = owner_client.post("/account/devices/", subscription(endpoint=endpoint), follow=True)
    assert not PushSubscription.objects.exists()
    assert PUSH_NOT_TAKEN in text_of(response)


@pytest.mark.parametrize(
    "field, value",
    [("p256dh", "short"), ("p256dh", "B" * 87), ("auth", "not-sixteen-bytes"), ("auth", ""), ("p256dh", "%%%")],
)
def test_keys_that_did_not_come_through_whole_are_refused_kindly(owner_client, field, value):
    response = owner_client.post("/account/devices/", {**subscription(), field: value}, follow=True)
    assert response.status_code == 200
    assert not PushSubscription.objects.exists()
    assert PUSH_NOT_TAKEN in text_of(response)


def test_removing_a_device(owner_client, owner):
    device = make_push_device(owner, FCM, PushBrowser())
    response = owner_client.post(f"/account/devices/{device.code}/remove/", follow=True)
    assert not PushSubscription.objects.exists()
    assert PUSH_REMOVED in text_of(response)
    assert "No devices yet." in text_of(response)


def test_a_stranger_cannot_remove_or_see_someone_elses_device(owner, stranger):
    device = make_push_device(owner, FCM, PushBrowser(), device="Safari on iPhone")
    client = Client()
    client.force_login(stranger)
    assert client.post(f"/account/devices/{device.code}/remove/").status_code == 404
    assert PushSubscription.objects.filter(pk=device.pk).exists()
    assert "Safari on iPhone" not in text_of(client.get("/account/"))


def test_removing_needs_a_post_with_csrf_and_a_login(owner):
    device = make_push_device(owner, FCM, PushBrowser())
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(owner)
    assert careful.post(f"/account/devices/{device.code}/remove/").status_code == 403
    assert careful.post("/account/devices/", subscription(endpoint=FCM + "x")).status_code == 403
    assert careful.get(f"/account/devices/{device.code}/remove/").status_code == 405
    anonymous = Client().post(f"/account/devices/{device.code}/remove/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert PushSubscription.objects.count() == 1


def test_the_page_gives_the_public_key_and_offers_the_button_only_to_javascript(owner_client):
    page = text_of(owner_client.get("/account/"))
    assert f'data-vapid-key="{settings.VAPID_PUBLIC_KEY}"' in page
    assert (
        '<button type="button" class="button-primary" data-push-subscribe hidden>Remind me on this device</button>'
        in page
    )
    assert "Notifications need JavaScript, which is off in this browser. The email reminder works without it." in page
    assert "<script>" not in page


def test_with_no_vapid_key_the_page_says_so_and_turns_nothing_on(owner_client, settings):
    settings.VAPID_PRIVATE_KEY = settings.VAPID_PUBLIC_KEY = ""
    page = text_of(owner_client.get("/account/"))
    assert "Notifications aren't set up on this server yet." in page
    assert "Remind me on this device" not in page
    owner_client.post("/account/devices/", subscription())
    assert not PushSubscription.objects.exists()


def test_the_account_page_costs_the_same_with_many_devices(owner_client, owner, django_assert_max_num_queries):
    owner_client.get("/account/")
    with django_assert_max_num_queries(20) as few:
        owner_client.get("/account/")
    for number in range(12):
        make_push_device(owner, f"{FCM}{number}", PushBrowser())
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text_of(owner_client.get("/account/"))
    assert page.count('data-testid="push-device"') == 12


def test_deleting_the_account_deletes_its_devices(owner):
    make_push_device(owner, FCM, PushBrowser())
    owner.delete()
    assert not PushSubscription.objects.exists()


def test_the_admin_names_devices_but_never_shows_their_endpoint_or_keys(owner):
    device = make_push_device(owner, FCM, PushBrowser(), device="Safari on iPhone")
    staff = Client()
    staff.force_login(type(owner).objects.create_superuser("staff@example.com", "a long staff password 42"))
    listing = text_of(staff.get("/admin/accounts/pushsubscription/"))
    detail = text_of(staff.get(f"/admin/accounts/pushsubscription/{device.pk}/change/"))
    assert "Safari on iPhone" in listing and "Safari on iPhone" in detail
    for secret in (FCM, device.p256dh, device.auth):
        assert secret not in listing and secret not in detail
