"""Development e-mail backend: one RFC 5322 ``.eml`` file per message under ``var/mail/``.

Django's file backend appends every message of a connection to one log file; a file per
message can be opened directly in a mail client and read by tests and scripts.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """Write each message to its own ``<timestamp>-<random>.eml`` file."""

    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
            (self.directory / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
            sent += 1
        return sent
