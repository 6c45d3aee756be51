"""Where email goes when no mail server is configured: private files, never the log."""

import os
import secrets
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class PrivateFileBackend(BaseEmailBackend):
    """Each email as its own .eml file in `file_path`, readable by the app's user alone.

    Emails hold invitation and password-reset links and allies' notes, so they
    must not land in a log that others read or ship elsewhere. A .eml file opens
    in any mail program.
    """

    def __init__(self, *, file_path: str, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.file_path.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A folder made earlier (by hand, or before this backend) is closed too.
        self.file_path.chmod(0o700)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.eml"
            # O_EXCL: never append to, or follow a link to, a file that is already there.
            fd = os.open(self.file_path / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as stream:
                stream.write(message.message().as_bytes())
        return len(email_messages)
