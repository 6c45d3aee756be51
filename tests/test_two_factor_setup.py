"""Two-factor is reachable from a fresh sign-up: the page offers the confirmation link it needs first."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, make_user
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

CONFIRM_FIRST = "First, confirm your email address"
SET_UP = "Set up an authenticator app"


def emailed_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)


def current_totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


@pytest.fixture
def newcomer(client):
    """Someone who signed up a while ago and never followed the link: logged in, address unconfirmed."""
    person = make_user("kit@example.com")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    client.force_login(person)
    return person


def test_with_an_unconfirmed_address_the_page_offers_the_link_instead_of_a_dead_end(client, newcomer):
    page = text_of(client.get("/accounts/2fa/"))
    assert CONFIRM_FIRST in page
    assert "kit@example.com</strong> isn't confirmed yet" in page
    assert ">Send me the link</button>" in page
    assert "brings you back here" in page
    assert SET_UP not in page


def test_the_button_sends_a_link_that_leads_back_to_two_factor(client, newcomer, mailoutbox):
    response = client.post("/account/two-factor/confirm-email/", {"next": "/accounts/2fa/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/"
    assert "We sent a link to kit@example.com." in text_of(response)
    assert len(mailoutbox) == 1
    link = emailed_link(mailoutbox[0])
    assert link.endswith("?next=%2Faccounts%2F2fa%2F")

    response = client.post(link.split("?")[0], {"next": "/accounts/2fa/"})
    assert response["Location"] == "/accounts/2fa/"
    page = text_of(client.get("/accounts/2fa/"))
    assert CONFIRM_FIRST not in page
    assert SET_UP in page


def test_pressing_twice_sends_one_link_and_says_so(client, newcomer, mailoutbox):
    client.post("/account/two-factor/confirm-email/", {"next": "/accounts/2fa/"})
    response = client.post("/account/two-factor/confirm-email/", {"next": "/accounts/2fa/"}, follow=True)
    assert "We sent you a link a moment ago." in text_of(response)
    assert len(mailoutbox) == 1


def test_the_link_opened_on_another_device_asks_to_log_in_then_opens_two_factor(client, newcomer, mailoutbox):
    client.post("/account/two-factor/confirm-email/", {"next": "/accounts/2fa/"})
    phone = Client()
    link = emailed_link(mailoutbox[0])
    assert phone.post(link.split("?")[0], {"next": "/accounts/2fa/"})["Location"] == "/accounts/2fa/"
    assert phone.get("/accounts/2fa/")["Location"] == "/accounts/login/?next=/accounts/2fa/"
    assert EmailAddress.objects.get(user=newcomer).verified


def test_the_button_sends_nothing_for_an_address_already_confirmed(client, mailoutbox):
    client.force_login(make_user("done@example.com", verified=True))
    assert client.post("/account/two-factor/confirm-email/")["Location"] == "/accounts/2fa/"
    assert mailoutbox == []


def test_the_button_only_answers_a_post(client, newcomer, mailoutbox):
    assert client.get("/account/two-factor/confirm-email/").status_code == 405
    assert mailoutbox == []


def test_set_up_asked_for_too_early_comes_back_with_a_kind_reason(client, newcomer):
    response = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/"
    page = text_of(response)
    assert "Two-factor needs a confirmed email address first." in page
    assert "You cannot activate" not in page


def test_a_change_of_address_waiting_is_named_with_the_way_to_settle_it(client):
    person = make_user("old@example.com", verified=True)
    EmailAddress.objects.create(user=person, email="new@example.com", verified=False)
    client.force_login(person)
    page = text_of(client.get("/accounts/2fa/"))
    assert "You're changing your address to <strong>new@example.com</strong>" in page
    assert 'href="/accounts/email/"' in page
    assert SET_UP not in page


# Transactional: allauth says "on" once the new authenticator is committed, as in production.
@pytest.mark.django_db(transaction=True)
def test_from_a_fresh_sign_up_through_the_emailed_link_to_two_factor_on(client, mailoutbox):
    client.post("/accounts/signup/", {"email": "robin@example.com", "password1": PASSWORD, "timezone": "UTC"})
    assert len(mailoutbox) == 1
    assert client.post(emailed_link(mailoutbox[0]))["Location"] == "/"
    assert SET_UP in text_of(client.get("/accounts/2fa/"))

    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    page = text_of(client.get("/accounts/2fa/totp/activate/"))
    secret = re.search(r'id="authenticator-secret"[^>]*value="([A-Z2-7]+)"', page).group(1)

    response = client.post("/accounts/2fa/totp/activate/", {"code": current_totp(secret)})
    response = client.get(response["Location"])
    assert response.request["PATH_INFO"] == "/accounts/2fa/recovery-codes/"
    page = text_of(response)
    assert "Two-factor is on." in page
    assert "Your recovery codes" in page
    assert Authenticator.objects.filter(user__email="robin@example.com", type="totp").exists()


def test_a_wrong_code_at_set_up_says_what_to_do(client):
    client.force_login(make_user("sam@example.com", verified=True))
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert "That code isn't right. Please try the newest code from your app" in text_of(response)
    assert not Authenticator.objects.exists()
