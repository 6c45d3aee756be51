"""A person's words are never markup: hostile names and texts on every page, form and email stay words.

Issue 12 found that a display name became HTML on an ally's page: the note form's help text was built
from the owner's name and Django's field template prints help text unescaped. Here every kind of thing a
person can write (names, wins, goals, reflections, notes, the ally ask, an invitation's message, what they
type into a form that comes back with a kind message) holds markup that would act in a browser even under
our CSP, and every page each of the three people can open is searched for it.
"""

import datetime

import pytest
from django import forms
from django.core import mail
from django.utils.html import escape

from allies import services
from allies.models import AllyLink
from journal.models import Category, Reflection
from journal.reminders import WEEKLY, Due, build_message
from journal.weeks import shift_month, week_start
from tests.factories import PASSWORD, make_ally_note, make_goal, make_photo_win, make_user, make_win

pytestmark = pytest.mark.django_db

# The attack the review replayed, and two more that need no script: a button that sends the page's
# CSRF token to another address, and markup that breaks out of an attribute.
META = '<meta http-equiv=refresh content="0;url=https://evil.example">'
BUTTON = "<button formaction=/x>Press</button>"
IMG = '"><img src=x>'
HOSTILE = META + BUTTON + IMG
# What each would look like on a page that let it through: the raw start of each tag.
RAW = ["<meta http-equiv=refresh", "<button formaction=/x", "<img src=x"]
# What it looks like escaped: proof the words reached the page, as words.
ESCAPED = [escape(raw) for raw in RAW]


def assert_only_words(body: str, where: str) -> None:
    for raw in RAW:
        assert raw not in body, f"{where}: {raw!r} is on the page as markup"
    assert any(shown in body for shown in ESCAPED), f"{where}: none of the hostile words is on the page"


@pytest.fixture
def world(django_capture_on_commit_callbacks, media):
    """An owner, an ally and an invitee, all with hostile names, and everything the owner and ally wrote."""
    owner = make_user("owner@example.com", display_name=META, timezone="Europe/London")
    ally = make_user("ally@example.com", display_name=BUTTON, timezone="Europe/London")
    invitee = make_user("invitee@example.com", display_name=IMG)
    owner.ally_ask = HOSTILE
    owner.weekly_digest = True
    owner.save(update_fields=["ally_ask", "weekly_digest"])
    today = owner.local_today()
    monday = week_start(today, owner.week_starts_on)
    win = make_win(owner, HOSTILE, shared_with_allies=True, mood=2, hard_day=True)
    make_win(owner, IMG + " a week ago", occurred_on=today - datetime.timedelta(days=7))
    make_win(owner, META + " half a year ago", occurred_on=datetime.date(*shift_month(today.year, today.month, -6), 1))
    make_photo_win(owner, BUTTON, shared_with_allies=True, category=Category.REST)
    goal = make_goal(owner, HOSTILE[:200])
    Reflection.objects.create(
        owner=owner,
        week_start=monday,
        five_wins=HOSTILE,
        honored_myself=HOSTILE,
        what_helped=HOSTILE,
        try_next_week=HOSTILE,
    )
    link = AllyLink.objects.create(owner=owner, ally=ally)
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invitation_create(
            owner=owner, email="invitee@example.com", message=HOSTILE, base_url="http://testserver"
        )
        note = services.note_create(link=link, week_start=monday, text=HOSTILE, owner_url="http://testserver/week/")
    make_ally_note(owner, ally, HOSTILE, week_start=monday - datetime.timedelta(days=7))
    return {
        "owner": owner,
        "ally": ally,
        "invitee": invitee,
        "win": win,
        "goal": goal,
        "link": link,
        "note": note,
        "token": token,
        "monday": monday,
        "today": today,
    }


def _client(client, person):
    client.force_login(person)
    return client


