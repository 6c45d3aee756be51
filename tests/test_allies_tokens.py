"""Invitation tokens: one use, seven days, cancellable, unguessable, never logged."""

import datetime
import logging
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from allies import services
from allies.models import AllyLink, Delivery, Invitation
from tests.factories import make_ally_link, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ally(db):
    """Bob, the invited address, verified: the one account an emailed invitation to him admits."""
    return make_user("bob@example.com", timezone="America/New_York", verified=True)


@pytest.fixture
def invitation_and_token(owner):
    return services.invitation_create(owner=owner, email="bob@example.com", message="")


def _accept(client, token):
    return client.post(f"/invite/{token}/", {"decision": "accept"})


def test_an_invitation_makes_exactly_one_ally(client, owner, ally, invitation_and_token):
    invitation, token = invitation_and_token
    client.force_login(ally)
    response = _accept(client, token)
    link = AllyLink.objects.get()
    assert (link.owner, link.ally) == (owner, ally)
    assert response.status_code == 302
    assert response["Location"] == f"/allies/{link.code}/"
    invitation.refresh_from_db()
    assert invitation.accepted_by == ally
    assert invitation.accepted_at is not None


def test_a_used_link_cannot_be_used_again_by_someone_else(client, ally, invitation_and_token):
    _, token = invitation_and_token
    client.force_login(ally)
    _accept(client, token)
    client.force_login(make_user("eve@example.com"))
    response = _accept(client, token)
    assert response.status_code == 200
    assert "already been used" in response.content.decode()
    assert AllyLink.objects.count() == 1
    assert client.get(f"/invite/{token}/").content.decode().count("already been used") == 1


def test_pressing_accept_twice_says_you_are_already_an_ally(client, owner, ally, invitation_and_token):
    _, token = invitation_and_token
    client.force_login(ally)
    _accept(client, token)
    response = _accept(client, token)
    assert response.status_code == 200
    assert "You're already an ally" in response.content.decode()
    assert AllyLink.objects.count() == 1


def test_an_expired_link_grants_nothing(client, ally, invitation_and_token):
    invitation, token = invitation_and_token
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(ally)
    assert "has expired" in client.get(f"/invite/{token}/").content.decode()
    response = _accept(client, token)
    assert response.status_code == 200
    assert "has expired" in response.content.decode()
    assert not AllyLink.objects.exists()


def test_a_link_still_works_just_before_seven_days(client, ally, invitation_and_token):
    invitation, token = invitation_and_token
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    client.force_login(ally)
    _accept(client, token)
    assert AllyLink.objects.count() == 1


def test_a_cancelled_link_grants_nothing(client, owner, ally, invitation_and_token):
    invitation, token = invitation_and_token
    owner_client = client
    owner_client.force_login(owner)
    owner_client.post(f"/allies/invitations/{invitation.code}/cancel/")
    client.force_login(ally)
    assert "was cancelled" in client.get(f"/invite/{token}/").content.decode()
    assert "was cancelled" in _accept(client, token).content.decode()
    assert not AllyLink.objects.exists()


def test_a_declined_link_grants_nothing(client, ally, invitation_and_token):
    _, token = invitation_and_token
    response = client.post(f"/invite/{token}/", {"decision": "decline"})
    assert response.status_code == 302
    client.force_login(ally)
    assert "was declined" in _accept(client, token).content.decode()
    assert not AllyLink.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1],
        lambda t: t + "A",
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t.upper(),
        lambda t: "é" + t,
    ],
    ids=["shortened", "lengthened", "one-character-changed", "upper-cased", "unicode"],
)
def test_a_tampered_link_grants_nothing(client, ally, invitation_and_token, tamper):
    _, token = invitation_and_token
    client.force_login(ally)
    bad = tamper(token)
    assert "couldn't find this invitation" in client.get(f"/invite/{bad}/").content.decode()
    response = _accept(client, bad)
    assert response.status_code == 200
    assert "couldn't find this invitation" in response.content.decode()
    assert not AllyLink.objects.exists()


@pytest.mark.parametrize("token", ["nope", "x" * 400, "%00", "..", "' OR 1=1 --"])
def test_an_unknown_link_gets_a_kind_page_not_an_error(client, ally, token):
    client.force_login(ally)
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 200
    assert "ask the person who invited you to send a new one" in response.content.decode()
    assert _accept(client, token).status_code == 200
    assert not AllyLink.objects.exists()


def test_the_owner_cannot_accept_their_own_invitation(client, owner, invitation_and_token):
    invitation, token = invitation_and_token
    client.force_login(owner)
    assert "This is your own invitation" in client.get(f"/invite/{token}/").content.decode()
    response = _accept(client, token)
    assert response.status_code == 200
    assert "This is your own invitation" in response.content.decode()
    assert not AllyLink.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_pending, "the link still works for the person it was meant for"


def test_someone_already_an_ally_is_told_so_and_the_link_stays_open(client, owner, ally, invitation_and_token):
    invitation, token = invitation_and_token
    make_ally_link(owner, ally)
    client.force_login(ally)
    assert "You're already Alice's ally" in client.get(f"/invite/{token}/").content.decode()
    assert "You're already an ally" in _accept(client, token).content.decode()
    assert AllyLink.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_the_token_never_reaches_the_logs(client, ally, invitation_and_token, caplog):
    _, token = invitation_and_token
    unknown = "unknown-" + token[8:]
    with caplog.at_level(logging.DEBUG):
        client.get(f"/invite/{token}/")
        client.force_login(ally)
        client.get(f"/invite/{token}/")
        _accept(client, token)
        client.get(f"/invite/{token}/")
        client.get(f"/invite/{unknown}/")
        _accept(client, unknown)
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert AllyLink.objects.count() == 1
    assert token not in logged
    assert token[:20] not in logged
    assert unknown not in logged


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_acceptances_make_exactly_one_ally(owner):
    # A copied link, which anyone holding it may accept: fifty people try at once.
    invitation, token = services.invitation_create(owner=owner, delivery=Delivery.LINK)
    people = [make_user(f"crowd{n}@example.com") for n in range(50)]
    start = threading.Barrier(len(people))
    outcomes = []
    lock = threading.Lock()

    def accept(person):
        try:
            start.wait()
            try:
                services.invitation_accept(token=token, user=person)
                outcome = "ally"
            except services.InvitationUnavailable as problem:
                outcome = problem.reason
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 50
    assert outcomes.count("ally") == 1
    assert set(outcomes) == {"ally", "used"}
    assert AllyLink.objects.filter(owner=owner).count() == 1
    invitation.refresh_from_db()
    assert AllyLink.objects.get().ally == invitation.accepted_by
    connection.close()


def test_a_visitor_opening_a_used_or_cancelled_link_sees_the_kind_page(client, owner, ally, invitation_and_token):
    invitation, token = invitation_and_token
    Invitation.objects.filter(pk=invitation.pk).update(cancelled_at=timezone.now())
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 200
    assert "was cancelled" in response.content.decode()
    response = client.post(f"/invite/{token}/", {"decision": "decline"})
    assert response.status_code == 200
