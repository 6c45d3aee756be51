"""The week page: /week/ and /week/YYYY-MM-DD/."""

import datetime
import re
import zoneinfo
from collections import Counter

import pytest
from django.utils import timezone

from accounts.models import User
from allies.models import AllyNote
from journal import weeks, words
from journal.models import Category, Win
from journal.summaries import category_growth
from tests.factories import make_ally_note, make_user, make_win
from tests.helpers import at, day_section

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_visitor_is_sent_to_log_in(client):
    for url in ("/week/", "/week/2026-03-02/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/accounts/login/?next={url}")


def test_the_week_shows_seven_days_in_order_with_their_wins(owner_client, owner):
    make_win(owner, "Made the bed", occurred_on="2026-03-02")
    make_win(owner, "Called my sister", occurred_on="2026-03-04", category=Category.REACHING_OUT, mood=4)
    make_win(owner, "Went to bed early", occurred_on="2026-03-08", category=Category.REST, hard_day=True)

    response = owner_client.get("/week/2026-03-02/")

    assert response.status_code == 200
    html = response.content.decode()
    days = re.findall(r'data-testid="day-(\d{4}-\d{2}-\d{2})"', html)
    assert days == [f"2026-03-0{n}" for n in range(2, 9)]
    assert "Made the bed" in day_section(html, "2026-03-02")
    wednesday = day_section(html, "2026-03-04")
    assert "Called my sister" in wednesday and "Reaching out" in wednesday and "Mood: good" in wednesday
    sunday = day_section(html, "2026-03-08")
    assert "Went to bed early" in sunday and "Hard day — and I kept going" in sunday
    assert "Called my sister" not in day_section(html, "2026-03-02")


def test_a_day_without_wins_says_rest_counts_too(owner_client, owner):
    make_win(owner, "Made the bed", occurred_on="2026-03-02")
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert "Rest counts too" in day_section(html, "2026-03-03")
    assert "Rest counts too" not in day_section(html, "2026-03-02")


def test_the_page_never_uses_judging_words(owner_client, owner):
    html = owner_client.get("/week/2026-03-02/").content.decode().lower()
    for word in ("failed", "missed", "broken", "streak"):
        assert word not in html


def test_deleted_wins_are_left_out(owner_client, owner):
    win = make_win(owner, "Deleted by mistake", occurred_on="2026-03-03")
    Win.all_objects.filter(pk=win.pk).update(deleted_at=timezone.now())
    assert "Deleted by mistake" not in owner_client.get("/week/2026-03-02/").content.decode()


def test_a_day_inside_a_week_redirects_to_the_weeks_first_day(owner_client):
    response = owner_client.get("/week/2026-03-05/")
    assert response.status_code == 302
    assert response["Location"] == "/week/2026-03-02/"


def test_weeks_start_on_sunday_when_the_owner_chose_it(client):
    person = make_user(week_starts_on=6)
    client.force_login(person)
    response = client.get("/week/2026-03-05/")
    assert response["Location"] == "/week/2026-03-01/"
    html = client.get("/week/2026-03-01/").content.decode()
    days = re.findall(r'data-testid="day-(\d{4}-\d{2}-\d{2})"', html)
    assert days[0] == "2026-03-01" and days[-1] == "2026-03-07"
    assert "Sunday 1 March" in html


@pytest.mark.parametrize(
    "day", ["2026-02-30", "0000-01-01", "99999-01-01", "2026-13-01", "not-a-day", "1899-12-31", "2026-3-2"]
)
def test_invalid_or_absurd_dates_answer_404(owner_client, day):
    assert owner_client.get(f"/week/{day}/").status_code == 404


def test_the_week_that_spans_new_year_shows_both_years(owner_client, owner):
    # A week already behind us, so that every one of its days is drawn (days to come fold into one line).
    make_win(owner, "New year walk", occurred_on="2026-01-01")
    html = owner_client.get("/week/2025-12-29/").content.decode()
    assert "New year walk" in day_section(html, "2026-01-01")
    assert 'data-testid="day-2025-12-29"' in html and 'data-testid="day-2026-01-04"' in html


