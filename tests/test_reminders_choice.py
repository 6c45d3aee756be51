"""The daily reminder: by email, push or both; never in quiet hours; none on a day with a win already."""

import datetime
import json

import pytest

from accounts.models import User, in_quiet_hours
from journal.models import SentReminder
from journal.portability.import_json import parse_json
from journal.reminders import send_due_reminders
from tests.factories import make_push_device, make_user, make_win
from tests.helpers import PushBrowser, at, text_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Friday 14 March 2025 in Auckland (UTC+13).
AFTER = datetime.datetime(2025, 3, 14, 7, 5, tzinfo=UTC)  # 20:05
LATE = datetime.datetime(2025, 3, 14, 9, 30, tzinfo=UTC)  # 22:30
PROFILE = {"display_name": "Kiri", "timezone": "Pacific/Auckland", "week_starts_on": "0"}


@pytest.fixture
def kiri(db):
    return make_user(
        "kiri@example.com", timezone="Pacific/Auckland", daily_reminder=True, daily_reminder_time=datetime.time(20, 0)
    )


def run(moment: datetime.datetime) -> dict:
    with at(moment):
        return send_due_reminders(now=moment)


def reminder_by(user: User, way: str) -> None:
    user.daily_reminder_by = way
    user.save()


@pytest.mark.parametrize(
    ("way", "emails", "pushes"),
    [("email", 1, 0), ("push", 0, 1), ("both", 1, 1)],
)
def test_the_reminder_goes_the_way_the_person_chose(kiri, push_service, mailoutbox, way, emails, pushes):
    make_push_device(kiri, push_service.endpoint(), PushBrowser())
    reminder_by(kiri, way)
    run(AFTER)
    assert len(mailoutbox) == emails
    assert len(push_service.received) == pushes


def test_every_device_gets_it(kiri, push_service):
    for name in ("phone", "laptop"):
        make_push_device(kiri, push_service.endpoint(name), PushBrowser())
    reminder_by(kiri, "push")
    run(AFTER)
    assert sorted(request["path"] for request in push_service.received) == ["/push/laptop", "/push/phone"]


def test_by_push_with_no_device_on_it_comes_by_email_rather_than_not_at_all(kiri, push_service, mailoutbox):
    reminder_by(kiri, "push")
    run(AFTER)
    assert [email.to for email in mailoutbox] == [["kiri@example.com"]]
    assert push_service.received == []


def test_another_persons_device_never_gets_my_reminder(kiri, stranger, push_service):
    make_push_device(stranger, push_service.endpoint("theirs"), PushBrowser())
    reminder_by(kiri, "push")
    run(AFTER)
    assert push_service.received == []


def test_no_reminder_on_a_day_with_a_win_already(kiri, push_service, mailoutbox):
    make_push_device(kiri, push_service.endpoint(), PushBrowser())
    reminder_by(kiri, "both")
    make_win(kiri, "Made tea", occurred_on="2025-03-14")
    assert run(AFTER)["skipped"] == 1
    run(AFTER + datetime.timedelta(minutes=30))
    assert mailoutbox == [] and push_service.received == []
    # The day is settled, so later runs look no further.
    assert SentReminder.objects.get().period == "2025-03-14"


def test_a_win_from_yesterday_does_not_stop_todays_reminder(kiri, mailoutbox):
    make_win(kiri, "Yesterday's", occurred_on="2025-03-13", created_at=AFTER - datetime.timedelta(days=1))
    run(AFTER)
    assert len(mailoutbox) == 1


def test_a_deleted_win_does_not_count(kiri, mailoutbox):
    make_win(kiri, "Undone", occurred_on="2025-03-14", deleted_at=AFTER - datetime.timedelta(minutes=1))
    run(AFTER)
    assert len(mailoutbox) == 1


def test_someone_elses_win_does_not_stop_mine(kiri, stranger, mailoutbox):
    make_win(stranger, "Theirs", occurred_on="2025-03-14")
    run(AFTER)
    assert len(mailoutbox) == 1


def test_a_reminder_running_late_into_quiet_hours_waits_for_tomorrow(kiri, mailoutbox):
    # The worker was away from 20:00; by 22:30 the default quiet hours (22:00 to 08:00) have begun.
    run(LATE)
    assert mailoutbox == [] and not SentReminder.objects.exists()
    run(datetime.datetime(2025, 3, 14, 19, 0, tzinfo=UTC))  # 08:00 on Saturday: not yet 20:00
    assert mailoutbox == []
    run(datetime.datetime(2025, 3, 15, 7, 1, tzinfo=UTC))  # Saturday 20:01
    assert len(mailoutbox) == 1


