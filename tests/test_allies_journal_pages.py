"""Allies' notes on the owner's journal pages: the week they belong to, the report, the critic's evidence."""

import datetime

import pytest

from allies.models import AllyNote
from journal.weeks import week_start
from tests.factories import make_ally_link, make_ally_note, make_user

pytestmark = pytest.mark.django_db


def _this_week(owner):
    return week_start(owner.local_today(), owner.week_starts_on)


def test_the_week_page_shows_the_notes_for_that_week_with_name_and_date(owner_client, owner, ally):
    make_ally_link(owner, ally)
    make_ally_note(owner, ally, "You went outside every day this week")
    make_ally_note(owner, ally, "A note about last week", week_start=_this_week(owner) - datetime.timedelta(days=7))
    html = owner_client.get("/week/").content.decode()
    assert html.count('data-testid="ally-note"') == 1
    assert "You went outside every day this week" in html
    assert "A note about last week" not in html
    assert "Bob" in html


def test_hidden_notes_stay_off_the_week_page(owner_client, owner, ally):
    make_ally_note(owner, ally, "A note I hid", hidden=True)
    assert "A note I hid" not in owner_client.get("/week/").content.decode()


def test_notes_stay_on_their_week_after_the_owner_changes_the_first_day(owner_client, owner, ally):
    monday = week_start(owner.local_today(), 0)
    make_ally_note(owner, ally, "Written on a Monday week", week_start=monday)
    owner.week_starts_on = 6
    owner.save()
    sunday_week = week_start(monday + datetime.timedelta(days=1), 6)
    html = owner_client.get(f"/week/{sunday_week.isoformat()}/").content.decode()
    assert "Written on a Monday week" in html


def test_someone_elses_notes_never_reach_your_week(client, owner, ally):
    make_ally_note(owner, ally, "Only for Alice")
    client.force_login(make_user("zoe@example.com"))
    assert "Only for Alice" not in client.get("/week/").content.decode()


def test_the_week_page_costs_the_same_with_one_note_or_many(owner_client, owner, django_assert_max_num_queries):
    make_ally_note(owner, make_user())
    with django_assert_max_num_queries(30) as few:
        owner_client.get("/week/")
    for _ in range(10):
        make_ally_note(owner, make_user())
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = owner_client.get("/week/").content.decode()
    assert html.count('data-testid="ally-note"') == 11


def test_the_printable_report_includes_the_notes_in_its_range(owner_client, owner, ally):
    make_ally_note(owner, ally, "You asked for help and I noticed")
    make_ally_note(owner, ally, "From long ago", week_start=_this_week(owner) - datetime.timedelta(days=700))
    make_ally_note(owner, ally, "Hidden from the report", hidden=True)
    html = owner_client.get("/report/").content.decode()
    assert "You asked for help and I noticed" in html
    assert "From long ago" not in html
    assert "Hidden from the report" not in html


def test_the_critic_evidence_box_brings_the_notes_that_answer_it_first(owner_client, owner, ally):
    make_ally_note(owner, ally, "You called your sister when you needed help")
    make_ally_note(owner, ally, "You seem calmer")
    html = owner_client.get("/look-back/?critic=I+never+ask+for+help").content.decode()
    assert "You called your sister when you needed help" in html
    assert html.index("You called your sister") < html.index("You seem calmer")


def test_notes_answering_the_critic_work_without_any_words(owner, ally):
    make_ally_note(owner, ally, "You seem calmer")
    assert [note.text for note in AllyNote.objects.answering(owner, [])] == ["You seem calmer"]


def test_the_week_page_offers_the_share_toggle_on_each_win(owner_client, owner, ally):
    from tests.factories import make_win

    make_ally_link(owner, ally)
    win = make_win(owner, "Made tea")
    html = owner_client.get("/week/").content.decode()
    assert f'action="/allies/share/{win.code}/"' in html
    assert 'aria-pressed="false">Share with my allies</button>' in html
    response = owner_client.post(f"/allies/share/{win.code}/", {"next": "/week/"})
    assert response["Location"] == "/week/"
    assert 'aria-pressed="true">Stop sharing</button>' in owner_client.get("/week/").content.decode()
