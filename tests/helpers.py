"""Plain helper functions several test modules share (fixtures live in conftest.py, builders in factories.py)."""

import datetime
import html
import re
import smtplib
from unittest import mock

from django.core.mail.backends.base import BaseEmailBackend


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
