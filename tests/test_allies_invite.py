"""The owner's Allies page: inviting, pending invitations, the ask."""

import datetime
import logging
import re

import pytest
from django.utils import timezone

from allies.models import Invitation, hash_token
from background.models import Email
from tests.factories import make_ally_link, make_ally_note, make_user
from tests.helpers import refusing_mail_server

pytestmark = pytest.mark.django_db


def _invite(client, email="sam@example.com", message="", scope="shared_wins", **extra):
    return client.post("/allies/", {"email": email, "message": message, "scope": scope, **extra})


def test_visitor_is_sent_to_log_in_for_the_allies_page(client):
    response = client.get("/allies/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/allies/")


def test_owner_sees_the_invite_form_and_their_default_ask(owner_client):
    response = owner_client.get("/allies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Send invite</button>" in html
    assert 'for="id_email"' in html
    assert "What have you noticed? Can you see me changing?" in html


def test_sending_an_invite_shows_the_link_once_and_stores_only_its_hash(
    owner_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(owner_client, message="You've always been there for me.")
    assert response.status_code == 200
    html = response.content.decode()
    link = re.search(r'data-testid="invite-link">(http://testserver/invite/([^/<]+)/)<', html)
    assert link, "the page shows the full invitation link"
    token = link.group(2)
    invitation = Invitation.objects.get()
    assert invitation.owner == owner
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    assert "no-store" in response["Cache-Control"]

    assert owner_client.get("/allies/").content.decode().count(token) == 0, "the link is never shown again"


def test_the_invitation_email_goes_out_after_commit_with_the_link(
    owner_client, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = _invite(owner_client, message="Would you be my ally?")
    assert mailoutbox == [], "nothing is sent before the commit"
    for callback in callbacks:
        callback()
    token = re.search(r"/invite/([^/<]+)/", response.content.decode()).group(1)
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["sam@example.com"]
    assert "Alice" in email.subject
    assert f"http://testserver/invite/{token}/" in email.body
    assert "Would you be my ally?" in email.body


def test_a_refused_invitation_email_waits_in_the_outbox_and_nothing_keeps_the_link_or_words(
    owner_client, settings, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    refusing_mail_server(settings)
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        response = _invite(owner_client, message="private words")
    assert response.status_code == 200
    token = re.search(r"/invite/([^/<]+)/", response.content.decode()).group(1)
    assert Invitation.objects.count() == 1
    assert mailoutbox == []
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.WAITING, 1), "delayed for another try, not lost"
    assert email.last_error.startswith("SMTPRecipientsRefused")
    for secret in (token, "private words", "sam@example.com"):
        assert secret not in caplog.text
        assert secret not in email.last_error


def test_inviting_yourself_gets_a_kind_message_and_keeps_the_text(owner_client, owner):
    response = _invite(owner_client, email="ALICE@example.com", message="Note to self")
    assert response.status_code == 200
    html = response.content.decode()
    assert "That&#x27;s your own address." in html
    assert 'value="ALICE@example.com"' in html
    assert "Note to self" in html
    assert not Invitation.objects.exists()


def test_inviting_someone_who_is_already_your_ally_gets_a_kind_message(owner_client, owner, ally):
    make_ally_link(owner, ally)
    response = _invite(owner_client, email="Bob@Example.com")
    assert response.status_code == 200
    assert "Bob is already one of your allies." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_mistyped_email_gets_a_kind_message(owner_client):
    response = _invite(owner_client, email="not an email")
    assert response.status_code == 200
    assert "doesn&#x27;t look like an email address" in response.content.decode()
    assert 'value="not an email"' in response.content.decode()


def test_a_new_invite_to_the_same_address_replaces_the_waiting_one(owner_client):
    _invite(owner_client)
    _invite(owner_client, email="SAM@example.com")
    assert Invitation.objects.count() == 2
    assert Invitation.objects.pending().count() == 1


def test_pending_invitations_are_listed_and_can_be_cancelled(owner_client, owner):
    _invite(owner_client)
    invitation = Invitation.objects.get()
    html = owner_client.get("/allies/").content.decode()
    assert 'data-testid="pending-invitation"' in html
    assert f"/allies/invitations/{invitation.code}/cancel/" in html

    response = owner_client.post(f"/allies/invitations/{invitation.code}/cancel/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    assert 'data-testid="pending-invitation"' not in owner_client.get("/allies/").content.decode()


def test_a_stranger_cannot_cancel_someone_elses_invitation(client, owner, stranger):
    invitation = Invitation.objects.create(owner=owner, email="sam@example.com", token_hash=hash_token("x"))
    client.force_login(stranger)
    assert client.post(f"/allies/invitations/{invitation.code}/cancel/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


def test_expired_invitations_are_not_listed_as_waiting(owner_client, owner):
    Invitation.objects.create(
        owner=owner,
        email="old@example.com",
        token_hash=hash_token("old"),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert "old@example.com" not in owner_client.get("/allies/").content.decode()


def test_owner_saves_a_new_ask(owner_client, owner):
    response = owner_client.post("/allies/ask/", {"ally_ask": "  Have I seemed calmer?  "})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.ally_ask == "Have I seemed calmer?"


def test_an_overlong_ask_gets_a_kind_message_and_keeps_the_text(owner_client, owner):
    response = owner_client.post("/allies/ask/", {"ally_ask": "x" * 1001})
    assert response.status_code == 200
    assert "under 1,000 characters" in response.content.decode()
    assert "x" * 1001 in response.content.decode()


def test_the_allies_page_lists_allies_with_their_last_look_in_the_owners_time_zone(owner_client, owner, ally):
    link = make_ally_link(owner, ally)
    # 13:05 UTC on a Tuesday is 14:05 in London in summer.
    looked = datetime.datetime(2025, 6, 3, 13, 5, tzinfo=datetime.UTC)
    link.last_viewed_at = looked
    link.save()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(owner), "local_today", lambda self: datetime.date(2025, 6, 5))
        html = owner_client.get("/allies/").content.decode()
    assert "Bob" in html
    assert "looked on Tuesday at 14:05" in html
    assert ">Remove ally</button>" in html


def test_an_ally_who_never_looked_says_so(owner_client, owner, ally):
    make_ally_link(owner, ally)
    assert "hasn&#x27;t looked yet" in owner_client.get("/allies/").content.decode()


def test_the_allies_page_lists_the_people_you_support(client, owner, ally):
    link = make_ally_link(owner, ally)
    client.force_login(ally)
    html = client.get("/allies/").content.decode()
    assert "People you support" in html
    assert f'href="/allies/{link.code}/"' in html


def test_the_allies_page_shows_every_note_newest_first(owner_client, owner, ally):
    make_ally_note(owner, ally, "First thing I noticed")
    make_ally_note(owner, ally, "Second thing I noticed")
    html = owner_client.get("/allies/").content.decode()
    assert html.index("Second thing I noticed") < html.index("First thing I noticed")
    assert html.count('data-testid="ally-note"') == 2


def test_the_allies_page_uses_a_constant_number_of_queries(owner_client, owner, django_assert_max_num_queries):
    def add_everything(n):
        for _ in range(n):
            person = make_user()
            make_ally_link(owner, person)
            make_ally_note(owner, person)
            make_ally_link(person, owner)
            Invitation.objects.create(owner=owner, email=f"{person.email}.x", token_hash=hash_token(person.email))

    add_everything(1)
    with django_assert_max_num_queries(20) as small:
        owner_client.get("/allies/")
    add_everything(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = owner_client.get("/allies/")
    assert response.content.decode().count('data-testid="ally"') == 9


def test_a_day_of_many_invitations_gets_a_gentle_limit(owner_client, owner):
    for n in range(20):
        Invitation.objects.create(owner=owner, email=f"p{n}@example.com", token_hash=hash_token(f"t{n}"))
    response = _invite(owner_client)
    assert response.status_code == 200
    assert "You&#x27;ve sent a lot of invitations today." in response.content.decode()
    assert Invitation.objects.count() == 20