def test_this_week_follows_the_owners_time_zone_late_at_night_in_honolulu(client):
    person = make_user(timezone="Pacific/Honolulu")
    client.force_login(person)
    late_evening = datetime.datetime(2026, 3, 8, 23, 30, tzinfo=zoneinfo.ZoneInfo("Pacific/Honolulu"))
    with at(late_evening.astimezone(UTC)):  # already Monday 9 March in UTC
        assert person.local_today() == datetime.date(2026, 3, 8)
        make_win(person, "Wrote three lines", created_at=timezone.now())
        html = client.get("/week/").content.decode()
    assert 'data-testid="day-2026-03-09"' not in html
    assert "Wrote three lines" in day_section(html, "2026-03-08")


def test_this_week_follows_the_owners_time_zone_late_at_night_in_auckland(client):
    person = make_user(timezone="Pacific/Auckland")
    client.force_login(person)
    late_evening = datetime.datetime(2026, 3, 8, 23, 30, tzinfo=zoneinfo.ZoneInfo("Pacific/Auckland"))
    with at(late_evening.astimezone(UTC)):
        make_win(person, "Stretched before bed", created_at=timezone.now())
        html = client.get("/week/").content.decode()
    assert "Stretched before bed" in day_section(html, "2026-03-08")
    # Half an hour later it is Monday in Auckland (Sunday in UTC): a new week there.
    with at((late_evening + datetime.timedelta(hours=1)).astimezone(UTC)):
        assert timezone.now().date() == datetime.date(2026, 3, 8)
        html = client.get("/week/").content.decode()
    assert 'data-testid="day-2026-03-09"' in html
    assert "Stretched before bed" not in html


def test_a_win_placed_by_its_local_date_lands_on_the_owners_day(client):
    person = make_user(timezone="Pacific/Honolulu")
    client.force_login(person)
    created = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=zoneinfo.ZoneInfo("Pacific/Honolulu"))
    make_win(person, "Late walk", created_at=created, occurred_on=weeks.local_date(created, person.tzinfo))
    html = client.get("/week/2026-03-02/").content.decode()
    assert "Late walk" in day_section(html, "2026-03-04")
    assert "Late walk" not in day_section(html, "2026-03-05")


def test_previous_and_next_links_move_a_week(owner_client, owner):
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert re.search(r'href="/week/2026-02-23/"[^>]*>Previous week<', html)
    assert re.search(r'href="/week/2026-03-09/"[^>]*>Next week<', html)
    assert re.search(r'href="/week/"[^>]*>This week<', html)


def test_there_is_no_next_week_link_on_this_week_or_later(owner_client, owner):
    this_week = weeks.week_start(owner.local_today(), owner.week_starts_on)
    html = owner_client.get("/week/").content.decode()
    assert "Next week" not in html
    assert "Previous week" in html and "This week" in html
    future = (this_week + weeks.ONE_WEEK).isoformat()
    html = owner_client.get(f"/week/{future}/").content.decode()
    assert "Next week" not in html
    assert "This week" in html


def test_the_summary_counts_wins_days_and_hard_days(owner_client, owner):
    make_win(owner, "One", occurred_on="2026-03-02")
    make_win(owner, "Two", occurred_on="2026-03-02", hard_day=True)
    make_win(owner, "Three", occurred_on="2026-03-05", hard_day=True)
    make_win(owner, "Four", occurred_on="2026-03-06")
    make_win(owner, "Last week", occurred_on="2026-03-01")

    html = owner_client.get("/week/2026-03-02/").content.decode()

    summary = re.search(r'data-testid="week-summary">(.*?)</section>', html, re.S).group(1)
    assert re.search(r"<dt>Wins this week</dt><dd>4</dd>", summary)
    assert re.search(r"<dt>Days you showed up</dt><dd>3</dd>", summary)
    assert re.search(r"<dt>Hard days you kept going through</dt><dd>2</dd>", summary)


def test_the_summary_names_the_category_that_grew_most_against_the_four_weeks_before(owner_client, owner):
    for day in ("2026-02-03", "2026-02-10", "2026-02-17", "2026-02-24"):
        make_win(owner, "Rested", occurred_on=day, category=Category.REST)  # one a week before
    for day in ("2026-03-02", "2026-03-03"):
        make_win(owner, "Rested", occurred_on=day, category=Category.REST)
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        make_win(owner, "Texted a friend", occurred_on=day, category=Category.REACHING_OUT)
    make_win(owner, "Long ago", occurred_on="2026-01-05", category=Category.REACHING_OUT)  # outside the four weeks

    html = owner_client.get("/week/2026-03-02/").content.decode()

    assert "Reaching out grew the most: 3 this week, none in the four weeks before." in html


