"""Who may accept an invitation: an emailed one only by its address, verified; a copied link by whoever holds it.

Replays of the review's finding (issue 12, low): an emailed invitation link used
to make any logged-in account the owner's ally. Also: the owner hears who
accepted, and a deleted account's address leaves others' invitations.
"""

import re

import pytest
from allauth.account.models import EmailAddress

from allies import services
from allies.models import AllyLink, Delivery, Invitation
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def emailed(owner):
    """Alice emails Bob an invitation: (invitation, token)."""
    return services.invitation_create(owner=owner, email="bob@example.com", message="You notice things.")


@pytest.fixture
def sent(mailoutbox):
    """Every email that left, including those sent after their transaction committed (see `_accept`)."""
    return mailoutbox


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action as if its transaction committed, so its after-commit emails leave."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def answer(committed):
    """Press a button on the invitation page."""

    def press(client, token, decision="accept"):
        return committed(client.post, f"/invite/{token}/", {"decision": decision})

    return press


def _to(mails, address):
    return [mail for mail in mails if mail.to == [address]]


# --- An emailed invitation ----------------------------------------------------


def test_a_stranger_with_the_emailed_link_is_refused_and_no_link_is_made(client, owner, emailed, sent, answer):
    invitation, token = emailed
    client.force_login(make_user("eve@example.com", verified=True))
    html = client.get(f"/invite/{token}/").content.decode()
    assert ">Accept</button>" not in html

    response = answer(client, token)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This invitation is for another email address" in html
    assert "Alice sent it to b•••@example.com, and only that address can accept it." in html
    assert "bob@example.com" not in html  # the full address is never handed to whoever holds the link
    assert not AllyLink.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert _to(sent, owner.email) == []


def test_the_invited_address_verified_accepts_and_the_owner_hears_who(client, owner, emailed, sent, answer):
    _, token = emailed
    bob = make_user("bob@example.com", display_name="Bob", verified=True)
    client.force_login(bob)
    assert ">Accept</button>" in client.get(f"/invite/{token}/").content.decode()

    response = answer(client, token)
    link = AllyLink.objects.get()
    assert (link.owner, link.ally) == (owner, bob)
    assert response["Location"] == f"/allies/{link.code}/"
    [told] = _to(sent, owner.email)
    assert told.subject == "Bob is now your ally on Small Wins"
    assert "Bob (bob@example.com) accepted your invitation sent to bob@example.com" in told.body
    assert "http://testserver/allies/" in told.body


def test_the_invited_address_matches_whatever_its_case(client, owner, sent, answer):
    _, token = services.invitation_create(owner=owner, email="Bob@Example.COM")
    client.force_login(make_user("bob@example.com", verified=True))
    answer(client, token)
    assert AllyLink.objects.filter(owner=owner).count() == 1


def test_an_unverified_account_with_the_address_is_refused_kindly_with_a_way_to_verify(
    client, owner, emailed, sent, answer
):
    _, token = emailed
    bob = make_user("bob@example.com")
    EmailAddress.objects.create(user=bob, email=bob.email, primary=True, verified=False)
    client.force_login(bob)

    response = answer(client, token)
    assert response.status_code == 200
    html = response.content.decode()
    assert "One step first: verify your email address" in html
    assert ">Send me a verification email</button>" in html
    assert ">Accept</button>" not in html
    assert not AllyLink.objects.exists()
    assert _to(sent, owner.email) == []

    # The way on: allauth's verification email, its link, then Accept.
    response = answer(client, token, "verify")
    assert response.status_code == 302
    assert response["Location"] == f"/invite/{token}/"
    [verification] = _to(sent, "bob@example.com")
    key_url = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", verification.body).group(1)
    client.post(key_url)
    assert EmailAddress.objects.get(user=bob).verified
    answer(client, token)
    assert AllyLink.objects.filter(owner=owner, ally=bob).exists()
    assert len(_to(sent, owner.email)) == 1


def test_an_account_whose_address_has_no_allauth_row_yet_can_still_verify_it(client, owner, emailed, sent, answer):
    _, token = emailed
    bob = make_user("bob@example.com")  # made the way the admin makes people: no address row
    client.force_login(bob)
    assert ">Send me a verification email</button>" in answer(client, token).content.decode()
    answer(client, token, "verify")
    assert len(_to(sent, "bob@example.com")) == 1
    assert EmailAddress.objects.filter(user=bob, email="bob@example.com", verified=False).exists()


