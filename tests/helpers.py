"""Plain helper functions several test modules share (fixtures live in conftest.py, builders in factories.py)."""

import datetime
import html
import re
import smtplib
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend

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