def test_quiet_hours_of_the_persons_own(kiri, mailoutbox):
    kiri.quiet_from, kiri.quiet_until = datetime.time(23, 30), datetime.time(6, 0)
    kiri.save()
    run(LATE)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("moment", "start", "end", "quiet"),
    [
        ("22:00", "22:00", "08:00", True),
        ("23:59", "22:00", "08:00", True),
        ("00:00", "22:00", "08:00", True),
        ("07:59", "22:00", "08:00", True),
        ("08:00", "22:00", "08:00", False),
        ("21:59", "22:00", "08:00", False),
        ("13:00", "12:00", "14:00", True),
        ("14:00", "12:00", "14:00", False),
        ("03:00", "09:00", "09:00", False),  # the same two times: no quiet hours
    ],
)
def test_quiet_hours_run_past_midnight(moment, start, end, quiet):
    times = (datetime.time.fromisoformat(value) for value in (moment, start, end))
    assert in_quiet_hours(*times) is quiet


# ---- The settings -----------------------------------------------------------------------


def test_the_settings_offer_the_way_and_the_quiet_hours_with_their_defaults(owner_client):
    page = text_of(owner_client.get("/account/"))
    assert ">How it reaches you</legend>" in page
    assert 'type="radio" name="daily_reminder_by" value="email"' in page
    assert "By email" in page and "As a notification on my devices" in page and "Both" in page
    assert '<input type="time" name="quiet_from" value="22:00"' in page
    assert '<input type="time" name="quiet_until" value="08:00"' in page


def test_choosing_push_and_quiet_hours(owner_client, owner):
    response = owner_client.post(
        "/account/",
        {
            **PROFILE,
            "daily_reminder": "on",
            "daily_reminder_time": "19:30",
            "daily_reminder_by": "both",
            "quiet_from": "21:00",
            "quiet_until": "07:15",
        },
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.daily_reminder_by == "both"
    assert (owner.quiet_from, owner.quiet_until) == (datetime.time(21, 0), datetime.time(7, 15))


def test_a_reminder_time_inside_quiet_hours_gets_a_kind_message_and_keeps_what_was_typed(owner_client, owner):
    response = owner_client.post(
        "/account/",
        {**PROFILE, "display_name": "Typed", "daily_reminder": "on", "daily_reminder_time": "23:00"},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "That time is inside your quiet hours, so the reminder would never come." in page
    assert 'value="Typed"' in page and 'value="23:00"' in page
    owner.refresh_from_db()
    assert not owner.daily_reminder


def test_an_unknown_way_gets_a_kind_message(owner_client):
    response = owner_client.post("/account/", {**PROFILE, "daily_reminder_by": "pigeon"})
    assert "Please choose email, notifications or both." in text_of(response)


def test_a_form_without_the_new_fields_keeps_them(owner_client, owner):
    User.objects.filter(pk=owner.pk).update(daily_reminder_by="push", quiet_from=datetime.time(23, 0))
    assert owner_client.post("/account/", PROFILE).status_code == 302
    owner.refresh_from_db()
    assert (owner.daily_reminder_by, owner.quiet_from) == ("push", datetime.time(23, 0))


# ---- Export and import ----------------------------------------------------------------------


def test_the_export_carries_the_way_and_the_quiet_hours_and_an_import_reads_them(owner_client, owner):
    User.objects.filter(pk=owner.pk).update(
        daily_reminder_by="both", quiet_from=datetime.time(21, 30), quiet_until=datetime.time(6, 45)
    )
    document = json.loads(b"".join(owner_client.get("/account/data/small-wins.json").streaming_content))
    profile = document["profile"]
    assert (profile["daily_reminder_by"], profile["quiet_from"], profile["quiet_until"]) == (
        "both",
        "21:30:00",
        "06:45:00",
    )
    parsed = parse_json(json.dumps(document), today=datetime.date(2025, 3, 14), max_rows=1000)
    assert parsed.profile["daily_reminder_by"] == "both"
    assert parsed.profile["quiet_from"] == datetime.time(21, 30)
    assert parsed.profile["quiet_until"] == datetime.time(6, 45)


def test_an_import_leaves_out_a_way_it_does_not_know(owner):
    document = {
        "format": "small-wins-export",
        "version": 1,
        "profile": {"daily_reminder_by": "pigeon", "quiet_from": 7},
    }
    parsed = parse_json(json.dumps(document), today=datetime.date(2025, 3, 14), max_rows=1000)
    assert "daily_reminder_by" not in parsed.profile and "quiet_from" not in parsed.profile
