"""A local SMTP server (aiosmtpd) for tests and benchmarks: records, refuses or stalls."""

import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps every accepted message; ``refuse`` maps an address to an SMTP reply."""

    def __init__(self, *, keep=True):
        self.keep = keep
        self.messages = []  # (recipients, bytes)
        self.count = 0
        self.refuse = {}
        # Addresses whose message is received, after which the connection breaks without
        # an answer: the sender cannot know whether it was accepted.
        self.hang_up_after = set()
        self.connections = 0
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refuse.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            if self.keep:
                self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        if self.hang_up_after & set(envelope.rcpt_tos):
            server.transport.close()
        return "250 Message accepted"


class SMTPSink:
    """``with SMTPSink() as sink:`` runs a server on a free loopback port."""

    def __init__(self, handler=None):
        self.handler = handler or RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def django_settings(self):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 10,
        }
