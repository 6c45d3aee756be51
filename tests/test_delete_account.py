"""Deleting an account removes every row the person owns, and nothing of anyone else's."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ForeignKey
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.services import account_delete
from background.models import Email
from journal.models import Goal, Reflection, Win
from tests.factories import PASSWORD, make_ally_link, make_ally_note, make_photo_win, make_win
from tests.helpers import refusing_mail_server

pytestmark = pytest.mark.django_db


def logged_in_client(user, agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.get("/account/")
    return client


def every_row() -> dict[str, set]:
    """The primary keys in every table the project has, including many-to-many tables."""
    return {
        model._meta.label: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
    }


def rows_of(user_id: int) -> dict[str, set]:
    """Every row that points at the person, or at a row of theirs (a goal's completions), and their sessions."""
    models = apps.get_models(include_auto_created=True)
    owned: dict[str, set] = {"accounts.User": set(User.objects.filter(pk=user_id).values_list("pk", flat=True))}
    while True:
        grew = False
        for model in models:
            label = model._meta.label
            for field in model._meta.get_fields():
                if not isinstance(field, ForeignKey):
                    continue
                targets = {user_id} if field.related_model is User else owned.get(field.related_model._meta.label)
                if not targets:
                    continue
                pks = set(model._base_manager.filter(**{f"{field.name}__in": targets}).values_list("pk", flat=True))
                if not pks <= owned.get(label, set()):
                    owned[label] = owned.get(label, set()) | pks
                    grew = True
        if not grew:
            break
    sessions = {s.session_key for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_id)}
    if sessions:
        owned["sessions.Session"] = sessions
    return {label: pks for label, pks in owned.items() if pks}


def current_totp(secret: str) -> str:
    counter = int(timezone.now().timestamp()) // 30
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def full_life(owner, ally, stranger, media):
    """The owner's journal and ties in every direction, plus the ally's and a stranger's own lives."""
    from allies.models import AccessLog
    from allies.services import invitation_create

    make_win(owner, "Morning walk")
    make_photo_win(owner, "The sea, in a photo")
    Goal.objects.create(owner=owner, text="Step outside").complete(owner.local_today())
    make_win(owner, "Deleted but in the undo window", deleted_at=timezone.now())
    Reflection.objects.create(owner=owner, week_start=datetime.date(2024, 1, 1), what_helped="Walks")
    make_ally_link(owner, ally)
    make_ally_link(ally, owner)
    make_ally_note(owner, ally, "Noticed you smiling")
    make_ally_note(ally, owner, "Proud of you")
    invitation_create(owner=owner, email="someone@example.com")
    accepted, _ = invitation_create(owner=ally, email=owner.email)
    accepted.accepted_at, accepted.accepted_by = timezone.now(), owner
    accepted.save()
    AccessLog.objects.create(owner=owner, ally=ally)
    AccessLog.objects.create(owner=ally, ally=owner)
    EmailAddress.objects.create(user=owner, email=owner.email, primary=True, verified=True)
    RecoveryCodes.activate(owner)

    make_win(ally, "Ally's own win")
    make_photo_win(ally, "The ally's photo")
    Reflection.objects.create(owner=ally, week_start=datetime.date(2024, 1, 1), what_helped="Ally's own words")
    invitation_create(owner=ally, email="another@example.com")
    make_win(stranger, "Stranger's win")
    make_ally_link(stranger, ally)
    make_ally_note(stranger, ally, "To the stranger, from the ally")
    return owner


