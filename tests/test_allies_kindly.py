"""Allies, kindly: an invitation survives sign-up, a supporter starts in the space, a closed space says so gently."""

import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from allies import services
from allies.models import AllyLink
from tests.factories import PASSWORD, make_ally_link, make_ally_note, make_user, make_win
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def emailed_link(message) -> str:
    """The path and query of the confirmation link in an email, as a person's email app would open it."""
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)


def without_per_request_values(response) -> str:
    # Each page masks its CSRF token and draws a nonce afresh; nothing else may differ.
    fresh = r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value="|nonce=")[^"]+'
    return re.sub(fresh, r"\1", response.content.decode())


@pytest.fixture
def token(owner):
    _, raw = services.invitation_create(owner=owner, email="robin@example.com", message="You notice things.")
    return raw


def sign_up_from(client: Client, invite_path: str):
    return client.post(
        f"/accounts/signup/?next={invite_path}",
        {"email": "robin@example.com", "password1": PASSWORD, "timezone": "UTC", "next": invite_path},
    )


# --- Signing up from an invitation --------------------------------------------------------


def test_sign_up_sends_a_verification_email(client, mailoutbox):
    response = client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD, "timezone": "UTC"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@example.com"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_logging_in_does_not_wait_for_the_address_to_be_confirmed(client):
    person = make_user("unconfirmed@example.com")
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_confirmation_link_from_an_invitation_sign_up_carries_the_invitation(client, token, mailoutbox):
    sign_up_from(client, f"/invite/{token}/")
    link = emailed_link(mailoutbox[-1])
    assert link.endswith(f"?next=%2Finvite%2F{token}%2F")


def test_a_link_opened_on_another_device_leads_back_to_the_invitation(client, token, mailoutbox):
    sign_up_from(client, f"/invite/{token}/")
    phone = Client()  # the email app's browser: no session from the sign-up
    link = emailed_link(mailoutbox[-1])
    page = phone.get(link)
    assert f'<input type="hidden" name="next" value="/invite/{token}/">' in page.content.decode()
    response = phone.post(link.split("?")[0], {"next": f"/invite/{token}/"})
    assert response.status_code == 302
    assert response["Location"] == f"/invite/{token}/"


def test_a_next_to_another_site_is_never_put_in_a_confirmation_link(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "timezone": "UTC", "next": "https://elsewhere.example/"},
    )
    assert "next=" not in emailed_link(mailoutbox[-1])


def test_verifying_from_the_invitation_sends_a_link_that_leads_back_to_it(client, token, mailoutbox):
    robin = make_user("robin@example.com")
    EmailAddress.objects.create(user=robin, email=robin.email, primary=True, verified=False)
    client.force_login(robin)
    page = client.get(f"/invite/{token}/").content.decode()
    assert f'<input type="hidden" name="next" value="/invite/{token}/">' in page
    client.post(f"/invite/{token}/", {"decision": "verify", "next": f"/invite/{token}/"})
    link = emailed_link(mailoutbox[-1])
    assert link.endswith(f"?next=%2Finvite%2F{token}%2F")
    assert client.post(link.split("?")[0], {"next": f"/invite/{token}/"})["Location"] == f"/invite/{token}/"
    assert ">Accept</button>" in client.get(f"/invite/{token}/").content.decode()


def test_an_ally_who_signed_up_accepts_and_lands_in_the_space(client, owner, token, mailoutbox):
    sign_up_from(client, f"/invite/{token}/")
    assert client.post(emailed_link(mailoutbox[-1]).split("?")[0])["Location"] == f"/invite/{token}/"
    response = client.post(f"/invite/{token}/", {"decision": "accept"})
    link = AllyLink.objects.get(owner=owner)
    assert response["Location"] == f"/allies/{link.code}/"
    assert "Alice's shared space" in text_of(client.get(response["Location"]))


# --- Where a supporter starts ---------------------------------------------------------------