def test_asking_for_verification_from_another_address_sends_nothing(client, emailed, sent, answer):
    _, token = emailed
    client.force_login(make_user("eve@example.com"))
    response = answer(client, token, "verify")
    assert response.status_code == 200
    assert "This invitation is for another email address" in response.content.decode()
    assert _to(sent, "eve@example.com") == [] and _to(sent, "bob@example.com") == []


def test_a_visitor_is_told_which_address_to_use(client, emailed):
    _, token = emailed
    html = client.get(f"/invite/{token}/").content.decode()
    assert "This invitation was sent to b•••@example.com." in html
    assert "log in</a> with that address" in html


# --- A copied link --------------------------------------------------------------


def test_a_copied_link_is_accepted_by_whoever_holds_it_and_the_owner_hears_who(client, owner, sent, committed, answer):
    invitation, token = committed(services.invitation_create, owner=owner, delivery=Delivery.LINK)
    assert invitation.email == ""
    assert sent == []  # nothing is emailed for a link the owner sends themselves
    eve = make_user("eve@example.com", display_name="Eve")  # not even verified
    client.force_login(eve)
    response = answer(client, token)
    assert response.status_code == 302
    assert AllyLink.objects.get().ally == eve
    [told] = sent
    assert told.to == [owner.email]
    assert "Eve (eve@example.com) accepted your invitation link" in told.body


def test_the_owner_can_make_a_copy_link_from_the_allies_page(owner_client, owner, sent, committed):
    form = {"delivery": "link", "email": "", "message": "", "scope": "notes_only"}
    response = committed(owner_client.post, "/allies/", form)
    html = response.content.decode()
    assert "Your invitation link is ready." in html
    assert re.search(r'data-testid="invite-link">http://testserver/invite/[^/<]+/<', html)
    invitation = Invitation.objects.get()
    assert (invitation.delivery, invitation.email, invitation.scope) == ("link", "", "notes_only")
    assert sent == []
    assert "A link you send yourself" in owner_client.get("/allies/").content.decode()


def test_an_emailed_invitation_needs_an_address(owner_client):
    response = owner_client.post("/allies/", {"delivery": "email", "email": "", "message": "Hi", "scope": "notes_only"})
    assert "Add the email address of the person you&#x27;d like to invite." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_refused_or_spent_accept_never_emails_the_owner(client, owner, emailed, sent, answer):
    _, token = emailed
    client.force_login(make_user("bob@example.com", verified=True))
    answer(client, token)
    answer(client, token)  # already an ally
    client.force_login(make_user("eve@example.com", verified=True))
    answer(client, token)  # already used
    assert len(_to(sent, owner.email)) == 1


# --- Deleting an account ----------------------------------------------------------


def test_deleting_an_account_removes_others_invitations_to_its_address(client, owner, stranger):
    bob = make_user("bob@example.com", verified=True)
    _, token = services.invitation_create(owner=owner, email="bob@example.com")
    services.invitation_create(owner=stranger, email="BOB@example.com")
    kept, _ = services.invitation_create(owner=owner, email="someone@example.com")
    copied, _ = services.invitation_create(owner=owner, delivery=Delivery.LINK)
    services.invitation_create(owner=bob, email="dana@example.com")  # their own goes with them

    client.force_login(bob)
    client.post("/account/delete/", {"password": PASSWORD})

    assert set(Invitation.objects.values_list("pk", flat=True)) == {kept.pk, copied.pk}
    # A later account with the same address finds nothing waiting: the owner chooses again.
    client.force_login(make_user("bob@example.com", verified=True))
    assert "We couldn't find this invitation" in client.get(f"/invite/{token}/").content.decode()


def test_deleting_an_account_with_an_unverified_address_leaves_others_invitations_alone(client, owner):
    # Otherwise anyone could cancel Alice's invitation to Carol by signing up as carol@ and leaving.
    invitation, _ = services.invitation_create(owner=owner, email="carol@example.com")
    mallory = make_user("carol@example.com")
    EmailAddress.objects.create(user=mallory, email=mallory.email, primary=True, verified=False)
    client.force_login(mallory)
    client.post("/account/delete/", {"password": PASSWORD})
    invitation.refresh_from_db()
    assert invitation.is_pending
