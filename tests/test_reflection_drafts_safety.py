"""A reflection kept while its writer was logged out never overwrites newer writing, and never piles up.

The attacks: a draft kept when a session expired was restored at the next log-in with
update_or_create, replacing a fuller reflection saved meanwhile in another browser; a
draft without the writer's token was saved into whoever logged in; 375 anonymous posts
grew one session row to 3.7 MB; deleting an account left its drafts in session rows.
"""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.utils import timezone

from accounts.services import account_delete
from journal.forms_timeline import writer_token
from journal.models import KeptDraft, Reflection
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

WEEK = datetime.date(2026, 3, 2)
URL = "/week/2026-03-02/"
HTMX = {"HTTP_HX_REQUEST": "true"}
LATER = timezone.now() + datetime.timedelta(minutes=5)  # a save made elsewhere after the page was drawn


def draft(writer_of, **fields) -> dict:
    """A post of the week page's reflection form; `writer_of` is (person, week start, reflection seen)."""
    data = {"five_wins": "", "honored_myself": "", "what_helped": "", "try_next_week": ""}
    if writer_of is not None:
        data["writer"] = writer_token(*writer_of)
    data.update(fields)
    return data


def log_in(client, person, next_url=URL):
    client.post(f"/accounts/login/?next={next_url}", {"login": person.email, "password": PASSWORD, "next": next_url})


def session_size(client) -> int:
    return len(Session.objects.get(session_key=client.session.session_key).session_data)


# ---- Restored only when nothing newer is lost -------------------------------------------


def test_a_kept_draft_never_overwrites_a_reflection_saved_meanwhile_in_another_browser(client, owner):
    # Browser A drew the week page when the reflection was short.
    seen = Reflection.objects.create(owner=owner, week_start=WEEK, what_helped="Tea")
    # In browser B the person wrote much more.
    other_browser = type(client)()
    other_browser.force_login(owner)
    other_browser.post(URL, draft((owner, WEEK, seen), what_helped="Tea, a long walk and calling my sister"))
    # Browser A's session has ended; its autosave arrives logged out.
    client.post(URL, draft((owner, WEEK, seen), what_helped="Tea and a nap"), **HTMX)

    log_in(client, owner)
    html = client.get(URL).content.decode()

    assert Reflection.objects.get(owner=owner).what_helped == "Tea, a long walk and calling my sister"
    assert "Tea, a long walk and calling my sister</textarea>" in html
    offer = re.search(r'data-testid="kept-draft">(.*?)</div>', html, re.S).group(1)
    assert "The words you wrote while logged out" in offer
    assert "<dt>What helped?</dt><dd>Tea and a nap</dd>" in offer
    assert 'action="/week/2026-03-02/draft/"' in offer and 'name="csrfmiddlewaretoken"' in offer
    assert "We saved the reflection you were writing." not in html


def test_use_this_draft_puts_its_words_in_place_of_the_saved_ones(client, owner):
    seen = Reflection.objects.create(owner=owner, week_start=WEEK, what_helped="Tea")
    Reflection.objects.filter(pk=seen.pk).update(what_helped="Changed elsewhere", proud=True, updated_at=LATER)
    client.post(URL, draft((owner, WEEK, seen), what_helped="Tea and a nap"))
    log_in(client, owner)
    client.get(URL)

    response = client.post("/week/2026-03-02/draft/", {"choice": "use"})

    assert response["Location"] == "/week/2026-03-02/#reflection"
    reflection = Reflection.objects.get(owner=owner)
    assert (reflection.what_helped, reflection.proud) == ("Tea and a nap", False)
    html = client.get(URL).content.decode()
    assert "Your reflection now holds the words you wrote while logged out." in html
    assert 'data-testid="kept-draft"' not in html
    assert not KeptDraft.objects.exists()


def test_letting_the_draft_go_keeps_the_saved_reflection(client, owner):
    seen = Reflection.objects.create(owner=owner, week_start=WEEK, what_helped="Tea")
    Reflection.objects.filter(pk=seen.pk).update(what_helped="Changed elsewhere", updated_at=LATER)
    client.post(URL, draft((owner, WEEK, seen), what_helped="Tea and a nap"))
    log_in(client, owner)
    client.get(URL)

    client.post("/week/2026-03-02/draft/", {"choice": "let-go"})

    assert Reflection.objects.get(owner=owner).what_helped == "Changed elsewhere"
    assert not KeptDraft.objects.exists()
    assert "journal.draft_holder" not in client.session
    assert 'data-testid="kept-draft"' not in client.get(URL).content.decode()


