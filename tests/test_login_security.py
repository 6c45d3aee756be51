"""Log-in attacks from the outside review, replayed: the admin door, lock-outs and the timing oracle."""

import datetime
import importlib
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import config.urls
from allies.services import invitation_create
from journal.models import Goal, Reflection
from tests.factories import PASSWORD, make_ally_note, make_user, make_win

pytestmark = pytest.mark.django_db

THROTTLED = "That&#x27;s a lot of tries in a short time"


def throttled(response) -> bool:
    """Refused by a throttle: allauth's kind message on the form, or its 429 page."""
    return response.status_code == 429 or THROTTLED in response.content.decode()


WORDS = "Canary-words-only-the-owner-wrote"


def current_totp(secret: str) -> str:
    counter = int(timezone.now().timestamp()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def device(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def log_in(client: Client, email: str, password: str, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff(db):
    return make_user("staff@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_at(settings):
    """Serve the admin at another ADMIN_URL (or none) for one test."""

    def move(path: str) -> None:
        settings.ADMIN_URL = path
        importlib.reload(config.urls)
        clear_url_caches()

    yield move
    settings.ADMIN_URL = "admin/"
    importlib.reload(config.urls)
    clear_url_caches()


# --- The admin's log-in is allauth's -------------------------------------------


def test_the_admins_own_password_form_is_never_shown_or_accepted(client, staff):
    assert client.get("/admin/").status_code == 302
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"

    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not logged_in(client)


def test_staff_with_two_factor_are_asked_for_their_code_before_the_admin_opens(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    door = client.get("/admin/", follow=True).redirect_chain[-1][0]
    assert door == "/accounts/login/?next=%2Fadmin%2F"

    response = client.post(door, {"login": staff.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302

    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_guessing_an_admin_password_is_throttled_like_any_log_in(client, staff):
    for _ in range(5):
        response = log_in(client, staff.email, "password123", next="/admin/")
        assert THROTTLED not in response.content.decode()
    response = log_in(client, staff.email, "password123", next="/admin/")
    assert throttled(response)
    # Even the right password waits now, from this device.
    response = log_in(client, staff.email, PASSWORD, next="/admin/")
    assert THROTTLED in response.content.decode()
    assert not logged_in(client)


def test_a_logged_in_person_who_is_not_staff_is_refused_the_admin(owner_client):
    assert owner_client.get("/admin/").status_code in (302, 403)
    assert owner_client.get("/admin/login/").status_code == 403


def test_the_admin_moves_to_admin_url(client, staff, admin_at):
    admin_at("staff-7f3k/")
    client.force_login(staff)
    assert client.get("/staff-7f3k/").status_code == 200
    assert client.get("/admin/").status_code == 404


def test_an_empty_admin_url_turns_the_admin_off(client, staff, admin_at):
    admin_at("")
    client.force_login(staff)
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404


def test_the_admins_change_and_delete_pages_show_no_journal_words(client, staff, owner, ally):
    win = make_win(owner, f"{WORDS} win")
    goal = Goal.objects.create(owner=owner, text=f"{WORDS} goal")
    reflection = Reflection.objects.create(
        owner=owner,
        week_start=datetime.date(2024, 1, 1),
        five_wins=f"{WORDS} 1",
        honored_myself=f"{WORDS} 2",
        what_helped=f"{WORDS} 3",
        try_next_week=f"{WORDS} 4",
    )
    note = make_ally_note(owner, ally, f"{WORDS} note")
    invitation, _token = invitation_create(owner=owner, email="friend@example.com", message=f"{WORDS} message")
    client.force_login(staff)

    pages = [
        f"/admin/journal/win/{win.pk}/change/",
        f"/admin/journal/win/{win.pk}/delete/",
        f"/admin/journal/win/{win.pk}/history/",
        "/admin/journal/win/",
        f"/admin/journal/goal/{goal.pk}/change/",
        "/admin/journal/goal/",
        f"/admin/journal/reflection/{reflection.pk}/change/",
        "/admin/journal/reflection/",
        f"/admin/allies/allynote/{note.pk}/change/",
        f"/admin/allies/invitation/{invitation.pk}/change/",
        f"/admin/accounts/user/{owner.pk}/change/",
        f"/admin/accounts/user/{owner.pk}/delete/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert WORDS not in response.content.decode(), page


def test_saving_a_win_in_the_admin_keeps_its_words(client, staff, owner):
    win = make_win(owner, f"{WORDS} win", mood=3)
    client.force_login(staff)
    form = {
        "owner": owner.pk,
        "category": win.category,
        "mood": "",
        "occurred_on": win.occurred_on.isoformat(),
    }
    response = client.post(f"/admin/journal/win/{win.pk}/change/", form)
    assert response.status_code == 302
    win.refresh_from_db()
    assert (win.text, win.mood) == (f"{WORDS} win", None)


# --- The time a log-in takes does not say whether the password was right --------


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting its work: every MD5 hash (making or checking one) runs encode()."""

    computed = 0

    def encode(self, password, salt):
        type(self).computed += 1
        return super().encode(password, salt)


def test_a_log_in_computes_one_hash_whether_the_password_is_right_wrong_or_the_address_unknown(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    person = make_user("sam@example.com")

    def hashes_for(email: str, password: str) -> int:
        CountingHasher.computed = 0
        log_in(device("192.0.2.10"), email, password)
        return CountingHasher.computed

    right = hashes_for(person.email, PASSWORD)
    wrong = hashes_for(person.email, "not my password")
    unknown = hashes_for("nobody@example.com", "not my password")
    assert (right, wrong, unknown) == (1, 1, 1)


# --- Nobody can lock the owner out ---------------------------------------------


def test_an_attackers_fifty_wrong_tries_do_not_stop_the_owner_logging_in_from_elsewhere(owner):
    attacker = device("203.0.113.66")
    for _ in range(50):
        response = log_in(attacker, owner.email, "guess")
    assert throttled(response)
    assert not logged_in(attacker)

    owners_phone = device("198.51.100.7")
    response = log_in(owners_phone, owner.email, PASSWORD)
    assert response.status_code == 302
    assert logged_in(owners_phone)


def test_guesses_spread_over_many_machines_meet_the_addresss_own_limit(owner, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_address": "20/h/key"}
    for n in range(20):
        response = log_in(device(f"203.0.113.{n + 1}"), owner.email, "guess")
        assert THROTTLED not in response.content.decode()
    response = log_in(device("203.0.113.200"), owner.email, "guess")
    assert THROTTLED in response.content.decode()


def request_code(client: Client, email: str, mailoutbox) -> str:
    response = client.post(reverse("account_request_login_code"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    message = mailoutbox[-1]
    assert message.to == [email]
    assert message.subject == "Small Wins: your code to log in"
    return re.search(r"log in to Small Wins:\n\n(\S+)\n", message.body).group(1)


def test_an_emailed_code_logs_the_owner_in(client, owner, mailoutbox):
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("account_request_login_code")}"' in page
    assert "Log in with a code" in client.get(reverse("account_request_login_code")).content.decode()

    code = request_code(client, owner.email, mailoutbox)
    page = client.get(reverse("account_confirm_login_code")).content.decode()
    assert "Check your email" in page and 'href="/crisis/"' in page

    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == owner.pk


def test_a_wrong_code_gets_a_kind_message_and_logs_nobody_in(client, owner, mailoutbox):
    request_code(client, owner.email, mailoutbox)
    response = client.post(reverse("account_confirm_login_code"), {"code": "NOTIT1"})
    assert response.status_code == 200
    assert "That code isn&#x27;t right" in response.content.decode()
    assert not logged_in(client)


def test_the_emailed_code_still_works_when_password_guesses_have_paused_the_address(owner, settings, mailoutbox):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_address": "20/h/key"}
    for n in range(25):
        log_in(device(f"203.0.113.{n + 1}"), owner.email, "guess")
    owners_phone = device("198.51.100.7")
    assert THROTTLED in log_in(owners_phone, owner.email, PASSWORD).content.decode()

    code = request_code(owners_phone, owner.email, mailoutbox)
    response = owners_phone.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert int(owners_phone.session["_auth_user_id"]) == owner.pk


def test_an_attackers_wrong_codes_do_not_spoil_the_owners_code(owner, mailoutbox):
    owners_phone = device("198.51.100.7")
    code = request_code(owners_phone, owner.email, mailoutbox)
    attacker = device("203.0.113.66")
    request_code(attacker, owner.email, mailoutbox)
    for _ in range(5):
        attacker.post(reverse("account_confirm_login_code"), {"code": "NOTIT1"})
    assert not logged_in(attacker)

    response = owners_phone.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert logged_in(owners_phone)


def test_behind_a_proxy_the_throttle_counts_each_visitors_own_address(owner, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(10):
        response = log_in(attacker, owner.email, "guess")
    assert throttled(response)

    owners_phone = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(owners_phone, owner.email, PASSWORD).status_code == 302
    assert logged_in(owners_phone)


def test_too_many_requests_get_a_kind_page_that_offers_the_code(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(3):
        response = log_in(client, "someone@example.com", "guess")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Let's take a short pause" in body and 'href="/crisis/"' in body
    assert f'href="{reverse("account_request_login_code")}"' in body
