"""/allies/<code>/: what an ally sees of the person they support, and the notes they leave."""

import datetime
import logging
import re

import pytest

from allies.models import AccessLog, AllyNote
from background.models import Email
from journal.models import Mood, Reflection
from journal.weeks import week_start
from tests.factories import make_ally_link, make_ally_note, make_user, make_win
from tests.helpers import refusing_mail_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(owner, ally):
    return make_ally_link(owner, ally)


@pytest.fixture
def ally_client(client, ally):
    client.force_login(ally)
    return client


def _this_week(owner):
    return week_start(owner.local_today(), owner.week_starts_on)


def test_the_ally_sees_the_owners_name_ask_and_shared_wins_only(ally_client, owner, link):
    make_win(owner, "Walked to the shop", shared_with_allies=True, mood=Mood.VERY_LOW, hard_day=True)
    make_win(owner, "Cried and let it pass", shared_with_allies=False)
    Reflection.objects.create(owner=owner, week_start=_this_week(owner), what_helped="My sister's voice")
    response = ally_client.get(f"/allies/{link.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alice's shared space" in html
    assert "What have you noticed? Can you see me changing?" in html
    assert "Walked to the shop" in html
    assert "Self-care" in html
    assert "Cried and let it pass" not in html
    assert "very low" not in html
    assert "Hard day" not in html
    assert "sister" not in html


def test_a_notes_only_ally_sees_no_wins_at_all(ally_client, owner, link):
    link.scope = "notes_only"
    link.save()
    make_win(owner, "Walked to the shop", shared_with_allies=True)
    html = ally_client.get(f"/allies/{link.code}/").content.decode()
    assert "Walked to the shop" not in html
    assert "shares notes with you, not wins" in html
    assert ">Leave note</button>" in html


def test_wins_deleted_by_the_owner_disappear_for_the_ally(ally_client, owner, link):
    from django.utils import timezone

    win = make_win(owner, "A win I took back", shared_with_allies=True)
    win.deleted_at = timezone.now()
    win.save()
    assert "A win I took back" not in ally_client.get(f"/allies/{link.code}/").content.decode()


def test_the_ally_pages_through_weeks(ally_client, owner, link):
    this_week = _this_week(owner)
    last_week = this_week - datetime.timedelta(days=7)
    owner.date_joined = owner.date_joined - datetime.timedelta(days=30)
    owner.save()
    make_win(owner, "Old shared win", shared_with_allies=True, occurred_on=last_week + datetime.timedelta(days=2))
    make_win(owner, "New shared win", shared_with_allies=True)

    html = ally_client.get(f"/allies/{link.code}/").content.decode()
    assert "New shared win" in html and "Old shared win" not in html
    assert f'href="/allies/{link.code}/?week={last_week.isoformat()}"' in html
    assert "Next week" not in html, "there is no looking into the future"

    html = ally_client.get(f"/allies/{link.code}/?week={last_week + datetime.timedelta(days=3)}").content.decode()
    assert "Old shared win" in html and "New shared win" not in html
    assert f'href="/allies/{link.code}/?week={this_week.isoformat()}"' in html


@pytest.mark.parametrize("week", ["nonsense", "2025-13-45", "99999-01-01", "3000-01-01", ""])
def test_a_strange_week_shows_this_week(ally_client, owner, link, week):
    make_win(owner, "New shared win", shared_with_allies=True)
    response = ally_client.get(f"/allies/{link.code}/?week={week}")
    assert response.status_code == 200
    assert "New shared win" in response.content.decode()


def test_weeks_follow_the_owners_time_zone_and_week_start(client, ally):
    # In Auckland it is already the next day when it is still yesterday in UTC.
    owner = make_user("kiri@example.com", timezone="Pacific/Auckland", week_starts_on=6)
    link = make_ally_link(owner, ally)
    make_win(owner, "Kiri's today win", shared_with_allies=True, occurred_on=owner.local_today())
    client.force_login(ally)
    html = client.get(f"/allies/{link.code}/").content.decode()
    assert "Kiri&#x27;s today win" in html
    start = week_start(owner.local_today(), 6)
    assert start.weekday() == 6
    assert f"{start:%a} {start.day} {start:%b}" in html


def test_each_visit_is_recorded_without_content(ally_client, owner, ally, link):
    ally_client.get(f"/allies/{link.code}/")
    ally_client.get(f"/allies/{link.code}/")
    assert AccessLog.objects.filter(owner=owner, ally=ally).count() == 2
    link.refresh_from_db()
    assert link.last_viewed_at is not None
    fields = {f.name for f in AccessLog._meta.get_fields()}
    assert fields == {"id", "owner", "ally", "viewed_at"}


def test_leaving_a_note_ties_it_to_the_week_being_viewed(
    ally_client, owner, ally, link, mailoutbox, django_capture_on_commit_callbacks
):
    last_week = _this_week(owner) - datetime.timedelta(days=7)
    owner.date_joined -= datetime.timedelta(days=30)
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = ally_client.post(
            f"/allies/{link.code}/?week={last_week}", {"text": "  You rested without apologising.  "}
        )
    assert response.status_code == 302
    assert response["Location"] == f"/allies/{link.code}/?week={last_week}"
    note = AllyNote.objects.get()
    assert (note.owner, note.author, note.week_start, note.text) == (
        owner,
        ally,
        last_week,
        "You rested without apologising.",
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [owner.email]
    assert "Bob left you a note" in mailoutbox[0].subject
    assert "You rested without apologising." in mailoutbox[0].body


def test_the_owner_can_turn_note_emails_off(ally_client, owner, link, mailoutbox, django_capture_on_commit_callbacks):
    owner.email_on_ally_note = False
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        ally_client.post(f"/allies/{link.code}/", {"text": "Proud of you"})
    assert AllyNote.objects.count() == 1
    assert mailoutbox == []


def test_a_refused_note_email_keeps_the_note_waits_in_the_outbox_and_logs_no_content(
    ally_client, owner, link, settings, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    refusing_mail_server(settings)
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        response = ally_client.post(f"/allies/{link.code}/", {"text": "You laughed again"})
    assert response.status_code == 302
    assert AllyNote.objects.get().text == "You laughed again"
    assert mailoutbox == []
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.WAITING, 1)
    for secret in ("You laughed again", owner.email):
        assert secret not in caplog.text
        assert secret not in email.last_error


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write a few words"), ("   ", "Write a few words"), ("x" * 1001, "under 1,000 characters")],
)
def test_a_bad_note_gets_a_kind_message_and_keeps_the_text(ally_client, link, text, message):
    response = ally_client.post(f"/allies/{link.code}/", {"text": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    if text.strip():
        assert text in response.content.decode()
    assert not AllyNote.objects.exists()


def test_the_ally_sees_edits_and_deletes_their_own_notes(ally_client, owner, ally, link):
    note = make_ally_note(owner, ally, "You seem lighter")
    html = ally_client.get(f"/allies/{link.code}/").content.decode()
    assert "You seem lighter" in html
    assert f"/allies/{link.code}/notes/{note.code}/edit/" in html

    assert ally_client.get(f"/allies/{link.code}/notes/{note.code}/edit/").status_code == 200
    response = ally_client.post(f"/allies/{link.code}/notes/{note.code}/edit/", {"text": "You seem lighter lately"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "You seem lighter lately"

    response = ally_client.post(f"/allies/{link.code}/notes/{note.code}/delete/")
    assert response.status_code == 302
    assert not AllyNote.objects.exists()


def test_an_edit_that_empties_the_note_gets_a_kind_message(ally_client, owner, ally, link):
    note = make_ally_note(owner, ally, "You seem lighter")
    response = ally_client.post(f"/allies/{link.code}/notes/{note.code}/edit/", {"text": " "})
    assert response.status_code == 200
    assert "Write a few words" in response.content.decode()
    note.refresh_from_db()
    assert note.text == "You seem lighter"


def test_an_ally_cannot_touch_another_allys_note(ally_client, owner, link):
    other = make_user("dana@example.com")
    make_ally_link(owner, other)
    note = make_ally_note(owner, other, "Dana's words")
    assert "Dana" not in ally_client.get(f"/allies/{link.code}/").content.decode()
    assert ally_client.get(f"/allies/{link.code}/notes/{note.code}/edit/").status_code == 404
    assert ally_client.post(f"/allies/{link.code}/notes/{note.code}/delete/").status_code == 404
    assert AllyNote.objects.filter(pk=note.pk).exists()


def test_the_ally_page_uses_a_constant_number_of_queries(ally_client, owner, ally, link, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            make_win(owner, f"Shared {i}", shared_with_allies=True)
            make_ally_note(owner, ally, f"Note {i}")

    add(1)
    with django_assert_max_num_queries(30) as small:
        ally_client.get(f"/allies/{link.code}/")
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = ally_client.get(f"/allies/{link.code}/")
    assert response.content.decode().count('data-testid="shared-win"') == 11


def test_an_ally_can_stop_being_an_ally_and_their_notes_stay(ally_client, owner, ally, link):
    make_ally_note(owner, ally, "Still proud of you")
    html = ally_client.get(f"/allies/{link.code}/leave/").content.decode()
    assert ">Stop being an ally</button>" in html
    response = ally_client.post(f"/allies/{link.code}/leave/")
    assert response.status_code == 302
    assert ally_client.get(f"/allies/{link.code}/").status_code == 404
    assert AllyNote.objects.get().owner == owner


def test_the_account_settings_page_turns_note_emails_off(client, owner):
    client.force_login(owner)
    assert "Email me when an ally leaves a note" in client.get("/account/").content.decode()
    response = client.post("/account/", {"display_name": "Alice", "timezone": "Europe/London", "week_starts_on": "0"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email_on_ally_note is False


def test_the_note_email_links_to_the_week_the_note_belongs_to(
    ally_client, owner, link, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ally_client.post(f"/allies/{link.code}/", {"text": "Proud of you"})
    assert f"http://testserver/week/{_this_week(owner).isoformat()}/" in mailoutbox[0].body


def test_the_ally_sees_their_newest_ten_notes_and_can_page_to_older_ones(ally_client, owner, ally, link):
    for n in range(12):
        make_ally_note(owner, ally, f"Note number {n:02d}")
    html = ally_client.get(f"/allies/{link.code}/").content.decode()
    assert html.count('data-testid="my-note"') == 10
    assert "Note number 11" in html and "Note number 01" not in html
    older = re.search(r'href="([^"]*notes=2[^"]*)"[^>]*>Older notes', html)
    assert older, "a link to the older notes"
    html = ally_client.get(older.group(1).replace("&amp;", "&")).content.decode()
    assert html.count('data-testid="my-note"') == 2
    assert "Note number 01" in html and "Newer notes" in html