def test_a_draft_is_restored_over_a_reflection_unchanged_since_it_began(client, owner):
    seen = Reflection.objects.create(owner=owner, week_start=WEEK, what_helped="Tea")
    client.post(URL, draft((owner, WEEK, seen), what_helped="Tea and a nap"))
    log_in(client, owner)
    html = client.get(URL).content.decode()
    assert Reflection.objects.get(owner=owner).what_helped == "Tea and a nap"
    assert "We saved the reflection you were writing." in html


def test_a_draft_is_restored_into_an_empty_reflection_whatever_its_version(client, owner):
    seen = Reflection.objects.create(owner=owner, week_start=WEEK, what_helped="Tea")
    Reflection.objects.filter(pk=seen.pk).update(what_helped="", updated_at=LATER)
    client.post(URL, draft((owner, WEEK, seen), what_helped="Tea and a nap"))
    log_in(client, owner)
    client.get(URL)
    assert Reflection.objects.get(owner=owner).what_helped == "Tea and a nap"


def test_an_autosave_hands_the_page_a_fresh_note_so_its_own_saves_never_count_as_newer(client, owner):
    client.force_login(owner)
    response = client.post(URL, draft((owner, WEEK, None), what_helped="First words"), **HTMX)
    body = response.content.decode()
    assert body.startswith("Saved at ")
    token = re.search(r'<input type="hidden" name="writer" value="([^"]+)" id="id_writer" hx-swap-oob="true">', body)

    client.logout()
    client.post(URL, {**draft(None, what_helped="First words, then more"), "writer": token.group(1)}, **HTMX)
    log_in(client, owner)
    client.get(URL)
    assert Reflection.objects.get(owner=owner).what_helped == "First words, then more"


# ---- Only the writer's, and only a few -----------------------------------------------------


@pytest.mark.parametrize("writer", ["missing", "not-a-token", "signed-for-something-else", "the-old-kind"])
def test_a_draft_without_the_writers_signed_token_is_never_kept(client, owner, writer):
    tokens = {
        "missing": "",
        "not-a-token": "not-a-token",
        "signed-for-something-else": signing.dumps({"u": owner.pk, "w": "2026-03-02", "b": None}),
        "the-old-kind": signing.dumps(owner.pk, salt="journal.reflection.writer"),  # no week, no version
    }
    client.post(URL, draft(None, what_helped="Planted words", writer=tokens[writer]))
    log_in(client, owner)
    html = client.get(URL).content.decode()
    assert not Reflection.objects.exists()
    assert not KeptDraft.objects.exists()
    assert "Planted words" not in html


def test_a_token_for_another_week_is_not_kept_for_this_one(client, owner):
    client.post(URL, draft((owner, datetime.date(2026, 3, 9), None), what_helped="Wrong week"))
    assert not KeptDraft.objects.exists()


def test_375_logged_out_posts_keep_the_session_small_and_at_most_three_drafts(client, owner):
    for number in range(375):
        week = WEEK - datetime.timedelta(weeks=number % 10)
        words = f"Post {number} " + "x" * 4900
        client.post(f"/week/{week.isoformat()}/", draft((owner, week, None), what_helped=words, five_wins=words))
        client.post(URL, draft(None, what_helped=words))
    assert session_size(client) < 1_000
    assert KeptDraft.objects.filter(owner=owner).count() == KeptDraft.MAX_PER_PERSON
    # The newest are the ones kept.
    assert KeptDraft.objects.filter(owner=owner, answers__what_helped__startswith="Post 374 ").exists()


def test_a_draft_for_an_account_deleted_meanwhile_is_not_kept(client):
    gone = make_user("gone@example.com")
    token_of = (gone, WEEK, None)
    data = draft(token_of, what_helped="Words")
    gone.delete()
    response = client.post(URL, data)
    assert response.status_code == 302
    assert not KeptDraft.objects.exists()


# ---- Findable for deletion --------------------------------------------------------------


def test_deleting_an_account_removes_its_kept_drafts_and_no_session_holds_its_words(client, owner):
    client.post(URL, draft((owner, WEEK, None), what_helped="Private words"))
    assert KeptDraft.objects.filter(owner=owner).exists()

    account_delete(user=owner)

    assert not KeptDraft.objects.exists()
    for session in Session.objects.all():
        assert "Private words" not in str(session.get_decoded())


def test_drafts_kept_in_sessions_before_this_change_are_removed_by_migration_0005():
    old = SessionStore()
    old["journal.reflection_drafts"] = {"2026-03-02": {"what_helped": "Old words", "writer": 1}}
    old["other"] = "kept"
    old.save()
    migration = importlib.import_module("journal.migrations.0005_kept_drafts")

    with connection.schema_editor() as editor:
        migration.drop_drafts_kept_in_sessions(apps, editor)

    data = SessionStore(old.session_key).load()
    assert data == {"other": "kept"}
