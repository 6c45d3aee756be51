"""Push reminders on the wire: encrypted for the browser's keys, signed with our VAPID key, sent once.

A small push service runs on this machine (conftest.push_service); the test
plays the browser, with a key pair and auth secret of its own, and decrypts
what arrives with http_ece, as the browser would.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from accounts.models import PushSubscription
from accounts.push import PushRefused, PushServiceAway, send_push
from journal.models import SentReminder
from journal.reminders import send_due_reminders
from journal.reminders_push import reminder_message, send_push_reminder
from journal.words import PUSH_REMINDER_LINES, PUSH_REMINDER_TITLE
from tests.factories import make_push_device, make_user, make_win
from tests.helpers import PushBrowser, at, vapid_claims

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Friday 14 March 2025, 20:05 in Auckland (UTC+13).
AFTER = datetime.datetime(2025, 3, 14, 7, 5, tzinfo=UTC)


@pytest.fixture
def kiri(db):
    return make_user(
        "kiri@example.com",
        timezone="Pacific/Auckland",
        daily_reminder=True,
        daily_reminder_time=datetime.time(20, 0),
        daily_reminder_by="push",
    )


@pytest.fixture
def phone():
    return PushBrowser()


def test_the_reminder_reaches_the_device_encrypted_for_its_keys_and_signed(kiri, phone, push_service, mailoutbox):
    device = make_push_device(kiri, push_service.endpoint("kiri-phone"), phone)
    make_win(
        kiri,
        "Something private from yesterday",
        occurred_on="2025-03-13",
        created_at=AFTER - datetime.timedelta(days=1),
    )

    with at(AFTER):
        assert send_due_reminders(now=AFTER)["daily"] == 1

    [request] = push_service.received
    assert request["path"] == "/push/kiri-phone"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert int(request["headers"]["ttl"]) > 0
    assert b"What's one small thing" not in request["body"]  # encrypted on the wire
    message = phone.read(request["body"])
    assert message["title"] == PUSH_REMINDER_TITLE
    assert message["body"] in PUSH_REMINDER_LINES
    assert message["url"] == "/"
    assert "private" not in repr(message)

    claims, key = vapid_claims(request["headers"]["authorization"])
    assert key == settings.VAPID_PUBLIC_KEY
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == settings.VAPID_SUBJECT
    # Push only: no email.
    assert mailoutbox == []
    device.refresh_from_db()
    assert device.last_sent_for == "daily 2025-03-14"


def test_another_persons_keys_cannot_read_it(kiri, phone, push_service):
    make_push_device(kiri, push_service.endpoint(), phone)
    with at(AFTER):
        send_due_reminders(now=AFTER)
    with pytest.raises(Exception):  # noqa: B017 -- any decryption error will do
        PushBrowser().read(push_service.received[0]["body"])


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_has_forgotten_is_removed(kiri, phone, push_service, status):
    make_push_device(kiri, push_service.endpoint(), phone)
    push_service.answers = [status]
    with at(AFTER):
        send_due_reminders(now=AFTER)
    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()


def test_only_the_gone_device_is_removed(kiri, push_service):
    gone = make_push_device(kiri, push_service.endpoint("old-laptop"), PushBrowser())
    kept = make_push_device(kiri, push_service.endpoint("phone"), PushBrowser())
    device_row = {gone.pk: 410, kept.pk: 201}
    with at(AFTER):
        record = SentReminder.objects.create(user=kiri, kind="daily", period="2025-03-14")
        for device_id, status in device_row.items():
            push_service.answers = [status]
            send_push_reminder.call(device_id, record.pk)
    assert list(PushSubscription.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_push_service_that_is_away_is_tried_again_and_the_message_arrives_once(kiri, phone, push_service):
    device = make_push_device(kiri, push_service.endpoint(), phone)
    record = SentReminder.objects.create(user=kiri, kind="daily", period="2025-03-14")
    push_service.answers = [503]
    with at(AFTER), pytest.raises(PushServiceAway):
        # The task's body, as one attempt runs it (the retrying wrapper enqueues the next one).
        send_push_reminder.func.__wrapped__(device.pk, record.pk)
    device.refresh_from_db()
    assert device.last_sent_for == ""  # not sent, so the next attempt may send it

    with at(AFTER + datetime.timedelta(seconds=20)):
        assert send_push_reminder.call(device.pk, record.pk) == "sent"
        assert send_push_reminder.call(device.pk, record.pk) == "sent already"
    assert len(push_service.received) == 2  # the 503, then the one that arrived
    assert phone.read(push_service.received[1]["body"])["title"] == PUSH_REMINDER_TITLE


def test_a_refusal_is_not_retried_and_keeps_the_device(kiri, phone, push_service):
    device = make_push_device(kiri, push_service.endpoint(), phone)
    push_service.answers = [403]
    with pytest.raises(PushRefused):
        send_push(device, reminder_message(datetime.date(2025, 3, 14)))
    assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_a_win_logged_before_the_push_goes_means_it_does_not_go(kiri, phone, push_service):
    device = make_push_device(kiri, push_service.endpoint(), phone)
    record = SentReminder.objects.create(user=kiri, kind="daily", period="2025-03-14")
    make_win(kiri, "Watered the plants", occurred_on="2025-03-14")
    with at(AFTER):
        assert send_push_reminder.call(device.pk, record.pk) == "not sent: a win was logged"
    assert push_service.received == []


def test_a_retry_that_runs_into_quiet_hours_or_the_next_day_sends_nothing(kiri, phone, push_service):
    device = make_push_device(kiri, push_service.endpoint(), phone)
    record = SentReminder.objects.create(user=kiri, kind="daily", period="2025-03-14")
    with at(datetime.datetime(2025, 3, 14, 9, 30, tzinfo=UTC)):  # 22:30 in Auckland
        assert send_push_reminder.call(device.pk, record.pk) == "not sent: quiet hours"
    with at(datetime.datetime(2025, 3, 15, 7, 30, tzinfo=UTC)):  # 20:30 the next day
        assert send_push_reminder.call(device.pk, record.pk) == "not sent: its day is over"
    assert push_service.received == []


def test_a_task_naming_someone_elses_device_sends_nothing(kiri, push_service):
    stranger = make_user("stranger@example.com")
    theirs = make_push_device(stranger, push_service.endpoint("theirs"), PushBrowser())
    record = SentReminder.objects.create(user=kiri, kind="daily", period="2025-03-14")
    with at(AFTER):
        assert send_push_reminder.call(theirs.pk, record.pk) == "nothing to send"
    assert push_service.received == []


def test_the_worker_never_sends_to_an_endpoint_outside_the_push_services(kiri, phone, push_service, settings):
    # Replays the attack: a made-up "subscription" naming a machine inside our network.
    device = make_push_device(kiri, "http://169.254.169.254/latest/meta-data/", phone)
    with pytest.raises(PushRefused):
        send_push(device, reminder_message(datetime.date(2025, 3, 14)))
    assert push_service.received == []


def test_with_no_vapid_key_nothing_is_sent_and_the_reminder_comes_by_email(
    kiri, phone, push_service, settings, mailoutbox
):
    settings.VAPID_PRIVATE_KEY = settings.VAPID_PUBLIC_KEY = ""
    make_push_device(kiri, push_service.endpoint(), phone)
    with at(AFTER):
        send_due_reminders(now=AFTER)
    assert push_service.received == []
    assert [email.to for email in mailoutbox] == [["kiri@example.com"]]


def test_the_endpoint_origin_is_the_vapid_audience_even_with_a_path(kiri, phone, push_service):
    device = make_push_device(kiri, push_service.endpoint("deep/path/abc"), phone)
    send_push(device, reminder_message(datetime.date(2025, 3, 14)))
    claims, _key = vapid_claims(push_service.received[0]["headers"]["authorization"])
    assert claims["aud"] == "http://" + urlsplit(device.endpoint).netloc
