"""No flag, score or trace of a crisis match is stored, logged or emailed, and nothing is told to allies.

The logging canary of tests/test_logging_canary.py, pointed at words of crisis:
the same saves through the real forms, every logger at DEBUG, error emails on.
"""

import json
import logging

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import PASSWORD, make_ally_link

pytestmark = pytest.mark.django_db

CANARY = "CANARY-9d2e-want-to-kill-myself"
NOTE_CANARY = "CANARY-41c7-i-want-to-die-too"
CARD_WORDS = ("really hard right now", "carry this alone", "That took strength", "crisis-card", "care-card")


@pytest.fixture
def every_logger_at_debug(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    return client


def everything_logged(caplog) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), record.exc_text or "", repr(record.args)]
    return "\n".join(parts)


def everything_mailed(mailoutbox) -> str:
    parts = []
    for mail in mailoutbox:
        parts += [mail.subject, mail.body, *[content for content, _ in getattr(mail, "alternatives", [])]]
    return "\n".join(parts)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


def test_crisis_words_leave_no_trace_in_logs_or_emails(
    owner, ally, every_logger_at_debug, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = ["ops@smallwins.example"]
    caplog = every_logger_at_debug
    owner_client, ally_client = logged_in(owner), logged_in(ally)
    link = make_ally_link(owner, ally)
    day = owner.local_today().isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        shown = [
            owner_client.post("/", {"text": f"{CANARY} win", "category": "feelings"}, follow=True),
            owner_client.post("/", {"text": f"{CANARY} again", "category": "feelings"}, HTTP_HX_REQUEST="true"),
            owner_client.post(f"/week/{day}/reflection/", {"what_helped": CANARY}, HTTP_HX_REQUEST="true"),
            owner_client.post(f"/week/{day}/reflection/", {"what_helped": f"{CANARY}. Tea."}, follow=True),
            ally_client.post(f"/allies/{link.code}/", {"text": NOTE_CANARY}, follow=True),
        ]
    assert ['data-testid="crisis-card"' in response.content.decode() for response in shown] == [
        True,
        True,
        True,
        False,  # the same concern again: once per text
        True,
    ]

    logged, mailed = everything_logged(caplog), everything_mailed(mailoutbox)
    assert CANARY not in logged and NOTE_CANARY not in logged
    assert CANARY not in mailed
    for words in (*CARD_WORDS, "crisis", "resisting"):
        assert words not in logged, words
    for words in CARD_WORDS:
        assert words not in mailed, words
    # The owner hears of the ally's note as always (they asked to), in its words; the ally is told nothing.
    assert [mail.to for mail in mailoutbox] == [[owner.email]]
    assert NOTE_CANARY in mailoutbox[0].body


def test_the_database_gains_nothing_more_for_words_of_crisis_than_for_everyday_words(owner_client):
    owner_client.get("/")  # the first visit records the session itself
    start = row_counts()
    owner_client.post("/", {"text": "Made tea", "category": "rest"}, follow=True)
    everyday = row_counts()
    owner_client.post("/", {"text": "I want to kill myself", "category": "rest"}, follow=True)
    crisis = row_counts()
    grew_everyday = {label: everyday[label] - start[label] for label in start if everyday[label] != start[label]}
    grew_crisis = {label: crisis[label] - everyday[label] for label in start if crisis[label] != everyday[label]}
    assert grew_crisis == grew_everyday == {"journal.Win": 1}


def test_over_a_redirect_the_session_holds_only_the_kind_and_lets_it_go_once_shown(owner_client):
    owner_client.post("/", {"text": "I want to end my life", "category": "feelings"})
    held = json.dumps(Session.objects.get().get_decoded())
    assert "crisis" in held
    assert "end my life" not in held
    owner_client.get("/")
    held = json.dumps(Session.objects.get().get_decoded())
    assert "crisis" not in held and "care-card" not in held


def test_nothing_reaches_the_allies_space(owner, ally):
    link = make_ally_link(owner, ally)
    owner_client = logged_in(owner)
    owner_client.post("/", {"text": "I want to die", "category": "feelings", "shared_with_allies": "on"})
    page = logged_in(ally).get(f"/allies/{link.code}/").content.decode()
    assert "I want to die" in page  # the owner shared the win itself, in their own words
    assert 'data-testid="crisis-card"' not in page
