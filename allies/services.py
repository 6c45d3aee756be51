"""Actions that cross from one person to another: inviting, accepting, notes.

Each email is queued in the outbox inside the action's own transaction
(background/mail.py): a rolled-back action never sends one, the worker sends
it after the commit, and a slow or failing mail server neither slows the page
nor undoes what the person did. The worker retries it; its failures are
recorded by kind only: no addresses, no note text, no tokens.
"""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from journal.models import Win

from .models import INVITATION_LIFETIME, AddressCheck, AllyLink, AllyNote, Delivery, Invitation, Scope, hash_token


class InvitationUnavailable(Exception):
    """The link cannot be used. `reason` says why, in words the page can act on."""

    UNKNOWN = "unknown"
    USED = "used"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    EXPIRED = "expired"
    OWN = "own"
    ALREADY_ALLY = "already_ally"
    # An emailed invitation, and this account does not hold its address verified.
    UNVERIFIED = AddressCheck.UNVERIFIED
    ELSEWHERE = AddressCheck.ELSEWHERE

    def __init__(self, reason: str, invitation: Invitation | None = None, link: AllyLink | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation
        self.link = link


def _queue_email(*, subject: str, body: str, to: str) -> None:
    """Into the outbox as part of the current transaction; the worker sends it once that commits."""
    subject = " ".join(subject.split())  # a name with a line break must not break the header
    send_mail(subject, body, None, [to])


def invitation_find(*, token: str) -> Invitation:
    """The invitation a link's token opens, or InvitationUnavailable saying why not."""
    invitation = Invitation.objects.select_related("owner").filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationUnavailable(InvitationUnavailable.UNKNOWN)
    reason = {
        Invitation.Status.ACCEPTED: InvitationUnavailable.USED,
        Invitation.Status.CANCELLED: InvitationUnavailable.CANCELLED,
        Invitation.Status.DECLINED: InvitationUnavailable.DECLINED,
        Invitation.Status.EXPIRED: InvitationUnavailable.EXPIRED,
    }.get(invitation.status)
    if reason:
        raise InvitationUnavailable(reason, invitation)
    return invitation


def invitation_create(
    *,
    owner,
    email: str = "",
    message: str = "",
    scope: str = Scope.SHARED_WINS,
    delivery: str = Delivery.EMAIL,
    base_url: str | None = None,
) -> tuple[Invitation, str]:
    """A new invitation and its raw token, which is shown once and never stored.

    An emailed invitation goes to `email` and only that address can accept it;
    a copied link (`Delivery.LINK`) is addressed to no one and sends nothing.
    `base_url` (such as "https://smallwins.example") starts the link in the
    email; without it, SITE_URL does.
    """
    emailed = delivery == Delivery.EMAIL
    email = email if emailed else ""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if emailed:
            # A fresh link replaces any earlier one still waiting for the same person.
            Invitation.objects.pending().filter(owner=owner, email__iexact=email).update(cancelled_at=timezone.now())
        now = timezone.now()
        invitation = Invitation.objects.create(
            owner=owner,
            email=email,
            delivery=delivery,
            message=message,
            scope=scope,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        if emailed:
            url = (base_url or settings.SITE_URL).rstrip("/") + reverse("allies:invite", args=[token])
            ctx = {"owner": owner, "invitation": invitation, "url": url}
            _queue_email(
                subject=render_to_string("allies/email/invitation_subject.txt", ctx).strip(),
                body=render_to_string("allies/email/invitation_body.txt", ctx),
                to=invitation.email,
            )
    return invitation, token


def invitation_accept(*, token: str, user, allies_url: str | None = None) -> AllyLink:
    """Make `user` an ally of the person who invited them. A link works once, for one person.

    An emailed invitation is accepted only by the account holding its address,
    verified. The owner is always told who accepted: a copied link can reach
    someone they did not expect, and they can remove them at once from
    `allies_url` (their Allies page; SITE_URL's by default).
    """
    with transaction.atomic():
        invitation = invitation_find(token=token)
        owner = invitation.owner
        if owner.pk == user.pk:
            raise InvitationUnavailable(InvitationUnavailable.OWN, invitation)
        existing = AllyLink.objects.filter(owner=owner, ally=user).first()
        if existing:
            raise InvitationUnavailable(InvitationUnavailable.ALREADY_ALLY, invitation, existing)
        address = invitation.address_check(user)
        if address != AddressCheck.OK:
            raise InvitationUnavailable(address, invitation)
        now = timezone.now()
        # One conditional UPDATE: of any number of simultaneous redemptions,
        # exactly one sees a row still waiting and claims it.
        claimed = Invitation.objects.filter(
            pk=invitation.pk,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            declined_at__isnull=True,
            expires_at__gt=now,
        ).update(accepted_at=now, accepted_by=user)
        if claimed != 1:
            invitation.refresh_from_db()
            raise InvitationUnavailable(InvitationUnavailable.USED, invitation)
        link = AllyLink.objects.create(owner=owner, ally=user, scope=invitation.scope)
        url = allies_url or settings.SITE_URL.rstrip("/") + reverse("allies:index")
        ctx = {"owner": owner, "ally": user, "invitation": invitation, "link": link, "url": url}
        _queue_email(
            subject=render_to_string("allies/email/accepted_subject.txt", ctx).strip(),
            body=render_to_string("allies/email/accepted_body.txt", ctx),
            to=owner.email,
        )
        return link


def invitations_to_departing_address(*, user) -> int:
    """Remove other people's invitations to an account's verified addresses as the account is deleted.

    The address was this person's, and it goes with them. An invitation that
    was waiting goes too rather than stay open: the address may later belong to
    someone else, and the owner should choose again whom to invite. An address
    the account never verified is left alone, so that nobody can remove
    someone else's invitations by signing up with the address and deleting the
    account. Invitations another account accepted stay: they record that ally.
    """
    addresses = set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    to_them = Q(pk__in=[])
    for address in addresses:
        to_them |= Q(email__iexact=address)
    deleted, _ = (
        Invitation.objects.filter(to_them)
        .exclude(owner=user)
        .filter(Q(accepted_by__isnull=True) | Q(accepted_by=user))
        .delete()
    )
    return deleted


def invitation_decline(*, token: str) -> Invitation:
    """Say no, kindly. Anyone holding the link may decline; nothing is created."""
    with transaction.atomic():
        invitation = invitation_find(token=token)
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True).update(
            declined_at=timezone.now()
        )
        return invitation


def invitation_cancel(*, invitation: Invitation) -> None:
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )


