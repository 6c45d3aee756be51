import datetime
import html
import itertools
import json
import re
import uuid

import pytest

from journal.models import WIN_TEXT_MAX, Category, Mood, Win
from journal.words import ACKNOWLEDGEMENTS
from tests.factories import make_win

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# The kind line in the live region, after the words only screen readers hear ("Logged.").
ACK = r'<p class="ack">(?:<span class="visually-hidden">[^<]*</span>)?([^<]+)</p>'


def log(client, text="Got out of bed", **fields):
    data = {"text": text, "category": "self-care", "idempotency_key": str(uuid.uuid4()), **fields}
    return client.post("/", data)


def test_a_visitor_sees_the_landing_page_and_is_sent_to_log_in_when_posting(client):
    assert "Small wins are still wins." in client.get("/").content.decode()
    response = client.post("/", {"text": "Got out of bed"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Win.objects.exists()


def test_today_shows_the_quick_log_form(owner_client):
    body = owner_client.get("/").content.decode()
    assert re.search(r'<label for="id_text">Today I…</label>', body)
    assert "Log win</button>" in body
    assert '<details class="add-details" data-testid="add-details">' in body
    assert "<summary>Add details</summary>" in body
    assert "Hard day — and I kept going" in body
    assert "Share with my allies" in body
    assert 'name="idempotency_key"' in body


def test_every_page_view_carries_a_fresh_idempotency_key(owner_client):
    keys = [
        re.search(r'name="idempotency_key" value="([^"]+)"', owner_client.get("/").content.decode())[1]
        for _ in range(2)
    ]
    assert keys[0] != keys[1]
    assert all(uuid.UUID(key) for key in keys)


def test_the_quick_wins_group_has_the_presets(owner_client):
    body = owner_client.get("/").content.decode()
    assert 'role="group" aria-labelledby="quick-wins-heading"' in body
    for text in [
        "Got out of bed",
        "Ate something",
        "Drank water",
        "Took my medication",
        "Stepped outside",
        "Replied to a message",
        "Asked for help",
        "Said no to something draining",
        "Rested without guilt",
        "Noticed a trigger early",
    ]:
        assert f'<span class="chip-label">{text}</span></button>' in body


def test_logging_a_win_saves_it_and_redirects_with_an_acknowledgement(owner_client, owner):
    response = log(
        owner_client,
        "  Said no to something draining  ",
        category="boundaries",
        mood="4",
        hard_day="on",
        shared_with_allies="on",
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    win = Win.objects.get()
    assert (win.owner, win.text, win.category, win.mood) == (owner, "Said no to something draining", "boundaries", 4)
    assert win.hard_day and win.shared_with_allies
    assert win.occurred_on == owner.local_today()
    page = owner_client.get("/").content.decode()
    assert ACKNOWLEDGEMENTS[0] in page
    assert "Said no to something draining" in page


def test_a_win_with_only_text_gets_the_other_category_and_today(owner_client, owner):
    owner_client.post("/", {"text": "Made tea"})
    win = Win.objects.get()
    assert (win.category, win.mood, win.occurred_on) == (Category.OTHER, None, owner.local_today())


def test_the_same_idempotency_key_twice_makes_one_win_and_answers_the_same(owner_client):
    key = str(uuid.uuid4())
    first = owner_client.post("/", {"text": "Drank water", "idempotency_key": key})
    second = owner_client.post("/", {"text": "Drank water", "idempotency_key": key})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Win.objects.count() == 1


def test_the_same_key_twice_over_htmx_answers_with_the_list_both_times(owner_client):
    key = str(uuid.uuid4())
    first = owner_client.post("/", {"text": "Drank water", "idempotency_key": key}, **HTMX)
    second = owner_client.post("/", {"text": "Drank water", "idempotency_key": key}, **HTMX)
    assert first.status_code == second.status_code == 200
    for response in (first, second):
        assert response.content.decode().count('data-testid="win"') == 1
    assert Win.objects.count() == 1


def test_a_mangled_key_still_logs_the_win(owner_client):
    owner_client.post("/", {"text": "Stepped outside", "idempotency_key": "not-a-uuid"})
    assert Win.objects.get().idempotency_key is None


def test_an_htmx_log_returns_a_fresh_form_the_list_the_count_and_an_acknowledgement(owner_client):
    key = str(uuid.uuid4())
    response = owner_client.post("/", {"text": "Took my medication", "idempotency_key": key}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Vary"].count("HX-Request") == 1
    assert '<form id="log-form"' in body
    assert key not in body
    # The new win joins the top of Today's list on its own; the list is not drawn again.
    assert '<ul hx-swap-oob="afterbegin:#today-win-list">' in body
    assert 'id="today-wins"' not in body
    assert body.count('data-testid="win"') == 1
    assert 'id="shown-up" class="shown-up" hx-swap-oob="true"' in body
    ack = '<p class="ack"><span class="visually-hidden">Logged. </span>That counts.</p>'
    assert f'hx-swap-oob="innerHTML">{ack}' in body
    assert '<span class="logged-mark" data-logged aria-hidden="true">Logged ✓</span>' in body
    assert "Took my medication" in body
    assert "win-logged" in response["HX-Trigger-After-Settle"]


def test_an_htmx_log_costs_the_same_with_many_wins_today(owner_client, owner):
    for n in range(30):
        make_win(owner, f"Earlier win {n}")
    data = {"text": "One more", "idempotency_key": str(uuid.uuid4())}
    body = owner_client.post("/", data, **HTMX).content.decode()
    assert body.count('data-testid="win"') == 1
    assert "Earlier win" not in body


def test_a_re_sent_htmx_log_draws_todays_list_whole_instead_of_adding_the_win_twice(owner_client, owner):
    data = {"text": "Walked the dog", "idempotency_key": str(uuid.uuid4())}
    owner_client.post("/", data, **HTMX)
    body = owner_client.post("/", data, **HTMX).content.decode()
    assert "afterbegin:#today-win-list" not in body
    assert 'id="today-wins" hx-swap-oob="true"' in body
    assert body.count("Walked the dog") == 1
    assert Win.objects.filter(owner=owner).count() == 1


def test_an_htmx_log_for_another_day_leaves_todays_list_alone(owner_client, owner):
    make_win(owner, "Today's win")
    day = (owner.local_today() - datetime.timedelta(days=3)).isoformat()
    data = {"text": "Back then", "occurred_on": day, "idempotency_key": str(uuid.uuid4())}
    body = owner_client.post("/", data, **HTMX).content.decode()
    assert 'data-testid="win"' not in body
    assert "today-win-list" not in body
    assert "Added to" in body


def test_todays_list_is_in_the_page_even_when_empty_for_a_win_to_join(owner_client):
    body = owner_client.get("/").content.decode()
    assert '<ul class="win-list" id="today-win-list"></ul>' in body
    assert "Nothing logged yet today." in body


def test_acknowledgements_rotate(owner_client):
    said = []
    for n in range(3):
        body = owner_client.post("/", {"text": f"Win {n}"}, **HTMX).content.decode()
        said.append(html.unescape(re.search(ACK, body)[1]))
    assert said == list(ACKNOWLEDGEMENTS[:3])


def said_after(client, day: datetime.date) -> str:
    body = client.post("/", {"text": "A small win", "occurred_on": day.isoformat()}, **HTMX).content.decode()
    return html.unescape(re.search(ACK, body)[1])


def test_consecutive_acknowledgements_differ_whichever_day_the_wins_are_for(owner_client, owner):
    today = owner.local_today()
    back = [0, 3, 3, 3, 0, 0, 10, 3, 0]
    said = [said_after(owner_client, today - datetime.timedelta(days=days)) for days in back]
    assert all(line != after for line, after in itertools.pairwise(said))
    # Three in a row for the same earlier day: three different lines, each saying the day.
    catch_up = said[1:4]
    assert len({line.split(" Added to ")[0] for line in catch_up}) == 3
    day = today - datetime.timedelta(days=3)
    assert all(line.endswith(f" Added to {day:%A} {day.day} {day:%B}.") for line in catch_up)


def test_an_htmx_log_takes_a_few_queries_and_writes_no_session(owner_client, owner, django_assert_max_num_queries):
    owner_client.get("/")  # the first request after logging in also records the session
    today = owner.local_today()
    # Session and user; the insert (inside a savepoint here, as every test runs in a
    # transaction: one query in production); the month's count with the win's day's
    # count (the acknowledgement's turn); whether the person has allies (the new win's share
    # toggle). Not today's wins (a new one joins the list on its own), no goals, and no
    # session write: the turn is not kept in the session.
    for day in (today, today - datetime.timedelta(days=40), today.replace(day=1)):
        data = {"text": "Drank water", "occurred_on": day.isoformat(), "idempotency_key": str(uuid.uuid4())}
        with django_assert_max_num_queries(7) as captured:
            response = owner_client.post("/", data, **HTMX)
        assert response.status_code == 200
        assert ('data-testid="win"' in response.content.decode()) == (day == today)
        sql = [query["sql"] for query in captured.captured_queries]
        assert not [query for query in sql if "journal_goal" in query]
        assert not [query for query in sql if "django_session" in query and not query.startswith("SELECT")]
    # Today and the 1st of the month (the same day on the 1st); not the win 40 days back.
    days = 1 if today.day == 1 else 2
    assert f"You showed up on {days} day{'s' if days > 1 else ''} this month." in response.content.decode()


def test_a_win_for_another_day_is_acknowledged_with_its_day(owner_client, owner):
    day = owner.local_today() - datetime.timedelta(days=3)
    body = owner_client.post("/", {"text": "Asked for help", "occurred_on": day.isoformat()}, **HTMX).content.decode()
    assert Win.objects.get().occurred_on == day
    assert f"Added to {day:%A} {day.day} {day:%B}." in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Write a few words about your win."),
        ({"text": "   \n\t "}, "text", "Write a few words about your win."),
        ({"text": "x" * 501}, "text", "please keep it to 500 characters (it has 501)"),
        ({"text": "Typed words", "category": "sleeping-in"}, "category", "choose one of the categories"),
        ({"text": "Typed words", "mood": "7"}, "mood", "choose one of the moods"),
        ({"text": "Typed words", "mood": "great"}, "mood", "choose one of the moods"),
        ({"text": "Typed words", "occurred_on": "31/02/2025"}, "occurred_on", "doesn&#x27;t look like a date"),
        ({"text": "Typed words", "occurred_on": "2999-01-01"}, "occurred_on", "hasn&#x27;t happened yet"),
    ],
)
def test_bad_input_gets_a_kind_message_beside_the_field_and_keeps_the_text(owner_client, data, field, message):
    response = owner_client.post("/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'id="id_{field}_error"' in body
    if data["text"].strip() and len(data["text"]) <= WIN_TEXT_MAX:
        assert 'value="Typed words"' in body
    assert not Win.objects.exists()


def test_a_category_it_cannot_use_is_marked_on_its_select_and_the_other_choices_stay(owner_client):
    response = owner_client.post("/", {"text": "Typed words", "category": "sleeping-in", "mood": "4"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert (
        '<select name="category" autofocus aria-invalid="true" '
        'aria-describedby="id_category_helptext id_category_error"' in body
    )
    assert '<ul class="errorlist" id="id_category_error">' in body
    assert '<input type="radio" name="mood" value="4" id="id_mood_3" checked>' in body
    assert (
        "aria-invalid"
        not in re.search(r'<fieldset>\s*<legend id="id_mood_legend">Mood</legend>.*?</fieldset>', body, re.S)[0]
    )
    # The category is behind "Add details", which opens to show what needs fixing.
    assert '<details class="add-details" data-testid="add-details" open>' in body


def test_bad_input_over_htmx_answers_422_with_just_the_form(owner_client):
    response = owner_client.post("/", {"text": "Typed words", "occurred_on": "2999-01-01"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert body.lstrip().startswith('<form id="log-form"')
    assert 'value="Typed words"' in body
    assert '<details class="add-details" data-testid="add-details" open>' in body
    assert "autofocus" in body
    assert not Win.objects.exists()


def test_a_future_day_is_judged_in_the_owners_time_zone(client, owner):
    owner.timezone = "Pacific/Kiritimati"  # UTC+14: often already tomorrow there
    owner.save()
    client.force_login(owner)
    client.post("/", {"text": "Early riser", "occurred_on": owner.local_today().isoformat()})
    assert Win.objects.get().occurred_on == owner.local_today()


def test_the_text_is_escaped(owner_client):
    log(owner_client, "<script>alert(1)</script><img src=x onerror=alert(1)>")
    body = owner_client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body


def test_todays_wins_are_newest_first_and_only_the_owners_own(owner_client, owner, stranger):
    make_win(owner, "First")
    make_win(owner, "Second")
    make_win(owner, "Last week", occurred_on=owner.local_today() - datetime.timedelta(days=7))
    make_win(stranger, "Not yours")
    deleted = make_win(owner, "Deleted one")
    deleted.soft_delete()
    body = owner_client.get("/").content.decode()
    assert body.index("Second") < body.index("First")
    for hidden in ("Last week", "Not yours", "Deleted one"):
        assert hidden not in body
    assert body.count('data-testid="win"') == 2


def test_each_win_shows_its_category_mood_words_and_hard_day_with_edit_and_delete(owner_client, owner):
    win = make_win(owner, "Kept going", category=Category.DISTRESS_TOLERANCE, mood=Mood.VERY_LOW, hard_day=True)
    body = owner_client.get("/").content.decode()
    assert "Distress tolerance" in body
    assert "Mood: very low" in body
    assert '<span class="badge hard-day">Hard day — and I kept going</span>' in body
    assert f'href="/wins/{win.code}/edit/?next=/"' in body
    assert f'action="/wins/{win.code}/delete/?next=/"' in body


def test_the_gentle_count_says_how_many_days_this_month(owner_client, owner):
    today = owner.local_today()
    assert "Your first small win can be tiny." in owner_client.get("/").content.decode()
    make_win(owner, "One")
    make_win(owner, "Two")
    assert "You showed up on 1 day this month." in owner_client.get("/").content.decode()
    if today.day > 1:
        make_win(owner, "Earlier", occurred_on=today.replace(day=1))
        assert "You showed up on 2 days this month." in owner_client.get("/").content.decode()
    make_win(owner, "Last month", occurred_on=today.replace(day=1) - datetime.timedelta(days=1))
    body = owner_client.get("/").content.decode()
    assert "streak" not in body.lower() and "missed" not in body.lower()


def test_a_preset_logs_its_words_and_category_once_per_key(owner_client, owner):
    key = str(uuid.uuid4())
    for _ in range(2):
        response = owner_client.post("/wins/quick/", {"preset": "drank-water", "idempotency_key": key})
        assert response.status_code == 302
    win = Win.objects.get()
    assert (win.text, win.category, win.occurred_on) == ("Drank water", Category.BODY_HEALTH, owner.local_today())


def test_a_preset_over_htmx_returns_fresh_buttons_and_the_list(owner_client):
    key = str(uuid.uuid4())
    response = owner_client.post("/wins/quick/", {"preset": "asked-for-help", "idempotency_key": key}, **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="quick-wins"')
    assert key not in body
    assert (
        'data-logged autofocus><span class="chip-label">Asked for help</span>'
        '<span class="chip-logged" aria-hidden="true">Logged ✓</span></button>'
    ) in body
    assert body.count("data-logged") == 1
    assert '<span class="visually-hidden">Logged “Asked for help”. </span>' in body
    assert '<form id="log-form"' not in body  # what the person is typing stays put
    assert '<ul hx-swap-oob="afterbegin:#today-win-list">' in body
    assert json.loads(response["HX-Trigger-After-Settle"])["win-logged"] == {
        "win": f"win-{Win.objects.get().code}",
        "quick": True,
    }


def test_an_unknown_preset_logs_nothing_and_goes_back_to_today(owner_client):
    response = owner_client.post("/wins/quick/", {"preset": "ran-a-marathon"})
    assert response.status_code == 302
    assert not Win.objects.exists()
    response = owner_client.post("/wins/quick/", {"preset": "ran-a-marathon"}, **HTMX)
    assert response["HX-Redirect"] == "/"


def test_the_preset_url_needs_a_post(owner_client):
    assert owner_client.get("/wins/quick/").status_code == 405


def test_a_visitor_tapping_a_preset_is_sent_to_log_in(client):
    response = client.post("/wins/quick/", {"preset": "drank-water"})
    assert response["Location"].startswith("/accounts/login/")


def test_today_runs_the_same_few_queries_with_3_or_3000_wins(owner_client, owner, django_assert_max_num_queries):
    today = owner.local_today()

    def add(count):
        Win.objects.bulk_create(
            Win(
                owner=owner,
                text=f"Win {n}",
                occurred_on=today - datetime.timedelta(days=n % 400),
                category=Category.REST,
            )
            for n in range(count)
        )

    add(3)
    owner_client.get("/")  # the first request after logging in also records the session
    # Session, user and session tracking are most of these; the page itself needs two.
    with django_assert_max_num_queries(14) as few:
        assert owner_client.get("/").status_code == 200
    add(2997)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert owner_client.get("/").status_code == 200
