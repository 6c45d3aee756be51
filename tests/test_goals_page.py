"""/goals/: set tiny goals, change them, pause and resume them. Never a streak, never "missed"."""

import datetime
import re

import pytest

from journal.models import EVERY_DAY, Goal, GoalCompletion, Win
from tests.factories import make_goal, make_user, make_win
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
MONDAY, WEDNESDAY, FRIDAY = 0, 2, 4


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/goals/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_offers_a_form_for_a_tiny_goal(owner_client):
    body = text_of(owner_client.get("/goals/"))
    assert "<h1>Gentle goals</h1>" in body
    assert "Your tiny goal" in body
    assert "Every day" in body and "On the days I tick" in body
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        assert f"{day}</label>" in body
    assert ">Add goal</button>" in body


def test_a_daily_goal_is_added(owner_client, owner):
    response = owner_client.post(
        "/goals/", {"text": "  Drink a glass of water ", "category": "body-health", "how_often": "daily"}
    )
    assert response.status_code == 302 and response["Location"] == "/goals/"
    goal = Goal.objects.get()
    assert (goal.owner, goal.text, goal.category) == (owner, "Drink a glass of water", "body-health")
    assert goal.days == EVERY_DAY
    page = text_of(owner_client.get("/goals/"))
    assert "Added “Drink a glass of water”. It shows on Today every day." in page
    assert "Drink a glass of water" in page


def test_a_goal_on_chosen_weekdays_is_added(owner_client):
    owner_client.post(
        "/goals/",
        {"text": "Step outside for 2 minutes", "how_often": "chosen", "weekdays": [MONDAY, WEDNESDAY, FRIDAY]},
    )
    goal = Goal.objects.get()
    assert goal.weekdays == [MONDAY, WEDNESDAY, FRIDAY]
    assert goal.days_words == "Mondays, Wednesdays and Fridays"
    assert "Mondays, Wednesdays and Fridays" in text_of(owner_client.get("/goals/"))


def test_ticked_days_without_a_choice_mean_those_days(owner_client):
    owner_client.post("/goals/", {"text": "Call Mum", "weekdays": ["5", "6"]})
    assert Goal.objects.get().days_words == "Weekends"


def test_all_seven_days_ticked_is_every_day(owner_client):
    owner_client.post("/goals/", {"text": "Stretch", "how_often": "chosen", "weekdays": list(range(7))})
    assert Goal.objects.get().days == EVERY_DAY


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Write a few words for your goal."),
        ({"text": "x" * 201}, "please keep it to 200 characters"),
        ({"text": "Stretch", "how_often": "chosen"}, "Tick at least one day, or choose “Every day”."),
        ({"text": "Stretch", "how_often": "daily", "weekdays": [MONDAY]}, "You chose “Every day” and ticked some"),
        ({"text": "Stretch", "weekdays": ["9"]}, "Please tick days from the list."),
        ({"text": "Stretch", "category": "nonsense"}, "Please choose one of the categories in the list."),
    ],
)
def test_a_goal_that_needs_fixing_gets_a_kind_message_and_keeps_the_words(owner_client, data, message):
    response = owner_client.post("/goals/", {"category": "rest", **data})
    assert response.status_code == 200
    body = text_of(response)
    assert message in body
    if data["text"].strip() and len(data["text"]) < 200:
        assert f'value="{data["text"]}"' in body
    assert not Goal.objects.exists()


def test_an_htmx_goal_that_needs_fixing_answers_422(owner_client):
    response = owner_client.post("/goals/", {"text": ""}, **HTMX)
    assert response.status_code == 422
    assert "Write a few words for your goal." in text_of(response)


def test_an_htmx_add_answers_with_the_list_and_a_status(owner_client):
    response = owner_client.post("/goals/", {"text": "Open the curtains", "how_often": "daily"}, **HTMX)
    body = text_of(response)
    assert response.status_code == 200
    assert 'id="goals-main"' in body and "Open the curtains" in body
    assert 'id="goals-status"' in body and 'hx-swap-oob="innerHTML"' in body
    assert "Added “Open the curtains”." in body


def test_there_is_a_gentle_limit_on_how_many_goals(owner_client, owner):
    for number in range(Goal.MAX_PER_PERSON):
        make_goal(owner, f"Goal {number}")
    response = owner_client.post("/goals/", {"text": "One more"})
    assert "A few tiny goals work best" in text_of(response)
    assert Goal.objects.count() == Goal.MAX_PER_PERSON