def log_in(client: Client, person, **extra):
    return client.post("/accounts/login/", {"login": person.email, "password": PASSWORD, **extra})


def test_someone_who_only_supports_starts_in_the_space_after_logging_in(client, owner, ally):
    link = make_ally_link(owner, ally)
    assert log_in(client, ally)["Location"] == f"/allies/{link.code}/"


def test_someone_supporting_several_people_starts_on_the_allies_page(client, owner, ally, stranger):
    make_ally_link(owner, ally)
    make_ally_link(stranger, ally)
    assert log_in(client, ally)["Location"] == "/allies/"


def test_a_supporter_with_wins_of_their_own_starts_on_today(client, owner, ally):
    make_ally_link(owner, ally)
    make_win(ally, "My own small thing")
    assert log_in(client, ally)["Location"] == "/"


def test_a_deleted_win_does_not_make_a_journal_of_ones_own(client, owner, ally):
    link = make_ally_link(owner, ally)
    make_win(ally, "Gone").soft_delete()
    assert log_in(client, ally)["Location"] == f"/allies/{link.code}/"


def test_a_log_in_with_somewhere_to_go_still_goes_there(client, owner, ally):
    make_ally_link(owner, ally)
    assert log_in(client, ally, next="/goals/")["Location"] == "/goals/"


def test_someone_nobody_shares_with_starts_on_today(client, ally):
    assert log_in(client, ally)["Location"] == "/"


# --- A space that is closed ------------------------------------------------------------------


@pytest.fixture
def removed(owner, ally):
    """Bob was Alice's ally and left a note; then Alice removed him."""
    link = make_ally_link(owner, ally)
    make_win(owner, "Walked around the block", shared_with_allies=True)
    make_ally_note(owner, ally, "You seem lighter")
    services.ally_remove(link=link)
    return link


def test_a_removed_ally_gets_a_kind_page_that_says_nothing_about_the_owner(client, owner, ally, removed):
    client.force_login(ally)
    response = client.get(f"/allies/{removed.code}/")
    assert response.status_code == 404
    body = text_of(response)
    assert "You no longer have access to this space" in body
    assert 'data-testid="space-closed"' in body
    for detail in (owner.name, owner.email, "Walked around the block", "You seem lighter"):
        assert detail not in body
    assert "We couldn't find that page" not in body


def test_a_stranger_gets_the_same_page_as_a_removed_ally(client, stranger, removed):
    client.force_login(stranger)
    guessed = client.get(f"/allies/{uuid.uuid4()}/")
    old = client.get(f"/allies/{removed.code}/")
    assert guessed.status_code == old.status_code == 404
    assert without_per_request_values(guessed) == without_per_request_values(old)


def test_someone_elses_live_space_answers_the_same_kind_404(client, owner, ally, stranger):
    link = make_ally_link(owner, ally)
    client.force_login(stranger)
    response = client.get(f"/allies/{link.code}/")
    assert response.status_code == 404
    assert "You no longer have access to this space" in text_of(response)
    assert owner.name not in text_of(response)


@pytest.mark.parametrize("path", ["", "leave/", "notes/{note}/edit/"])
def test_every_page_of_a_closed_space_is_the_kind_page(client, owner, ally, removed, path):
    note = make_ally_note(owner, ally)
    client.force_login(ally)
    response = client.get(f"/allies/{removed.code}/" + path.format(note=note.code))
    assert response.status_code == 404
    assert "You no longer have access to this space" in text_of(response)


def test_a_button_pressed_on_a_page_opened_before_the_removal_shows_the_kind_page(client, owner, ally, removed):
    note = make_ally_note(owner, ally)
    client.force_login(ally)
    response = client.post(f"/allies/{removed.code}/notes/{note.code}/delete/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"/allies/{removed.code}/"
    assert client.post(f"/allies/{removed.code}/notes/{note.code}/delete/").status_code == 404


def test_a_visitor_is_still_asked_to_log_in_first(client, removed):
    response = client.get(f"/allies/{removed.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
