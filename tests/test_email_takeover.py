"""One email address per account: the outside review's takeover chain, replayed and blocked.

The attack (issue 12, finding 1): logged in as D, add A's address to D's account,
make it primary (a 500 that still left it primary), then a password reset for A's
address mailed a link that reset D's account, and logging in with A's address
landed in D's journal, where A's next win was stored.
"""

import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from allies import services as allies_services
from journal.models import Win
from tests.factories import PASSWORD, make_user
from tests.helpers import confirmation_link

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a new and steady password 9"


@pytest.fixture
def alice(db):
    return make_user("alice@example.com")


@pytest.fixture
def dana(db):
    return make_user("dana@example.com")


def log_in(client, email: str, password: str = PASSWORD):
    """Log in, then confirm the password once more, as changing the address asks."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    if logged_in_user(client):
        client.post("/accounts/reauthenticate/", {"password": password})
    return response


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def without_tokens(html: str) -> str:
    """A page without its per-visit CSRF token and CSP nonce, to compare two visits."""
    return re.sub(r"[A-Za-z0-9_-]{22,}", "", html)


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)


def reset_password(client, email: str, mailoutbox) -> list:
    before = len(mailoutbox)
    client.post("/accounts/password/reset/", {"email": email})
    return mailoutbox[before:]


def choose_new_password(client, link: str):
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


# --- The chain, step by step ----------------------------------------------------------------------


def test_adding_an_address_another_account_holds_is_refused_kindly_and_stores_nothing(client, alice, dana):
    log_in(client, dana.email)
    response = client.post("/accounts/email/", {"email": "Alice@Example.com", "action_add": ""})

    assert response.status_code == 200
    body = response.content.decode()
    assert "That address belongs to another account, so it can&#x27;t be added here." in body
    assert 'value="Alice@Example.com"' in body
    assert not EmailAddress.objects.filter(user=dana, email__iexact=alice.email).exists()
    assert list(EmailAddress.objects.filter(email__iexact=alice.email).values_list("user", flat=True)) in (
        [],
        [alice.pk],
    )


def test_an_address_waiting_as_someone_elses_change_cannot_be_added_either(client, alice, dana, mailoutbox):
    log_in(client, alice.email)
    client.post("/accounts/email/", {"email": "new-home@example.com", "action_add": ""})
    assert EmailAddress.objects.filter(user=alice, email="new-home@example.com", verified=False).exists()
    client.logout()

    log_in(client, dana.email)
    response = client.post("/accounts/email/", {"email": "new-home@example.com", "action_add": ""})

    assert "That address belongs to another account" in response.content.decode()
    assert not EmailAddress.objects.filter(user=dana, email="new-home@example.com").exists()


def test_the_database_never_lets_two_accounts_hold_one_address(alice, dana):
    EmailAddress.objects.create(user=alice, email=alice.email, primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmailAddress.objects.create(user=dana, email="ALICE@example.com")


def test_make_primary_never_answers_500_and_never_moves_the_account_to_another_address(client, alice, dana):
    log_in(client, dana.email)
    client.post("/accounts/email/", {"email": "dana-new@example.com", "action_add": ""})

    for email in (alice.email, "dana-new@example.com"):
        response = client.post("/accounts/email/", {"email": email, "action_primary": ""})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/email/"

    dana.refresh_from_db()
    assert dana.email == "dana@example.com"
    assert list(EmailAddress.objects.filter(user=dana, primary=True).values_list("email", flat=True)) == [
        "dana@example.com"
    ]
    assert not EmailAddress.objects.filter(email=alice.email, primary=True).exclude(user=alice).exists()
    page = client.get("/accounts/email/").content.decode()
    assert "Your address changes once you follow the link we email to the new one." in page


def test_a_password_reset_for_alices_address_mails_one_link_that_resets_only_her_account(
    client, alice, dana, mailoutbox
):
    log_in(client, dana.email)
    client.post("/accounts/email/", {"email": alice.email, "action_add": ""})
    client.post("/accounts/email/", {"email": alice.email, "action_primary": ""})
    client.logout()

    sent = reset_password(client, alice.email, mailoutbox)

    assert [message.to for message in sent] == [[alice.email]]
    assert len(re.findall(r"/accounts/password/reset/key/", sent[0].body)) == 1
    choose_new_password(client, reset_link(sent[0]))
    alice.refresh_from_db()
    dana.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert dana.check_password(PASSWORD) and not dana.check_password(NEW_PASSWORD)


def test_logging_in_with_alices_address_reaches_her_account_and_her_next_win_lands_in_her_journal(client, alice, dana):
    dana.set_password("dana's own password 5")
    dana.save()
    attacker = client
    log_in(attacker, dana.email, "dana's own password 5")
    attacker.post("/accounts/email/", {"email": alice.email, "action_add": ""})
    attacker.post("/accounts/email/", {"email": alice.email, "action_primary": ""})
    attacker.logout()

    log_in(attacker, alice.email, "dana's own password 5")
    assert logged_in_user(attacker) is None
    assert log_in(attacker, alice.email, PASSWORD)["Location"] == "/"
    assert logged_in_user(attacker) == alice
    attacker.post("/", {"text": "Made tea for myself", "category": "self-care", "idempotency_key": str(uuid.uuid4())})

    win = Win.objects.get(text="Made tea for myself")
    assert win.owner == alice
    assert not Win.objects.filter(owner=dana).exists()


# --- A change of address, done properly -----------------------------------------------------------


def test_a_change_happens_once_its_link_is_followed_and_the_old_address_is_gone(
    client, dana, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(client, dana.email)
    # The address page runs in one transaction: its email is queued when that commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"email": "Dana.New@Example.com", "action_add": ""})
    assert response.status_code == 302

    assert [message.to for message in mailoutbox] == [["dana.new@example.com"]]
    assert mailoutbox[0].subject == "Small Wins: confirm your new email address"
    page = client.get("/accounts/email/").content.decode()
    assert "We sent a link to <strong>dana.new@example.com</strong>" in page

    response = client.post(confirmation_link(mailoutbox[0]))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/email/"

    dana.refresh_from_db()
    assert dana.email == "dana.new@example.com"
    assert list(EmailAddress.objects.filter(user=dana).values_list("email", "primary", "verified")) == [
        ("dana.new@example.com", True, True)
    ]
    client.logout()
    assert logged_in_user(client) is None
    log_in(client, "dana@example.com")
    assert logged_in_user(client) is None
    log_in(client, "dana.new@example.com")
    assert logged_in_user(client) == dana


def test_an_unconfirmed_change_leaves_logging_in_and_resets_with_the_old_address(client, dana, mailoutbox):
    log_in(client, dana.email)
    client.post("/accounts/email/", {"email": "dana.next@example.com", "action_add": ""})
    client.logout()

    log_in(client, "dana@example.com")
    assert logged_in_user(client) == dana
    client.logout()

    # The address waiting to be confirmed is not the account's yet: no reset link goes there.
    sent = reset_password(client, "dana.next@example.com", mailoutbox)
    assert [message.to for message in sent] == [["dana.next@example.com"]]
    assert "/accounts/password/reset/key/" not in sent[0].body
    sent = reset_password(client, "dana@example.com", mailoutbox)
    assert "/accounts/password/reset/key/" in sent[0].body


def test_a_log_in_code_asked_for_an_address_waiting_as_a_change_opens_no_account(client, dana, mailoutbox):
    log_in(client, dana.email)
    client.post("/accounts/email/", {"email": "dana.next@example.com", "action_add": ""})
    client.logout()

    before = len(mailoutbox)
    client.post("/accounts/login/code/", {"email": "dana.next@example.com"})

    sent = mailoutbox[before:]
    assert [message.to for message in sent] == [["dana.next@example.com"]]
    assert sent[0].subject != "Small Wins: your code to log in"
    assert not re.search(r"\b[A-Z0-9]{6}\b", sent[0].body)
    client.post("/accounts/login/code/confirm/", {"code": "ABC123"})
    assert logged_in_user(client) is None


def test_keeping_the_current_address_cancels_the_change(client, dana, mailoutbox, django_capture_on_commit_callbacks):
    log_in(client, dana.email)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "dana.next@example.com", "action_add": ""})
    response = client.post("/accounts/email/", {"email": "dana.next@example.com", "action_remove": ""})

    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=dana).values_list("email", flat=True)) == ["dana@example.com"]
    link = confirmation_link(mailoutbox[0])
    assert client.post(link).status_code == 404
    dana.refresh_from_db()
    assert dana.email == "dana@example.com"


def test_adding_your_own_address_again_says_there_is_nothing_to_change(client, dana):
    log_in(client, dana.email)
    response = client.post("/accounts/email/", {"email": "DANA@example.com", "action_add": ""})
    assert "That&#x27;s already your address, so there&#x27;s nothing to change." in response.content.decode()


def test_changing_the_address_asks_for_the_password_again_after_a_while(client, dana):
    client.force_login(dana)  # logged in long ago, as far as this session knows
    response = client.post("/accounts/email/", {"email": "dana.next@example.com", "action_add": ""})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="dana.next@example.com").exists()


def test_the_email_page_wears_the_product_layout_with_kind_words(client, dana):
    log_in(client, dana.email)
    body = client.get("/accounts/email/").content.decode()
    assert "<h1>Your email address</h1>" in body
    assert 'data-testid="current-email"' in body
    assert 'name="action_add"' in body
    assert 'href="/crisis/"' in body
    assert "Make Primary" not in body and "style=" not in body


# --- Sign-up never says whether an address has an account ---------------------------------------


def test_signing_up_with_a_held_address_looks_like_any_sign_up_and_emails_its_owner(client, alice, mailoutbox):
    form = {"email": "someone.new@example.com", "password1": NEW_PASSWORD, "timezone": "UTC"}
    new = client.post("/accounts/signup/", form)
    new_page = client.get(new["Location"]).content.decode()
    client.logout()
    client.cookies.clear()

    held = client.post("/accounts/signup/", {**form, "email": "ALICE@example.com"})
    held_page = client.get(held["Location"]).content.decode()

    assert (held.status_code, held["Location"]) == (new.status_code, new["Location"])
    assert held["Location"] == "/accounts/confirm-email/"
    # The same page, word for word, but for the address the visitor typed.
    held_page = without_tokens(held_page).replace("alice@example.com", "{address}")
    assert held_page == without_tokens(new_page).replace("someone.new@example.com", "{address}")
    assert "already registered" not in held_page
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    owner_mail = [message for message in mailoutbox if message.to == ["alice@example.com"]]
    assert [message.subject for message in owner_mail] == ["Small Wins: you already have an account"]
    assert "/accounts/password/reset/" in owner_mail[0].body


def test_a_person_who_never_followed_the_sign_up_link_can_log_in_and_reset_their_password(client, mailoutbox):
    client.post("/accounts/signup/", {"email": "river@example.com", "password1": PASSWORD, "timezone": "UTC"})
    river = User.objects.get(email="river@example.com")
    assert not EmailAddress.objects.get(user=river).verified

    log_in(client, "river@example.com")
    assert logged_in_user(client) == river
    client.logout()

    sent = reset_password(client, "river@example.com", mailoutbox)
    assert [message.to for message in sent] == [["river@example.com"]]
    choose_new_password(client, reset_link(sent[0]))
    river.refresh_from_db()
    assert river.check_password(NEW_PASSWORD)
    # Following the reset link proved the address is theirs.
    assert EmailAddress.objects.get(user=river).verified


# --- Names are one line ---------------------------------------------------------------------------

CONTROL = "Ro\rbin\n\x00Bcc: eve@example.com\tx\x1b\x7f\x85\u2028y"


def test_sign_up_takes_control_characters_out_of_the_name(client):
    client.post(
        "/accounts/signup/",
        {"display_name": CONTROL, "email": "robin@example.com", "password1": PASSWORD, "timezone": "UTC"},
    )
    assert User.objects.get(email="robin@example.com").display_name == "Ro bin Bcc: eve@example.com x y"


def test_the_account_page_takes_control_characters_out_of_the_name(client, dana):
    client.force_login(dana)
    client.post("/account/", {"display_name": CONTROL, "timezone": "UTC", "week_starts_on": "0"})
    dana.refresh_from_db()
    assert dana.display_name == "Ro bin Bcc: eve@example.com x y"


def test_a_name_stored_with_line_breaks_forges_no_line_in_an_email(alice, django_capture_on_commit_callbacks):
    User.objects.filter(pk=alice.pk).update(display_name="Alice\r\nBcc: eve@example.com\n\nIgnore this")
    alice.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        allies_services.invitation_create(owner=alice, email="bob@example.com", message="Hello")

    (message,) = mail.outbox
    for text in (message.subject, message.body):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]", text)
        assert not re.search(r"^Bcc:", text, re.MULTILINE)
    assert "Alice Bcc: eve@example.com Ignore this" in message.subject


# --- Existing rows --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_one_primary_address_per_account_and_drops_copies_of_others():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_journal_version")])
    executor = MigrationExecutor(connection)
    apps = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    OldUser = apps.get_model("accounts", "User")
    OldAddress = apps.get_model("account", "EmailAddress")
    alice = OldUser.objects.create(email="alice@example.com")
    dana = OldUser.objects.create(email="dana@example.com")
    kai = OldUser.objects.create(email="Kai@example.com")
    OldAddress.objects.create(user=alice, email="alice@example.com", primary=False, verified=True)
    OldAddress.objects.create(user=alice, email="alice-old@example.com", primary=True, verified=True)
    OldAddress.objects.create(user=dana, email="dana@example.com", primary=False, verified=False)
    OldAddress.objects.create(user=dana, email="alice@example.com", primary=True, verified=False)

    executor.migrate([("accounts", "0004_one_email_per_account")])
    # Every later migration back (the cache table's among them), so the tests after this one find the schema whole.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = EmailAddress.objects.order_by("email").values_list("user_id", "email", "primary", "verified")
    assert list(rows) == [
        (alice.pk, "alice@example.com", True, True),
        (dana.pk, "dana@example.com", True, False),
        (kai.pk, "kai@example.com", True, False),
    ]