def test_the_summary_stays_neutral_when_nothing_grew(owner_client, owner):
    for day in ("2026-02-03", "2026-02-10", "2026-02-17", "2026-02-24"):
        make_win(owner, "Walked", occurred_on=day, category=Category.BODY_HEALTH)
    make_win(owner, "Walked", occurred_on="2026-03-03", category=Category.BODY_HEALTH)
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert "grew the most" not in html
    assert "much like the four weeks before" in html


def test_an_empty_week_is_described_gently(owner_client):
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert "No wins logged this week. Rest counts too" in html


def test_the_pictures_are_inline_svg_with_titles_and_text_alternatives(owner_client, owner):
    make_win(owner, "Walk", occurred_on="2026-03-02", mood=2, category=Category.BODY_HEALTH)
    make_win(owner, "Call", occurred_on="2026-03-04", mood=4, category=Category.REACHING_OUT)
    make_win(owner, "Nap", occurred_on="2026-03-04", category=Category.REST)

    html = owner_client.get("/week/2026-03-02/").content.decode()

    assert html.count('role="img"') == 2
    assert '<title id="mood-chart-title">Your mood across the week</title>' in html
    assert '<title id="category-chart-title">Wins by category</title>' in html
    assert 'aria-labelledby="mood-chart-title mood-chart-desc"' in html
    assert '<th scope="row">Monday</th><td>low</td>' in html
    assert '<th scope="row">Body &amp; health</th><td>1</td>' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_the_allies_section_has_a_place_even_without_notes(owner_client):
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert "What my allies noticed" in html
    assert 'data-testid="ally-note"' not in html
    assert "Nothing from your allies for this week yet" in html


def test_the_nav_marks_the_week_link_as_current(owner_client):
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert re.search(r'<a href="/week/"\s+aria-current="page">Week</a>', html)


def test_growth_ties_go_to_the_category_listed_first_and_odd_categories_still_read_as_words():
    growth = category_growth(Counter({"rest": 2, "boundaries": 2}), {})
    assert (growth.label, growth.this_week, growth.before_words) == ("Boundaries", 2, "none in the four weeks before")
    growth = category_growth(Counter({"gardening-time": 3}), {"gardening-time": 4})
    assert (growth.label, growth.before_words) == ("Gardening time", "1 a week in the four weeks before")
    assert category_growth(Counter({"rest": 1}), {"rest": 8}) is None
    assert category_growth(Counter({"rest": 3}), {"rest": 6}).before_words == "about 2 a week in the four weeks before"


# ---- Every change shows on the next visit --------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda win: Win.objects.filter(pk=win.pk).update(text="Cooked a real dinner"), id="update"),
        pytest.param(lambda win: win.soft_delete(), id="soft-delete"),
        pytest.param(lambda win: Win.objects.filter(pk=win.pk).update(shared_with_allies=True), id="share"),
        pytest.param(lambda win: make_win(win.owner, "Called my sister"), id="new-win"),
    ],
)
def test_the_week_shows_a_change_at_once_however_it_was_made(owner_client, owner, change):
    win = make_win(owner, "Cooked dinner")
    before = owner_client.get("/week/").content.decode()
    assert "Cooked dinner" in before
    assert "Stop sharing" not in before

    change(win)
    after = owner_client.get("/week/").content.decode()

    shown = {
        "update": "Cooked a real dinner" in after and "Cooked dinner<" not in after,
        "soft-delete": "Cooked dinner" not in after and "No wins logged this week" in after,
        "share": "Stop sharing" in after,
        "new-win": "Called my sister" in after and "Cooked dinner" in after,
    }
    assert any(shown.values())


def test_changes_made_through_the_pages_show_on_the_next_visit(owner_client, owner):
    owner_client.get("/week/")
    owner_client.post("/", {"text": "Answered one email", "category": "self-care"})
    assert "Answered one email" in owner_client.get("/week/").content.decode()

    win = Win.objects.get(owner=owner, text="Answered one email")
    owner_client.post(f"/allies/share/{win.code}/", {"share": "on", "next": "/week/"})
    assert "Stop sharing" in owner_client.get("/week/").content.decode()

    owner_client.post(f"/wins/{win.code}/delete/")
    assert "Answered one email" not in owner_client.get("/week/").content.decode()


def test_two_people_never_see_each_others_week(client, owner, ally):
    make_win(owner, "Alice private win")
    make_win(ally, "Bob private win")

    client.force_login(owner)
    assert "Alice private win" in client.get("/week/").content.decode()
    client.force_login(ally)
    bobs = client.get("/week/").content.decode()
    assert "Bob private win" in bobs
    assert "Alice private win" not in bobs