OWNER_PAGES = [
    "/",
    "/?prompt=grateful",
    "/wins/",
    "/wins/?q=<img src=x>",
    "/wins/{win.code}/",
    "/wins/{win.code}/edit/",
    "/week/",
    "/week/{monday}/",
    "/week/{last_monday}/",
    "/look-back/",
    "/look-back/?critic=" + '"><img src=x>',
    "/report/",
    "/goals/",
    "/goals/{goal.code}/edit/",
    "/allies/",
    "/account/",
]


@pytest.mark.parametrize("path", OWNER_PAGES)
def test_the_owners_pages_show_hostile_words_as_words(client, world, path):
    last_monday = world["monday"] - datetime.timedelta(days=7)
    url = path.format(last_monday=last_monday, **world)
    response = _client(client, world["owner"]).get(url)
    assert response.status_code == 200, url
    assert_only_words(response.content.decode(), url)


# Pages that show none of the owner's words, only their forms and figures: nothing of them is markup either.
WORDLESS_PAGES = [
    "/year/{today.year}/",
    "/account/data/",
    "/account/delete/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]


@pytest.mark.parametrize("path", WORDLESS_PAGES)
def test_the_owners_other_pages_hold_no_hostile_markup(client, world, path):
    url = path.format(**world)
    response = _client(client, world["owner"]).get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body, f"{url}: {raw!r} is on the page as markup"


ALLY_PAGES = [
    "/allies/{link.code}/",
    "/allies/{link.code}/?week={last_monday}",
    "/allies/{link.code}/notes/{note.code}/edit/",
    "/allies/{link.code}/leave/",
    "/allies/",
]


@pytest.mark.parametrize("path", ALLY_PAGES)
def test_the_allys_pages_show_hostile_words_as_words(client, world, path):
    last_monday = world["monday"] - datetime.timedelta(days=7)
    url = path.format(last_monday=last_monday, **world)
    response = _client(client, world["ally"]).get(url)
    assert response.status_code == 200, url
    assert_only_words(response.content.decode(), url)


def test_a_display_name_with_a_meta_refresh_stays_words_on_the_allys_note_page(client, world):
    # The review's attack, replayed: the owner's display name is a meta refresh to another site.
    body = _client(client, world["ally"]).get(f"/allies/{world['link'].code}/").content.decode()
    assert "<meta http-equiv=refresh" not in body
    assert 'content="0;url=https://evil.example"' not in body
    # The name is still there for the ally to read, as words, beside the note form.
    assert f"{escape(META)} sees your name, the date and these words." in body
    # The note form's help text is the same for everyone: no one's words in it.
    assert '<div class="helptext" id="id_text_helptext">Small, specific things mean a lot.</div>' in body


def test_the_invitation_page_shows_hostile_words_as_words_to_a_visitor_and_to_the_invitee(client, world):
    url = f"/invite/{world['token']}/"
    assert_only_words(client.get(url).content.decode(), "invitation, logged out")
    assert_only_words(_client(client, world["invitee"]).get(url).content.decode(), "invitation, logged in")


# --- Forms sent back with a kind message keep the words typed, as words ---------------------------


def test_the_log_form_sent_back_keeps_hostile_words_as_words(client, world):
    owner_client = _client(client, world["owner"])
    data = {"text": HOSTILE * 5, "category": IMG, "mood": IMG, "occurred_on": IMG}
    for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = owner_client.post("/", data, **extra)
        assert_only_words(response.content.decode(), f"log form {extra}")


def test_the_edit_form_sent_back_keeps_hostile_words_as_words(client, world):
    response = _client(client, world["owner"]).post(
        f"/wins/{world['win'].code}/edit/", {"text": HOSTILE, "occurred_on": IMG}
    )
    assert_only_words(response.content.decode(), "edit form")


def test_the_goal_form_sent_back_keeps_hostile_words_as_words(client, world):
    response = _client(client, world["owner"]).post("/goals/", {"text": HOSTILE * 3, "how_often": IMG})
    assert_only_words(response.content.decode(), "goal form")


def test_the_reflection_sent_back_keeps_hostile_words_as_words(client, world):
    response = _client(client, world["owner"]).post(
        f"/week/{world['monday']}/", {"five_wins": HOSTILE * 60, "what_helped": HOSTILE}
    )
    assert response.status_code == 200
    assert_only_words(response.content.decode(), "reflection form")


def test_the_settings_form_sent_back_keeps_hostile_words_as_words(client, world):
    response = _client(client, world["owner"]).post("/account/", {"display_name": HOSTILE, "timezone": IMG})
    assert_only_words(response.content.decode(), "settings form")


def test_the_invite_and_ask_forms_sent_back_keep_hostile_words_as_words(client, world):
    owner_client = _client(client, world["owner"])
    response = owner_client.post("/allies/", {"email": IMG, "message": HOSTILE, "scope": IMG})
    assert_only_words(response.content.decode(), "invite form")
    response = owner_client.post("/allies/ask/", {"ally_ask": HOSTILE * 20}, follow=True)
    assert_only_words(response.content.decode(), "ask form")


def test_the_note_form_sent_back_keeps_hostile_words_as_words(client, world):
    response = _client(client, world["ally"]).post(f"/allies/{world['link'].code}/", {"text": HOSTILE * 20})
    assert_only_words(response.content.decode(), "note form")


def test_the_account_forms_sent_back_keep_hostile_words_as_words(client, world):
    body = client.post("/accounts/login/", {"login": HOSTILE, "password": HOSTILE}).content.decode()
    assert_only_words(body, "log-in form")
    body = client.post(
        "/accounts/signup/", {"display_name": HOSTILE, "email": HOSTILE, "password1": "x", "timezone": IMG}
    ).content.decode()
    assert_only_words(body, "sign-up form")
    body = client.post("/accounts/password/reset/", {"email": HOSTILE}).content.decode()
    assert_only_words(body, "password reset form")


def test_a_session_from_a_hostile_browser_is_listed_as_words(client, world):
    client.post("/accounts/login/", {"login": "owner@example.com", "password": PASSWORD}, HTTP_USER_AGENT=HOSTILE)
    assert_only_words(client.get("/account/").content.decode(), "sessions on the settings page")
    body = client.get("/accounts/sessions/").content.decode()
    for raw in RAW:
        assert raw not in body, f"allauth's sessions page: {raw!r} is on the page as markup"


# --- The field template --------------------------------------------------------------------------


class _WordsForm(forms.Form):
    words = forms.CharField(label=IMG, help_text=META, max_length=5)


def test_the_one_field_template_escapes_label_help_text_kind_message_and_value():
    html = str(_WordsForm({"words": BUTTON})["words"].as_field_group())
    for raw in RAW:
        assert raw not in html
    assert f'<div class="helptext" id="id_words_helptext">{escape(META)}</div>' in html
    assert 'aria-invalid="true" aria-describedby="id_words_helptext id_words_error"' in html
    assert f'value="{escape(BUTTON)}"' in html


@pytest.mark.parametrize("path", ["/", "/wins/{win.code}/edit/", "/week/", "/goals/", "/account/"])
def test_every_field_is_drawn_by_the_one_field_template(client, world, path):
    response = _client(client, world["owner"]).get(path.format(**world))
    drawn = {template.name for template in response.templates}
    assert "forms/field.html" in drawn
    assert "django/forms/field.html" not in drawn


def test_allauths_forms_are_drawn_by_the_one_field_template_too(client):
    drawn = {template.name for template in client.get("/accounts/signup/").templates}
    assert "forms/field.html" in drawn
    assert "django/forms/field.html" not in drawn


# --- Emails --------------------------------------------------------------------------------------


def test_emails_with_hostile_words_are_plain_text_only(world):
    # The invitation and the note went out when the world was made; the weekly digest is built here.
    owner = world["owner"]
    digest = build_message(Due(owner, WEEKLY, "digest", datetime.datetime.now(owner.tzinfo)))
    sent = [*mail.outbox, digest]
    recipients = sorted(message.to[0] for message in sent)
    assert recipients == ["invitee@example.com", "owner@example.com", "owner@example.com"]
    for message in sent:
        # The words arrive as they were written, in plain text, which no mail program reads as markup.
        assert META in message.body or HOSTILE in message.body
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
