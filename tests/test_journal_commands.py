import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from journal.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from journal.models import Win
from tests.factories import make_win

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def deleted_days_ago(win: Win, days: int) -> None:
    Win.all_objects.filter(pk=win.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=days))


def test_purge_removes_only_wins_deleted_before_the_grace_period(owner):
    old, recent, live = make_win(owner, "Old"), make_win(owner, "Recent"), make_win(owner, "Live")
    deleted_days_ago(old, 31)
    deleted_days_ago(recent, 29)
    assert run("purge_deleted_wins", "--days", "30") == "Purged 1 deleted win (deleted more than 30 days ago).\n"
    assert set(Win.all_objects.values_list("text", flat=True)) == {"Recent", "Live"}
    assert live in Win.objects.all()


def test_purge_has_a_dry_run_and_a_default_of_30_days(owner):
    for days in (40, 50):
        deleted_days_ago(make_win(owner, f"{days}"), days)
    assert run("purge_deleted_wins", "--dry-run").startswith("Would purge 2 deleted wins")
    assert Win.all_objects.count() == 2
    assert run("purge_deleted_wins").startswith("Purged 2 deleted wins")
    assert not Win.all_objects.exists()


def test_purge_refuses_a_negative_grace_period():
    with pytest.raises(CommandError):
        call_command("purge_deleted_wins", "--days", "-1")


def test_seed_demo_makes_a_year_of_varied_wins_and_prints_the_password(client):
    out = run("seed_demo")
    assert f"Email:    {DEMO_EMAIL}" in out and f"Password: {DEMO_PASSWORD}" in out
    demo = User.objects.get(email=DEMO_EMAIL)
    assert demo.name == "Demo"
    wins = Win.objects.filter(owner=demo)
    days = sorted(set(wins.values_list("occurred_on", flat=True)))
    today = demo.local_today()
    assert days[-1] == today and (today - days[0]).days >= 350
    assert 150 < len(days) < 365  # gaps, as in a real year
    assert wins.filter(hard_day=True).exists() and wins.filter(hard_day=False).exists()
    assert wins.filter(shared_with_allies=True).exists() and wins.filter(shared_with_allies=False).exists()
    assert set(wins.exclude(mood=None).values_list("mood", flat=True)) == {1, 2, 3, 4, 5}
    assert wins.filter(mood=None).exists()
    assert wins.values("category").distinct().count() >= 10
    assert client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200


def test_seed_demo_refreshes_the_same_journal_and_touches_nobody_else(owner):
    make_win(owner, "Mine")
    run("seed_demo")
    demo = User.objects.get(email=DEMO_EMAIL)
    first = list(Win.objects.filter(owner=demo).order_by("created_at").values_list("text", "occurred_on", "mood"))
    make_win(demo, "Something added while exploring")
    demo.set_password("changed")
    demo.save()
    assert run("seed_demo").startswith("Refreshed the demo account.")
    again = list(Win.objects.filter(owner=demo).order_by("created_at").values_list("text", "occurred_on", "mood"))
    assert again == first
    assert User.objects.get(email=DEMO_EMAIL).check_password(DEMO_PASSWORD)
    assert Win.objects.filter(owner=owner).count() == 1
