"""The unsubscribe link in every reminder: no login, one person, one kind of email, and nothing for a forgery."""

import pytest
from django.core import signing

from accounts.models import User
from journal.reminders import UNSUBSCRIBE_SALT, unsubscribe_token, unsubscribe_url
from tests.factories import make_user
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiri(db):
    return make_user("kiri@example.com", daily_reminder=True, weekly_digest=True)


@pytest.fixture
def lee(db):
    return make_user("lee@example.com", daily_reminder=True, weekly_digest=True)


def path_for(user, kind: str) -> str:
    return f"/reminders/unsubscribe/{unsubscribe_token(user, kind)}/"


def settings_of(user) -> tuple[bool, bool]:
    user = User.objects.get(pk=user.pk)
    return user.daily_reminder, user.weekly_digest


def test_the_link_asks_first_without_logging_in_and_changes_nothing_yet(client, kiri):
    response = client.get(path_for(kiri, "daily"))
    assert response.status_code == 200
    body = text_of(response)
    assert "Stop the daily reminder?" in body
    assert ">Unsubscribe</button>" in body
    assert "kiri@example.com" not in body  # a forwarded email shows no one's address
    assert settings_of(kiri) == (True, True)


def test_pressing_unsubscribe_stops_only_that_kind_for_only_that_person(client, kiri, lee):
    response = client.post(path_for(kiri, "daily"))
    assert response.status_code == 200
    assert "You won't get the daily reminder any more." in text_of(response)
    assert settings_of(kiri) == (False, True)
    assert settings_of(lee) == (True, True)

    client.post(path_for(kiri, "weekly"))
    assert settings_of(kiri) == (False, False)
    assert settings_of(lee) == (True, True)


def test_a_mail_providers_one_click_post_works_without_a_csrf_token(kiri):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path_for(kiri, "weekly"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert settings_of(kiri) == (True, False)


def test_the_link_in_the_email_is_the_same_page(client, kiri):
    url = unsubscribe_url(kiri, "daily")
    assert url == "http://127.0.0.1:8000" + path_for(kiri, "daily")


def test_opening_it_again_says_it_is_already_off(client, kiri):
    client.post(path_for(kiri, "daily"))
    body = text_of(client.get(path_for(kiri, "daily")))
    assert "The daily reminder is already off" in body
    assert ">Unsubscribe</button>" not in body


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "",
        "x" * 300,
    ],
)
def test_a_made_up_link_does_nothing(client, kiri, token):
    response = client.post(f"/reminders/unsubscribe/{token}/")
    assert response.status_code == 404
    assert settings_of(kiri) == (True, True)


def test_a_tampered_link_does_nothing_to_anyone(client, kiri, lee):
    token = unsubscribe_token(kiri, "daily")
    value, signature = token.rsplit(":", 1)
    lees_value = signing.dumps([lee.pk, "daily"], salt=UNSUBSCRIBE_SALT).rsplit(":", 1)[0]
    other_kind = signing.dumps([kiri.pk, "weekly"], salt=UNSUBSCRIBE_SALT).rsplit(":", 1)[0]
    for forged in (f"{lees_value}:{signature}", f"{value}:{signature[::-1]}", f"{other_kind}:{signature}"):
        response = client.post(f"/reminders/unsubscribe/{forged}/")
        assert response.status_code == 404
        assert "This link isn't working" in text_of(response)
    assert settings_of(kiri) == (True, True)
    assert settings_of(lee) == (True, True)


def test_a_token_signed_for_something_else_is_refused(client, kiri):
    other = signing.dumps([kiri.pk, "daily"])  # the right shape, the wrong salt
    assert client.post(f"/reminders/unsubscribe/{other}/").status_code == 404
    assert settings_of(kiri) == (True, True)


def test_a_link_for_a_deleted_account_answers_404(client, kiri):
    path = path_for(kiri, "daily")
    kiri.delete()
    assert client.get(path).status_code == 404


def test_the_token_never_appears_in_logs(client, kiri, caplog):
    from config.logging import redact

    path = path_for(kiri, "daily")
    assert unsubscribe_token(kiri, "daily") not in redact(f"GET {path} 200")
