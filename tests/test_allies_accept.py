"""/invite/<token>/: what a person sees before they say yes or no."""

import pytest

from allies import services
from allies.models import AllyLink, Invitation
from tests.factories import PASSWORD, make_user
from tests.helpers import confirmation_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def ally(db):
    """Bob, the invited address, verified: the one account an emailed invitation to him admits."""
    return make_user("bob@example.com", timezone="America/New_York", verified=True)


@pytest.fixture
def token(owner):
    _, raw = services.invitation_create(owner=owner, email="bob@example.com", message="You notice things.")
    return raw


def test_the_invitation_says_who_is_asking_and_what_an_ally_sees(client, token):
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alice invited you to be an ally" in html
    assert "You notice things." in html
    assert "You won't see anything else" in html
    assert "moods, hard days, weekly reflections" in html


def test_the_invitation_page_never_sends_a_referrer(client, ally, token):
    assert client.get(f"/invite/{token}/")["Referrer-Policy"] == "no-referrer"
    assert client.get("/invite/not-a-real-token/")["Referrer-Policy"] == "no-referrer"
    client.force_login(ally)
    assert client.get(f"/invite/{token}/")["Referrer-Policy"] == "no-referrer"
    assert client.post(f"/invite/{token}/", {"decision": "accept"})["Referrer-Policy"] == "no-referrer"


def test_a_visitor_is_offered_sign_up_and_log_in_that_come_back_here(client, token):
    html = client.get(f"/invite/{token}/").content.decode()
    assert f'href="/accounts/signup/?next=%2Finvite%2F{token}%2F"' in html
    assert f'href="/accounts/login/?next=%2Finvite%2F{token}%2F"' in html
    assert ">Decline</button>" in html
    assert ">Accept</button>" not in html


def test_a_visitor_who_presses_accept_is_sent_to_log_in_first(client, token):
    response = client.post(f"/invite/{token}/", {"decision": "accept"})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=%2Finvite%2F{token}%2F"
    assert not AllyLink.objects.exists()


def test_signing_up_from_the_invitation_comes_back_to_it(client, token, mailoutbox):
    client.post(
        f"/accounts/signup/?next=/invite/{token}/",
        {"email": "bob@example.com", "password1": PASSWORD, "timezone": "UTC", "next": f"/invite/{token}/"},
    )
    response = client.post(confirmation_link(mailoutbox[-1]))
    assert response.status_code == 302
    assert response["Location"] == f"/invite/{token}/"
    # Following the emailed link verified the address, so the invitation can be accepted.
    assert ">Accept</button>" in client.get(f"/invite/{token}/").content.decode()


def test_logging_in_from_the_invitation_comes_back_to_it(client, ally, token):
    response = client.post(
        f"/accounts/login/?next=/invite/{token}/",
        {"login": ally.email, "password": PASSWORD, "next": f"/invite/{token}/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/invite/{token}/"


def test_a_logged_in_person_sees_accept_and_decline(client, ally, token):
    client.force_login(ally)
    html = client.get(f"/invite/{token}/").content.decode()
    assert ">Accept</button>" in html
    assert ">Decline</button>" in html


def test_accepting_welcomes_the_new_ally_to_the_shared_space(client, owner, ally, token):
    client.force_login(ally)
    response = client.post(f"/invite/{token}/", {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You&#x27;re now Alice&#x27;s ally." in html
    assert "Alice's shared space" in html


def test_accepting_keeps_the_scope_the_owner_chose(client, owner, ally):
    _, raw = services.invitation_create(owner=owner, email="bob@example.com", scope="notes_only")
    client.force_login(ally)
    assert "You'll see what Alice would like to ask you." in client.get(f"/invite/{raw}/").content.decode()
    client.post(f"/invite/{raw}/", {"decision": "accept"})
    assert AllyLink.objects.get().scope == "notes_only"


def test_declining_creates_nothing_and_says_so_kindly(client, token):
    response = client.post(f"/invite/{token}/", {"decision": "decline"}, follow=True)
    assert "You declined Alice&#x27;s invitation. Nothing was shared." in response.content.decode()
    assert Invitation.objects.get().declined_at is not None
    assert not AllyLink.objects.exists()


def test_a_nonsense_decision_changes_nothing(client, ally, token):
    client.force_login(ally)
    response = client.post(f"/invite/{token}/", {"decision": "maybe"})
    assert response.status_code == 200
    assert not AllyLink.objects.exists()
    assert Invitation.objects.get().is_pending


def test_the_owner_cannot_decline_their_own_invitation(client, owner, token):
    client.force_login(owner)
    client.post(f"/invite/{token}/", {"decision": "decline"})
    assert Invitation.objects.get().is_pending


@pytest.fixture
def csrf_client(ally):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ally)
    return client


def _csrf_token(client, token):
    client.get(f"/invite/{token}/")
    return client.cookies["csrftoken"].value


def test_accepting_works_with_the_null_origin_a_no_referrer_page_sends(csrf_client, token):
    csrf = _csrf_token(csrf_client, token)
    response = csrf_client.post(
        f"/invite/{token}/", {"decision": "accept", "csrfmiddlewaretoken": csrf}, headers={"Origin": "null"}
    )
    assert response.status_code == 302
    assert AllyLink.objects.count() == 1


def test_a_null_origin_without_the_csrf_token_is_refused(csrf_client, token):
    _csrf_token(csrf_client, token)
    response = csrf_client.post(f"/invite/{token}/", {"decision": "accept"}, headers={"Origin": "null"})
    assert response.status_code == 403
    assert not AllyLink.objects.exists()


def test_another_sites_origin_is_refused_even_with_a_token(csrf_client, token):
    csrf = _csrf_token(csrf_client, token)
    response = csrf_client.post(
        f"/invite/{token}/",
        {"decision": "accept", "csrfmiddlewaretoken": csrf},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert not AllyLink.objects.exists()


def test_the_invitation_page_logs_out_through_a_link_not_a_form(client, ally, token):
    client.force_login(ally)
    html = client.get(f"/invite/{token}/").content.decode()
    assert '<a href="/accounts/logout/">Log out</a>' in html
    assert 'action="/accounts/logout/"' not in html