def test_visitor_is_sent_to_log_in(client):
    response = client.get("/account/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_explains_what_goes_and_asks_for_the_password(owner_client):
    body = owner_client.get("/account/delete/").content.decode()
    assert "What will be deleted" in body
    assert "Every win you logged" in body
    assert 'type="password"' in body and 'name="password"' in body
    assert ">Delete my account</button>" in body
    assert 'name="code"' not in body


def test_a_wrong_password_deletes_nothing_and_says_so_kindly(owner_client, owner):
    make_win(owner)
    response = owner_client.post("/account/delete/", {"password": "not it"})
    assert response.status_code == 200
    assert "That password isn&#x27;t right. Please try again." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    assert Win.objects.filter(owner=owner).exists()


def test_deleting_removes_every_row_the_person_owns_and_nothing_else(
    full_life, ally, stranger, media, mailoutbox, django_capture_on_commit_callbacks
):
    owner = full_life
    browser = logged_in_client(owner)
    other_device = logged_in_client(owner, agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1")
    ally_browser = logged_in_client(ally)
    owner_id = owner.pk

    owned = rows_of(owner_id)
    before = every_row()
    assert {
        "journal.Win",
        "journal.Reflection",
        "journal.Goal",
        "allies.AllyLink",
        "allies.AllyNote",
        "allies.Invitation",
        "allies.AccessLog",
        "sessions.Session",
        "usersessions.UserSession",
        "mfa.Authenticator",
        "account.EmailAddress",
        "accounts.User",
    } <= set(owned)
    assert len(owned["journal.Win"]) == 4  # the soft-deleted one too
    photo_files = {path.name for path in media.rglob("*.jpg")}
    assert len(photo_files) == 4  # two photos, two thumbnails
    assert len(owned["sessions.Session"]) >= 2

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/account/delete/", {"password": PASSWORD})

    after = every_row()
    goodbye = after.pop("background.Email") - before.pop("background.Email")
    for table, pks in before.items():
        removed = pks - after[table]
        assert removed == owned.get(table, set()), f"{table}: removed {removed}, owned {owned.get(table, set())}"
        assert not after[table] - pks, f"{table} gained rows"
    # The one row gained is the outbox's goodbye email, sent, and holding neither address nor words.
    assert list(Email.objects.filter(pk__in=goodbye).values_list("status", "message")) == [(Email.Status.SENT, {})]
    assert rows_of(owner_id) == {}

    assert response.status_code == 302 and response["Location"] == "/account/goodbye/"
    assert "_auth_user_id" not in browser.session
    assert other_device.get("/account/").status_code == 302
    assert ally_browser.get("/account/").status_code == 200
    assert sorted(Win.objects.filter(owner=ally).values_list("text", flat=True)) == [
        "Ally's own win",
        "The ally's photo",
    ]
    ally_photo = Win.objects.get(owner=ally, text="The ally's photo")
    assert {path.name for path in media.rglob("*.jpg")} == {
        ally_photo.photo.name.rsplit("/", 1)[1],
        ally_photo.photo_thumb.name.rsplit("/", 1)[1],
    }
    assert Win.objects.filter(owner=stranger).count() == 1

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]
    assert "deleted" in mailoutbox[0].subject


def test_the_goodbye_page_is_kind_and_logged_out(owner_client):
    response = owner_client.post("/account/delete/", {"password": PASSWORD}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your account is deleted" in body
    assert 'href="/crisis/"' in body
    assert "Log out" not in body


def test_no_email_leaves_if_the_deletion_does_not_commit(owner_client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        owner_client.post("/account/delete/", {"password": PASSWORD})
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_photo_files_stay_if_the_deletion_does_not_commit(owner, media, django_capture_on_commit_callbacks):
    win, owner_id = make_photo_win(owner, "The sea, in a photo"), owner.pk
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        account_delete(user=owner)
        raise RuntimeError("the database went away before the commit")
    assert User.objects.filter(pk=owner_id).exists()
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*.jpg")) == sorted(win.photo_files)


def test_with_two_factor_on_the_code_is_needed_too(owner_client, owner):
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    body = owner_client.get("/account/delete/").content.decode()
    assert 'name="code"' in body and 'autocomplete="one-time-code"' in body

    response = owner_client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = owner_client.post("/account/delete/", {"password": PASSWORD, "code": "000000"})
    assert "That code isn&#x27;t right." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()

    response = owner_client.post("/account/delete/", {"password": PASSWORD, "code": current_totp(secret)})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Authenticator.objects.exists()


def test_a_recovery_code_works_instead_of_the_app(owner_client, owner):
    TOTP.activate(owner, generate_totp_secret())
    codes = RecoveryCodes.activate(owner).get_unused_codes()
    response = owner_client.post("/account/delete/", {"password": PASSWORD, "code": codes[0]})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()


def test_guessing_the_password_is_slowed_down(owner_client, owner):
    for _ in range(10):
        owner_client.post("/account/delete/", {"password": "guess"})
    response = owner_client.post("/account/delete/", {"password": PASSWORD})
    assert "Please wait a minute and try again." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()


def answer_to(client, password: str, code: str) -> str:
    """The page a delete attempt answers, less what differs on every answer anyway.

    That is the fresh CSRF token and script nonce, and the typed code, which the
    form keeps in its field.
    """
    response = client.post("/account/delete/", {"password": password, "code": code})
    assert response.status_code == 200
    page = response.content.decode().replace(f'value="{code}"', 'value="typed"')
    page = re.sub(r'nonce="[^"]+"', 'nonce=""', page)
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page)


def test_once_the_password_throttle_holds_no_code_is_checked(owner_client, owner):
    # The review's oracle: wrong passwords until the throttle fires, then the
    # right password with a wrong and with a right code answered differently.
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    for _ in range(10):
        owner_client.post("/account/delete/", {"password": "guess", "code": "000000"})

    wrong_code = answer_to(owner_client, PASSWORD, "000000")
    right_code = answer_to(owner_client, PASSWORD, current_totp(secret))
    assert wrong_code == right_code
    assert "Please wait a minute and try again." in right_code
    assert "That code isn&#x27;t right." not in right_code
    assert User.objects.filter(pk=owner.pk).exists()


def test_a_code_is_not_checked_beside_a_wrong_password(owner_client, owner):
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    wrong_code = answer_to(owner_client, "guess", "000000")
    right_code = answer_to(owner_client, "guess", current_totp(secret))
    assert wrong_code == right_code
    assert "That password isn&#x27;t right." in wrong_code
    assert "That code isn&#x27;t right." not in wrong_code


def test_emails_still_waiting_for_the_person_go_with_their_account(owner, settings, django_capture_on_commit_callbacks):
    refusing_mail_server(settings)  # so they wait in the outbox
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Your week", "The words of your week", None, ["Alice@Example.com"])
        send_mail("Hello", "For someone else", None, ["sam@example.com"])
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=owner)
    left = [email.message["body"] for email in Email.objects.filter(status=Email.Status.WAITING)]
    assert sorted(left) == ["For someone else", render_to_string("accounts/email/account_deleted.txt")]