def test_the_today_badge_moves_when_the_day_does(owner_client, owner):
    monday = datetime.datetime(2026, 3, 2, 12, tzinfo=UTC)
    with at(monday):
        page = owner_client.get("/week/").content.decode()
        assert "today-badge" in day_section(page, "2026-03-02")
    with at(monday + datetime.timedelta(days=1)):
        page = owner_client.get("/week/").content.decode()
        assert "today-badge" not in day_section(page, "2026-03-02")
        assert "today-badge" in day_section(page, "2026-03-03")


def test_an_allys_note_shows_hides_and_goes_at_once_and_follows_the_allys_name(owner_client, owner, ally):
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start
    owner_client.get("/week/")
    note = make_ally_note(owner, ally, "You laughed more this week", week_start=week_start)
    page = owner_client.get("/week/").content.decode()
    assert "You laughed more this week" in page
    assert ally.name in page

    User.objects.filter(pk=ally.pk).update(display_name="Robert")
    assert "Robert" in owner_client.get("/week/").content.decode()

    AllyNote.objects.filter(pk=note.pk).update(hidden=True)
    assert "You laughed more this week" not in owner_client.get("/week/").content.decode()
    AllyNote.objects.filter(pk=note.pk).delete()
    assert "Nothing from your allies for this week yet." in owner_client.get("/week/").content.decode()


# ---- A shorter week ---------------------------------------------------------------


def test_days_still_to_come_fold_into_one_line(owner_client, owner):
    wednesday = datetime.datetime(2026, 3, 4, 12, tzinfo=UTC)
    with at(wednesday):
        html = owner_client.get("/week/").content.decode()
    assert 'data-testid="day-2026-03-04"' in html  # today
    for day in ("05", "06", "07", "08"):
        assert f'data-testid="day-2026-03-{day}"' not in html
    assert re.search(r'data-testid="days-to-come">4 days still to come</p>', html)
    with at(wednesday + datetime.timedelta(days=3)):
        html = owner_client.get("/week/").content.decode()
    assert re.search(r'data-testid="days-to-come">1 day still to come</p>', html)
    with at(wednesday + datetime.timedelta(days=4)):
        assert 'data-testid="days-to-come"' not in owner_client.get("/week/").content.decode()


def test_a_week_not_started_yet_is_one_line_of_days_to_come(owner_client, owner):
    future = weeks.week_start(owner.local_today(), owner.week_starts_on) + weeks.ONE_WEEK
    html = owner_client.get(f"/week/{future.isoformat()}/").content.decode()
    assert 'data-testid="day-' not in html
    assert "7 days still to come" in html


def test_a_past_day_without_wins_is_one_short_line(owner_client, owner):
    make_win(owner, "Made the bed", occurred_on="2026-03-02")
    html = owner_client.get("/week/2026-03-02/").content.decode()
    quiet = re.search(
        r'<section class="week-day is-rest"[^>]*data-testid="day-2026-03-03"[^>]*>(.*?)</section>', html, re.S
    )
    assert quiet, "the quiet day is drawn as a rest day"
    assert re.fullmatch(
        r'\s*<h3 id="day-2026-03-03-heading">Tuesday 3 March</h3>\s*<p class="muted rest-day">Rest counts too.</p>\s*',
        quiet.group(1),
    )


def test_the_allies_notes_follow_the_words_and_the_reflection_follows_the_days(owner_client, owner, ally):
    make_win(owner, "Made the bed", occurred_on="2026-03-02")
    make_ally_note(owner, ally, "You kept going", week_start=datetime.date(2026, 3, 2))
    html = owner_client.get("/week/2026-03-02/").content.decode()
    order = [
        html.index('data-testid="week-summary"'),
        html.index('data-testid="ally-note"'),
        html.index('id="days-heading"'),
        html.index('data-testid="day-2026-03-08"'),
        html.index('id="pictures-heading"'),
        html.index('id="reflection"'),
    ]
    assert order == sorted(order)


def test_the_week_uses_the_width_of_a_laptop_screen(owner_client):
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert re.search(r'<main id="main" class="container container-wide"', html)
    assert '<div class="week-main">' in html and '<div class="week-aside">' in html


def test_the_words_for_days_to_come_use_the_plural_helper():
    assert words.days_still_to_come(1) == "1 day still to come"
    assert words.days_still_to_come(3) == "3 days still to come"
