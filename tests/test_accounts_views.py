import pytest

from accounts.models import User
from tests.helpers import confirmation_link

pytestmark = pytest.mark.django_db


def test_visitor_is_sent_to_log_in_for_the_account_page(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/account/")


def test_owner_sees_their_settings(owner_client, owner):
    response = owner_client.get("/account/")
    assert response.status_code == 200
    assert owner.email in response.content.decode()


def test_owner_changes_name_time_zone_and_week_start(owner_client, owner):
    response = owner_client.post(
        "/account/",
        {"display_name": "Ally Cat", "timezone": "Pacific/Auckland", "week_starts_on": "6"},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.display_name, owner.timezone, owner.week_starts_on) == ("Ally Cat", "Pacific/Auckland", 6)


def test_an_unknown_time_zone_gets_a_message_and_keeps_the_name(owner_client, owner):
    response = owner_client.post(
        "/account/", {"display_name": "Typed name", "timezone": "Mars/Olympus", "week_starts_on": "0"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert 'value="Typed name"' in body
    owner.refresh_from_db()
    assert owner.timezone == "Europe/London"


def test_signup_stores_the_time_zone_and_its_emailed_link_lands_on_today(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {
            "display_name": "Dana",
            "email": "dana@example.com",
            "password1": "a calm river at dawn 42",
            "timezone": "Pacific/Honolulu",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert [message.to for message in mailoutbox] == [["dana@example.com"]]
    response = client.post(confirmation_link(mailoutbox[0]))
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="dana@example.com")
    assert (user.display_name, user.timezone) == ("Dana", "Pacific/Honolulu")
    assert user.password.startswith("md5$")  # the test hasher; production uses Argon2


def test_login_failure_does_not_say_whether_the_email_exists(client, owner):
    known = client.post("/accounts/login/", {"login": owner.email, "password": "wrong"}).content.decode()
    unknown = client.post("/accounts/login/", {"login": "nobody@example.com", "password": "wrong"}).content.decode()
    message = "The email address and/or password you specified are not correct."
    assert message in known and message in unknown


def test_logins_are_throttled_after_repeated_failures(client, owner):
    for _ in range(5):
        client.post("/accounts/login/", {"login": owner.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": owner.email, "password": "wrong"})
    assert response.status_code == 429 or "That&#x27;s a lot of tries in a short time" in response.content.decode()


def test_logout_needs_a_post(owner_client):
    response = owner_client.get("/accounts/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" in owner_client.session
    owner_client.post("/accounts/logout/")
    assert "_auth_user_id" not in owner_client.session


def test_production_hashes_passwords_with_argon2():
    from django.conf import settings

    from config import settings as configured

    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"
