"""Today's goals: one tap on "Done" logs one win, Undo takes it back, resting goals stay away."""

import datetime
import re
import threading

import pytest
from django.db import connection

from journal.models import Goal, GoalCompletion, Win
from tests.factories import make_goal, make_user
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def goals_on_today(body: str) -> list[str]:
    return re.findall(r'<p class="goal-text" id="goal-[^"]+-text">([^<]*)</p>', body)


def test_today_lists_todays_goals_each_with_a_done_button(owner_client, owner):
    goal = make_goal(owner, "Drink a glass of water")
    body = text_of(owner_client.get("/"))
    assert "Today's goals" in body
    assert goals_on_today(body) == ["Drink a glass of water"]
    assert f'action="/goals/{goal.code}/done/"' in body
    assert re.search(rf'aria-describedby="goal-{goal.code}-text"[^>]*>Done</button>', body)


def test_paused_goals_and_goals_for_other_days_dont_show(owner_client, owner):
    today = owner.local_today()
    make_goal(owner, "Today's one", days=1 << today.weekday())
    make_goal(owner, "Tomorrow's one", days=1 << ((today.weekday() + 1) % 7))
    resting = make_goal(owner, "Resting one")
    resting.pause()
    body = text_of(owner_client.get("/"))
    assert goals_on_today(body) == ["Today's one"]


def test_someone_elses_goals_never_show(owner_client):
    make_goal(make_user(), "Their goal")
    body = text_of(owner_client.get("/"))
    assert goals_on_today(body) == []
    assert "Set a tiny goal" in body


def test_with_no_goal_today_the_page_says_rest_counts_too(owner_client, owner):
    resting = make_goal(owner)
    resting.pause()
    assert "No goals planned for today. Rest counts too." in text_of(owner_client.get("/"))


def test_done_logs_a_win_with_the_goals_words_and_category(owner_client, owner):
    goal = make_goal(owner, "Step outside for 2 minutes", category="self-care")
    response = owner_client.post(f"/goals/{goal.code}/done/")
    assert response.status_code == 302 and response["Location"] == "/"
    win = Win.objects.get()
    assert (win.text, win.category, win.occurred_on, win.owner) == (
        "Step outside for 2 minutes",
        "self-care",
        owner.local_today(),
        owner,
    )
    body = text_of(owner_client.get("/"))
    assert "Done for today" in body
    assert re.search(r">Undo</button>", body)
    assert 'data-testid="win"' in body  # in Today's wins too


def test_done_twice_logs_exactly_one_win(owner_client, owner):
    goal = make_goal(owner)
    first = owner_client.post(f"/goals/{goal.code}/done/")
    second = owner_client.post(f"/goals/{goal.code}/done/")
    assert first.status_code == second.status_code == 302
    assert Win.objects.count() == 1
    assert GoalCompletion.objects.count() == 1


def test_done_twice_over_htmx_logs_one_win_and_answers_both_times(owner_client, owner):
    goal = make_goal(owner, "Drink water")
    for _ in range(2):
        response = owner_client.post(f"/goals/{goal.code}/done/", **HTMX)
        body = text_of(response)
        assert response.status_code == 200
        assert 'id="today-goals"' in body and "Done for today" in body
        assert 'id="today-wins" hx-swap-oob="true"' in body and 'id="ack"' in body
    assert Win.objects.count() == 1
    assert "Already done for today." in body


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_the_same_moment_make_one_win(owner):
    goal = make_goal(owner)
    day = owner.local_today()
    start = threading.Barrier(2)
    errors = []

    def tap():
        try:
            start.wait()
            Goal.objects.get(pk=goal.pk).complete(day)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Win.objects.count() == 1 and GoalCompletion.objects.count() == 1


def test_undo_takes_the_win_back_and_the_goal_is_open_again(owner_client, owner):
    goal = make_goal(owner)
    owner_client.post(f"/goals/{goal.code}/done/")
    response = owner_client.post(f"/goals/{goal.code}/undo/")
    assert response.status_code == 302
    assert not Win.objects.exists()  # hidden at once, purged later like any deleted win
    assert not GoalCompletion.objects.exists()
    body = text_of(owner_client.get("/"))
    assert "Done for today" not in body
    assert "The goal is open again for today" in body


def test_done_after_undo_brings_back_the_same_win(owner_client, owner):
    goal = make_goal(owner)
    owner_client.post(f"/goals/{goal.code}/done/")
    first = Win.objects.get()
    owner_client.post(f"/goals/{goal.code}/undo/")
    owner_client.post(f"/goals/{goal.code}/done/")
    assert list(Win.objects.values_list("pk", flat=True)) == [first.pk]
    assert Win.all_objects.count() == 1


def test_deleting_the_goals_win_from_the_list_opens_the_goal_again(owner_client, owner):
    goal = make_goal(owner)
    owner_client.post(f"/goals/{goal.code}/done/")
    owner_client.post(f"/wins/{Win.objects.get().code}/delete/")
    assert "Done for today" not in text_of(owner_client.get("/"))
    owner_client.post(f"/goals/{goal.code}/done/")
    assert Win.objects.count() == 1 and "Done for today" in text_of(owner_client.get("/"))


def test_undo_over_htmx_answers_with_the_goals_and_focuses_done(owner_client, owner):
    goal = make_goal(owner)
    owner_client.post(f"/goals/{goal.code}/done/")
    body = text_of(owner_client.post(f"/goals/{goal.code}/undo/", **HTMX))
    assert re.search(r"autofocus>Done</button>", body)
    assert "Nothing logged yet today" in body


def test_done_uses_the_owners_own_day(client):
    late = make_user(timezone="Pacific/Kiritimati")  # UTC+14: often already tomorrow
    goal = make_goal(late)
    client.force_login(late)
    client.post(f"/goals/{goal.code}/done/")
    assert Win.objects.get().occurred_on == late.local_today()
    assert GoalCompletion.objects.get().day == late.local_today()


def test_each_day_has_its_own_done(owner):
    goal = make_goal(owner)
    today = owner.local_today()
    goal.complete(today - datetime.timedelta(days=1))
    goal.complete(today)
    assert Win.objects.count() == 2


@pytest.mark.parametrize("action", ["done", "undo"])
def test_someone_elses_goal_answers_404(owner_client, action):
    theirs = make_goal(make_user(), "Their goal")
    assert owner_client.post(f"/goals/{theirs.code}/{action}/").status_code == 404
    assert not Win.objects.exists()


def test_done_needs_a_post(owner_client, owner):
    goal = make_goal(owner)
    assert owner_client.get(f"/goals/{goal.code}/done/").status_code == 405


def test_goals_on_today_take_one_query_however_many(owner_client, owner, django_assert_max_num_queries):
    make_goal(owner, "One").complete(owner.local_today())
    owner_client.get("/")
    with django_assert_max_num_queries(20) as few:
        owner_client.get("/")
    for number in range(12):
        goal = make_goal(owner, f"Goal {number}")
        if number % 2:
            goal.complete(owner.local_today())
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get("/")
    goal_queries = [q for q in few.captured_queries if "journal_goal" in q["sql"]]
    assert len(goal_queries) == 1
