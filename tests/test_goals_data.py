"""Your data: the export carries photos, goals and reminder settings; deleting the account removes them all."""

import datetime
import json

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.services import account_delete
from journal.models import Goal, GoalCompletion, SentReminder, Win
from tests.factories import make_goal, make_photo_win, make_user, make_win

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    return media


def exported(client) -> dict:
    response = client.get("/account/data/small-wins.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_export_holds_goals_with_the_days_they_were_done(owner_client, owner):
    goal = make_goal(owner, "Drink a glass of water", days=0b0010101)
    day = owner.local_today()
    win, _ = goal.complete(day)
    resting = make_goal(owner, "Stretch")
    resting.pause()
    make_goal(make_user(), "Someone else's goal")

    document = exported(owner_client)

    goals = {item["text"]: item for item in document["goals"]}
    assert set(goals) == {"Drink a glass of water", "Stretch"}
    water = goals["Drink a glass of water"]
    assert water["code"] == str(goal.code)
    assert water["days"] == ["Monday", "Wednesday", "Friday"]
    assert water["paused"] is False and goals["Stretch"]["paused"] is True
    assert [entry["day"] for entry in water["done"]] == [day.isoformat()]
    assert water["done"][0]["win"] == str(win.code)


def test_the_export_holds_the_reminder_settings(owner_client, owner):
    User.objects.filter(pk=owner.pk).update(
        daily_reminder=True, daily_reminder_time=datetime.time(21, 15), weekly_digest_day=4
    )
    profile = exported(owner_client)["profile"]
    assert profile["daily_reminder"] is True
    assert str(profile["daily_reminder_time"]).startswith("21:15")
    assert profile["weekly_digest"] is False
    assert profile["weekly_digest_day"] == 4


def test_the_export_holds_each_wins_photo(owner_client, owner):
    make_photo_win(owner, "Sunlight on the floor")
    make_win(owner, "No photo")
    wins = {item["text"]: item for item in exported(owner_client)["wins"]}
    assert wins["Sunlight on the floor"]["photo"]
    assert not wins["No photo"]["photo"]


def test_deleting_the_account_removes_goals_completions_reminders_and_photo_files(
    owner, ally, media, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=owner.pk).update(daily_reminder=True)
    owner.refresh_from_db()
    goal = make_goal(owner)
    goal.complete(owner.local_today())
    goal.complete(owner.local_today() - datetime.timedelta(days=1))
    make_photo_win(owner, "Mine")
    make_photo_win(owner, "Mine, deleted", deleted_at=timezone.now())
    SentReminder.objects.create(user=owner, kind="daily", period="2025-03-14")
    # The ally's own life stays as it is.
    theirs = make_photo_win(ally, "The ally's own")
    make_goal(ally).complete(ally.local_today())

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=owner)

    assert Goal.objects.filter(owner_id=owner.pk).count() == 0
    assert GoalCompletion.objects.filter(goal__owner_id=owner.pk).count() == 0
    assert SentReminder.objects.filter(user_id=owner.pk).count() == 0
    assert Win.all_objects.filter(owner_id=owner.pk).count() == 0
    assert (Goal.objects.count(), GoalCompletion.objects.count(), Win.objects.count()) == (1, 1, 2)
    files = sorted(path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file())
    assert files == sorted(theirs.photo_files)