def test_the_page_counts_the_days_a_goal_was_done_this_month(owner_client, owner):
    goal = make_goal(owner, "Drink a glass of water")
    today = owner.local_today()
    days = sorted({today.replace(day=1) + datetime.timedelta(days=n) for n in range(today.day)})[-3:]
    for day in days:
        goal.complete(day)
    goal.complete(today.replace(day=1) - datetime.timedelta(days=1))  # last month: not counted
    other = make_goal(owner, "Step outside")
    body = text_of(owner_client.get("/goals/"))
    expected = f"done on {len(days)} day{'s' if len(days) != 1 else ''} this month"
    assert expected in body
    assert '<span class="goal-count">new</span>' in body  # never done yet: no zero, no score
    assert other.text in body
    for word in ("streak", "missed", "failed", "broken"):
        assert word not in body.lower()


def test_a_day_whose_win_was_deleted_is_not_counted(owner_client, owner):
    goal = make_goal(owner)
    win, _ = goal.complete(owner.local_today())
    win.soft_delete()
    assert '<span class="goal-count">new</span>' in owner_client.get("/goals/").content.decode()


def test_a_goal_can_be_paused_and_resumed(owner_client, owner):
    goal = make_goal(owner, "Meditate for a minute")
    response = owner_client.post(f"/goals/{goal.code}/pause/")
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.is_paused
    page = text_of(owner_client.get("/goals/"))
    assert "Resting this goal is fine." in page
    assert ">Resume</button>" in page

    owner_client.post(f"/goals/{goal.code}/resume/")
    goal.refresh_from_db()
    assert not goal.is_paused
    assert ">Pause</button>" in text_of(owner_client.get("/goals/"))


def test_pausing_over_htmx_answers_with_the_goal_and_a_status(owner_client, owner):
    goal = make_goal(owner, "Meditate for a minute")
    response = owner_client.post(f"/goals/{goal.code}/pause/", **HTMX)
    body = text_of(response)
    assert response.status_code == 200
    assert body.count('data-testid="goal"') == 1
    assert ">Resume</button>" in body and "autofocus" in body
    assert "Resting this goal is fine." in body and 'id="goals-status"' in body


def test_a_goal_can_be_edited(owner_client, owner):
    goal = make_goal(owner, "Drink water")
    page = text_of(owner_client.get(f"/goals/{goal.code}/edit/"))
    assert 'value="Drink water"' in page and ">Save</button>" in page
    response = owner_client.post(
        f"/goals/{goal.code}/edit/",
        {"text": "Drink two glasses of water", "category": "self-care", "how_often": "chosen", "weekdays": [MONDAY]},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.category, goal.weekdays) == ("Drink two glasses of water", "self-care", [MONDAY])


def test_the_edit_form_shows_the_days_already_chosen(owner_client, owner):
    goal = make_goal(owner, "Swim", days=(1 << MONDAY) | (1 << FRIDAY))
    page = owner_client.get(f"/goals/{goal.code}/edit/").content.decode()
    checked = set(re.findall(r'<input type="(?:checkbox|radio)" name="\w+" value="(\w+)"[^>]*checked', page))
    assert checked == {str(MONDAY), str(FRIDAY), "chosen"}


def test_deleting_a_goal_keeps_the_wins_it_logged(owner_client, owner):
    goal = make_goal(owner, "Drink water")
    win, _ = goal.complete(owner.local_today())
    response = owner_client.post(f"/goals/{goal.code}/delete/")
    assert response.status_code == 302
    assert not Goal.objects.exists() and not GoalCompletion.objects.exists()
    assert Win.objects.filter(pk=win.pk).exists()
    assert "The wins you logged with it stay in your journal." in text_of(owner_client.get("/goals/"))


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", "edit/"), ("post", "edit/"), ("post", "delete/"), ("post", "pause/"), ("post", "resume/")],
)
def test_someone_elses_goal_answers_404(owner_client, method, suffix):
    theirs = make_goal(make_user(), "Their goal")
    response = getattr(owner_client, method)(f"/goals/{theirs.code}/{suffix}", {"text": "Mine now"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.text == "Their goal" and not theirs.is_paused


def test_the_goals_page_runs_the_same_queries_for_few_or_many_goals(owner_client, owner, django_assert_max_num_queries):
    goal = make_goal(owner)
    goal.complete(owner.local_today())
    owner_client.get("/goals/")
    with django_assert_max_num_queries(20) as few:
        owner_client.get("/goals/")
    for number in range(15):
        more = make_goal(owner, f"Goal {number}")
        more.complete(owner.local_today())
        make_win(owner, f"Win {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get("/goals/")


def test_the_nav_links_to_goals(owner_client):
    body = owner_client.get("/goals/").content.decode()
    assert '<a href="/goals/" aria-current="page">Goals</a>' in body
