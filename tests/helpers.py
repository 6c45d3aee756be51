"""Plain helper functions several test modules share (fixtures live in conftest.py, builders in factories.py)."""

import datetime
import html
import json
import os
import re
import smtplib
from unittest import mock

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend

from config.vapid import b64url, unb64url
from journal.models import ImportJob
from journal.portability.jobs import run_import


def text_of(response) -> str:
    """A page's markup with entities turned back into characters, to look for words as a person reads them."""
    return html.unescape(response.content.decode())


def confirmation_link(message) -> str:
    """The path of the link in an email that confirms an address (sign-up or a change)."""
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


def day_section(page: str, day: str) -> str:
    """The markup of one day's element on the week page."""
    match = re.search(rf'<section[^>]*data-testid="day-{day}"[^>]*>(.*?)</section>', page, re.S)
    assert match, f"no element for {day}"
    return match.group(1)


def at(moment: datetime.datetime):
    """Pretend the clock says `moment` (an aware datetime)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


class RefusingMailServer(BaseEmailBackend):
    """MAILERS["outgoing"] for a mail server that says no, quoting the address and the words as real ones can."""

    def send_messages(self, email_messages):
        message = email_messages[0]
        raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, message.body.encode())})


def refusing_mail_server(settings) -> None:
    settings.MAILERS = {**settings.MAILERS, "outgoing": {"BACKEND": "tests.helpers.RefusingMailServer"}}


class PushBrowser:
    """What a browser keeps for one push subscription, as PushManager.subscribe() makes it: a P-256 key pair
    and a 16-byte auth secret. Only it can read what is sent to its subscription."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    @property
    def p256dh(self) -> str:
        public = self.private_key.public_key()
        return b64url(public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def read(self, body: bytes) -> dict:
        """Decrypt a push message's body (RFC 8291, aes128gcm) as the browser would, and parse its JSON."""
        plain = http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm")
        return json.loads(plain)


def vapid_claims(authorization: str) -> tuple[dict, str]:
    """The claims of a `vapid t=JWT, k=KEY` header and its key, once the JWT's ES256 signature is checked."""
    parts = dict(part.strip().split("=", 1) for part in authorization.removeprefix("vapid ").split(","))
    token, key = parts["t"], parts["k"]
    header, claims, signature = token.split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises when forged
    return json.loads(unb64url(claims)), key


def run_imports() -> None:
    """Run every pending import job here and now, as the task worker would, whichever task backend is set."""
    for job_id in ImportJob.objects.filter(status=ImportJob.Status.PENDING).values_list("pk", flat=True):
        run_import.call(job_id)


def import_file(client, content: bytes | str, name: str = "export.json", **fields):
    """Upload a file on /account/data/ and let the worker's part run: the page that follows, as a person sees it."""
    if isinstance(content, str):
        content = content.encode()
    response = client.post("/account/data/", {"file": SimpleUploadedFile(name, content), **fields})
    if response.status_code != 302:
        return response
    run_imports()
    return client.get(response["Location"])


def import_result(response) -> str:
    """The words a finished import left on the page (data-testid="import-result"), or "" when there are none."""
    match = re.search(r'data-testid="import-result">(.*?)</p>', response.content.decode(), re.S)
    return html.unescape(match.group(1)) if match else ""