def ally_remove(*, link: AllyLink) -> None:
    """End an ally's access at once. Their notes stay with the owner."""
    with transaction.atomic():
        AllyLink.objects.filter(pk=link.pk).delete()


def note_create(*, link: AllyLink, week_start, text: str, owner_url: str) -> AllyNote:
    """An ally leaves a note; the owner hears about it by email if they asked to."""
    with transaction.atomic():
        note = AllyNote.objects.create(owner=link.owner, author=link.ally, week_start=week_start, text=text)
        owner = link.owner
        if owner.email_on_ally_note:
            ctx = {"owner": owner, "ally": link.ally, "note": note, "url": owner_url}
            _queue_email(
                subject=render_to_string("allies/email/note_subject.txt", ctx).strip(),
                body=render_to_string("allies/email/note_body.txt", ctx),
                to=owner.email,
            )
    return note


def supporter_start_page(*, user) -> str | None:
    """Where someone whose journal is only a supporter's starts after logging in (two queries).

    Someone who came to support a person, and has logged no win of their own,
    starts in that person's shared space (on the allies page, which lists them
    all, when they support several). Anyone with a win of their own starts on Today.
    """
    codes = list(AllyLink.objects.filter(ally=user).order_by("created_at").values_list("code", flat=True)[:2])
    if not codes or Win.objects.owned_by(user).exists():
        return None
    return reverse("allies:space", args=[codes[0]]) if len(codes) == 1 else reverse("allies:index")
