"""The outbox (each email, rendered, waiting for the worker) and the worker's clock."""

from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone


class Email(models.Model):
    """One email as it was written, until the worker has handed it to the mail server.

    The task that sends it carries only this row's id. The message itself (its
    words, links and tokens) is emptied the moment it has gone, and an email
    the worker gave up on is emptied a week later (background/tasks.py sweep).
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to go"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        GAVE_UP = "gave_up", "Gave up"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    # subject, body, from_email, to, cc, bcc, reply_to, headers, content_subtype, alternatives.
    message = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The kind of failure and where it happened, never its text: an SMTP error can quote the address.
    last_error = models.CharField(max_length=200, blank=True)
    # When a worker took it to send; a row still "sending" long after lost its worker (the sweep puts it back).
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "email"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="background_email_due")]

    def __str__(self) -> str:
        return f"Email {self.pk} ({self.get_status_display().lower()})"

    @classmethod
    def stored_from(cls, message) -> dict:
        """The parts of a Django EmailMessage the outbox keeps: text only, no attachments."""
        if message.attachments:
            raise ValueError("The outbox carries no attachments")
        return {
            "subject": str(message.subject),
            "body": str(message.body),
            "from_email": message.from_email,
            "to": list(message.to),
            "cc": list(message.cc),
            "bcc": list(message.bcc),
            "reply_to": list(message.reply_to),
            "headers": {key: str(value) for key, value in message.extra_headers.items()},
            "content_subtype": message.content_subtype,
            "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        }

    @classmethod
    def forget_unsent_to(cls, address: str) -> int:
        """Drop the emails to `address` that have not gone yet (an account deleted with its address)."""
        address = address.lower()
        unsent = cls.objects.filter(status__in=[cls.Status.WAITING, cls.Status.GAVE_UP]).exclude(message={})
        doomed = [
            email.pk
            for email in unsent.only("pk", "message").iterator(chunk_size=1000)
            if address in {to.lower() for to in email.message["to"] + email.message["cc"] + email.message["bcc"]}
        ]
        return cls.objects.filter(pk__in=doomed).delete()[0]

    def as_message(self) -> EmailMultiAlternatives:
        stored = self.message
        message = EmailMultiAlternatives(
            subject=stored["subject"],
            body=stored["body"],
            from_email=stored["from_email"],
            to=stored["to"],
            cc=stored["cc"],
            bcc=stored["bcc"],
            reply_to=stored["reply_to"],
            headers=stored["headers"],
        )
        message.content_subtype = stored["content_subtype"]
        for content, mimetype in stored["alternatives"]:
            message.attach_alternative(content, mimetype)
        return message


class ClockRun(models.Model):
    """When a periodic task is next due. Whichever worker moves `next_at` on first enqueues it."""

    name = models.CharField(max_length=200, primary_key=True)
    next_at = models.DateTimeField()
    last_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "clock"

    def __str__(self) -> str:
        return self.name
