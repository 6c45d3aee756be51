"""Allies: the people an owner trusts to see what they choose and to say what they notice.

Nothing here ever points at journal content except through `Win.shared_with_allies`:
an ally's view is built from shared wins and from notes, never from moods,
hard-day marks or reflections.
"""

import datetime
import hashlib
import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils import timezone

INVITATION_LIFETIME = datetime.timedelta(days=7)
NOTE_MAX_LENGTH = 1000


def hash_token(token: str) -> str:
    """The only form in which an invitation token is ever stored."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Scope(models.TextChoices):
    NOTES_ONLY = "notes_only", "Notes only"
    SHARED_WINS = "shared_wins", "Shared wins and notes"


class Delivery(models.TextChoices):
    # An emailed link is for one address; a copied link is for whoever the owner gives it to.
    EMAIL = "email", "We send the link to their address. Only that address can accept it."
    LINK = "link", "Show me a link to send myself. Whoever opens it can accept it."


class AddressCheck(models.TextChoices):
    """Whether a person may accept an invitation, as far as its address goes."""

    OK = "ok"
    UNVERIFIED = "unverified"  # their account holds the invited address, not yet verified
    ELSEWHERE = "elsewhere"  # the invitation was sent to another address


def _in_a_week():
    return timezone.now() + INVITATION_LIFETIME


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            declined_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent")
    delivery = models.CharField("How they get it", max_length=8, choices=Delivery.choices, default=Delivery.EMAIL)
    # Empty for a copied link: it is not addressed to anyone.
    email = models.EmailField("Email", blank=True)
    message = models.TextField("A personal message", blank=True, max_length=1000)
    scope = models.CharField("What they can see", max_length=16, choices=Scope.choices, default=Scope.SHARED_WINS)
    # SHA-256 of the token. The token itself only ever exists in the link.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_in_a_week)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="invitation_owner_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery="link") | ~models.Q(email=""), name="invitation_emailed_has_address"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation {self.code}"

    @property
    def masked_email(self) -> str:
        """Enough of the invited address for its holder to recognise it, not enough to hand it to anyone else."""
        local, _, domain = self.email.partition("@")
        return f"{local[:1]}•••@{domain}"

    def address_check(self, user) -> str:
        """Can `user` accept, as far as the address goes? A copied link: yes. An emailed one: only the
        account that holds the invited address, verified, since whoever holds the link may not be that person."""
        if self.delivery == Delivery.LINK:
            return AddressCheck.OK
        held = list(EmailAddress.objects.filter(user=user, email__iexact=self.email).values_list("verified", flat=True))
        if any(held):
            return AddressCheck.OK
        if held or user.email.lower() == self.email.lower():
            return AddressCheck.UNVERIFIED
        return AddressCheck.ELSEWHERE

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.declined_at:
            return self.Status.DECLINED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class AllyLink(models.Model):
    """One owner trusts one ally. Deleting the row ends the ally's access at once."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ally_links")
    ally = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporting")
    scope = models.CharField("What they can see", max_length=16, choices=Scope.choices, default=Scope.SHARED_WINS)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    # The owner's safety plan is theirs alone unless they tick this for this ally.
    sees_safety_plan = models.BooleanField("Let my allies see my safety plan", default=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "ally"], name="allylink_owner_ally_uniq"),
            models.CheckConstraint(condition=~models.Q(owner=models.F("ally")), name="allylink_not_self"),
        ]

    def __str__(self) -> str:
        return f"Ally link {self.code}"

    @property
    def sees_wins(self) -> bool:
        return self.scope == Scope.SHARED_WINS

    def record_visit(self) -> None:
        """Note that the ally looked (who and when, never what)."""
        now = timezone.now()
        AccessLog.objects.create(owner_id=self.owner_id, ally_id=self.ally_id, viewed_at=now)
        AllyLink.objects.filter(pk=self.pk).update(last_viewed_at=now)
        self.last_viewed_at = now

    def shared_wins_for_week(self, week_start: datetime.date):
        """The wins the owner chose to share in one week; none at all for notes-only allies."""
        from journal.models import Win

        if not self.sees_wins:
            return Win.objects.none()
        week_end = week_start + datetime.timedelta(days=6)
        return (
            Win.objects.owned_by(self.owner_id)
            .shared()
            .filter(occurred_on__range=(week_start, week_end))
            .only(
                "code",
                "text",
                "category",
                "occurred_on",
                "created_at",
                "photo",
                "photo_thumb",
                "thumb_width",
                "thumb_height",
            )
            .order_by("occurred_on", "created_at")
        )


class AllyNoteQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)

    def for_week(self, week_start: datetime.date):
        # A range rather than equality: if the owner later changes the day
        # their week starts on, notes still land on the week that holds them.
        return self.filter(week_start__range=(week_start, week_start + datetime.timedelta(days=6)))

    def shown_to(self, owner):
        """The notes the owner has not hidden, with their authors (for the journal's pages)."""
        return self.visible().filter(owner=owner).select_related("author")

    def for_week_page(self, owner, week_start: datetime.date) -> list:
        return list(self.shown_to(owner).for_week(week_start).order_by("created_at"))

    def for_report(self, owner, first: datetime.date, last: datetime.date) -> list:
        """Notes about any week that overlaps the days from `first` to `last`."""
        weeks = (first - datetime.timedelta(days=6), last)
        return list(self.shown_to(owner).filter(week_start__range=weeks).order_by("week_start", "created_at"))

    def answering(self, owner, words: list[str], limit: int = 5) -> list:
        """Evidence against the inner critic: notes using the critic's words first, then the newest (one query)."""
        matches = models.Q(pk__in=[])
        for word in words:
            matches |= models.Q(text__icontains=word)
        relevance = models.Case(models.When(matches, then=1), default=0, output_field=models.IntegerField())
        return list(self.shown_to(owner).annotate(relevance=relevance).order_by("-relevance", "-created_at")[:limit])


class AllyNote(models.Model):
    """What an ally noticed, tied to one week of the owner's. It belongs to the owner."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ally_notes")
    # Kept when the ally leaves or deletes their account: notes are the owner's evidence.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ally_notes_written"
    )
    week_start = models.DateField()
    text = models.TextField(
        "What I've noticed",
        max_length=NOTE_MAX_LENGTH,
        validators=[MinLengthValidator(1), MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AllyNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "week_start"], name="allynote_owner_week_idx"),
            models.Index(fields=["owner", "-created_at"], name="allynote_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Ally note {self.code}"

    @property
    def author_name(self) -> str:
        return self.author.name if self.author_id else "A former ally"

    @property
    def was_edited(self) -> bool:
        return (self.updated_at - self.created_at) > datetime.timedelta(seconds=5)


class AccessLog(models.Model):
    """An ally opened the owner's shared space. Who and when; never what."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ally = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["owner", "ally", "-viewed_at"], name="accesslog_owner_ally_idx")]

    def __str__(self) -> str:
        return f"Access by {self.ally_id} at {self.viewed_at:%Y-%m-%d %H:%M}"
