"""Handing a batch of personal messages to the mail system, with one outcome per message.

Three transports, chosen from ``EMAIL_BACKEND``:

- ``SMTPTransport`` (Django's SMTP backend): one connection per batch; each message goes
  through ``MAIL``/``RCPT``/``DATA`` so that the stage of any failure is known. A refusal with
  a code is definite (5xx: failed, 4xx: retried later); a connection lost during ``DATA`` leaves
  that one message in doubt (the server may have accepted it) and the rest of the batch is
  retried, since it certainly did not leave.
- ``AnymailBatchTransport`` (an ESP with per-recipient merge data): the whole batch, up to the
  ESP's per-call limit, is one API call; the personal links travel as ``merge_data``, the
  personal headers as ``merge_headers``, our delivery id as ``merge_metadata`` (webhooks quote
  it back). A timeout after the request was sent leaves the batch in doubt.
- ``ConnectionTransport`` (anything else: console, files, tests, ESPs without merge data):
  one connection, one ``send_messages`` call per message.
"""

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

from ..messages import build_message
from ..rendering import MANAGE_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, RenderedEmail
from .mime import MessageSkeleton, SkeletonUnavailable

logger = logging.getLogger(__name__)

SENT = "sent"
FAILED = "failed"
RETRY = "retry"
IN_DOUBT = "in_doubt"


@dataclass
class OutgoingMessage:
    """One recipient's message, before it is built: what a transport needs."""

    delivery_id: int
    to: str
    content_id: int
    unsubscribe_url: str
    manage_url: str


@dataclass
class Outcome:
    delivery_id: int
    result: str
    message_id: str = ""
    provider_message_id: str = ""
    error: str = ""


@dataclass(frozen=True)
class EspProfile:
    """How to batch for one ESP: its per-call recipient limit and merge field syntax."""

    batch_limit: int
    merge_field: str  # format with {key}; how the ESP writes a per-recipient substitution
    merge_key: str = "{key}"  # how the key is written in merge_data


# ESPs whose anymail backend sends one message with per-recipient merge data and headers.
# Postmark and Amazon SES accept merge data only with stored templates: they use the
# connection transport (one HTTP session, one call per message).
ESP_PROFILES = {
    "mailgun": EspProfile(batch_limit=1000, merge_field="%recipient.{key}%"),
    "sendgrid": EspProfile(batch_limit=1000, merge_field="-{key}-", merge_key="-{key}-"),
    "brevo": EspProfile(batch_limit=1000, merge_field="{{{{params.{key}}}}}"),
    "sparkpost": EspProfile(batch_limit=1000, merge_field="{{{{{key}}}}}"),
}

MERGE_KEYS = {UNSUBSCRIBE_PLACEHOLDER: "unsubscribe_url", MANAGE_PLACEHOLDER: "manage_url"}


def _envelope_address(address):
    """The address for ``MAIL FROM``/``RCPT TO``: as stored when plain ASCII (the common case,
    and the cheap one), else encoded the way Django does (IDNA domain)."""
    if address.isascii() and not any(char in address for char in '<>\r\n "(),;'):
        return address
    return parseaddr(sanitize_address(address, "utf-8"))[1]


def _classify_api_error(error):
    """The outcome of a failed hand-off to an API: was it refused, lost, or maybe accepted?"""
    import requests

    cause = error.__cause__
    status_code = getattr(getattr(error, "response", None), "status_code", None)
    if isinstance(cause, requests.exceptions.ReadTimeout):
        return IN_DOUBT  # sent, but the answer never came
    if status_code is not None and 400 <= status_code < 500 and status_code != 429:
        return FAILED
    return RETRY


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:500]


class Transport:
    """Base: turns a batch of ``OutgoingMessage`` into one ``Outcome`` per message."""

    default_batch_size = 100
    max_batch_size = 1000

    def __init__(self, *, contents, sender):
        self.contents = contents  # {content_id: RenderedEmail}
        self.sender = sender

    @classmethod
    def batch_size(cls):
        configured = int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 0) or 0)
        size = configured or cls.default_batch_size
        return max(1, min(size, cls.max_batch_size))

    def build(self, message, *, connection=None):
        """The Django message for one recipient, built the ordinary way."""
        message_id = make_msgid(domain=self.sender.domain)
        email = build_message(
            self.contents[message.content_id],
            sender=self.sender,
            to=message.to,
            unsubscribe_url=message.unsubscribe_url,
            manage_url=message.manage_url,
            one_click_url=message.unsubscribe_url,
            headers={"Message-ID": message_id},
            connection=connection,
        )
        return message_id, email

    def deliver(self, messages):
        raise NotImplementedError


class ConnectionTransport(Transport):
    """Any Django mail backend: one connection for the batch, one call per message."""

    def deliver(self, messages):
        connection = get_connection()
        outcomes = []
        try:
            connection.open()
        except Exception as error:
            return [Outcome(m.delivery_id, RETRY, error=_error_text(error)) for m in messages]
        try:
            for message in messages:
                message_id, email = self.build(message, connection=connection)
                try:
                    connection.send_messages([email])
                except Exception as error:
                    result = _classify_api_error(error)
                    outcomes.append(
                        Outcome(message.delivery_id, result, message_id, error=_error_text(error))
                    )
                    continue
                status = getattr(email, "anymail_status", None)
                provider_id = getattr(status, "message_id", None)
                provider_id = provider_id if isinstance(provider_id, str) else ""
                outcomes.append(Outcome(message.delivery_id, SENT, message_id, provider_id[:255]))
        finally:
            # Closing cannot change any outcome.
            with contextlib.suppress(Exception):
                connection.close()
        return outcomes


class SMTPTransport(Transport):
    """Django's SMTP settings, one connection per batch, the stage of every failure known."""

    default_batch_size = 200

    def __init__(self, *, contents, sender, backend=None):
        super().__init__(contents=contents, sender=sender)
        self.backend = backend or get_connection()
        self.skeletons = {}
        self.envelope_from = _envelope_address(parseaddr(sender.from_email)[1])

    def message_bytes(self, message):
        """``(message_id, bytes)`` from the skeleton, or the ordinary way if it cannot."""
        skeleton = self.skeletons.get(message.content_id)
        if skeleton is None:
            try:
                skeleton = MessageSkeleton(self.contents[message.content_id], sender=self.sender)
            except SkeletonUnavailable:
                skeleton = False
            self.skeletons[message.content_id] = skeleton
        if skeleton:
            try:
                return skeleton.render(
                    to=message.to,
                    unsubscribe_url=message.unsubscribe_url,
                    manage_url=message.manage_url,
                )
            except SkeletonUnavailable:
                pass
        message_id, email = self.build(message)
        return message_id, email.message().as_bytes(linesep="\r\n")

    def deliver(self, messages):
        outcomes = []
        try:
            self.backend.open()
            connection = self.backend.connection
            connection.ehlo_or_helo_if_needed()
        except (smtplib.SMTPException, OSError) as error:
            self._close()
            return [Outcome(m.delivery_id, RETRY, error=_error_text(error)) for m in messages]
        try:
            for index, message in enumerate(messages):
                message_id, data = self.message_bytes(message)
                outcome, connected = self._send_one(connection, message, message_id, data)
                outcomes.append(outcome)
                if not connected:
                    # The connection is gone: the rest of the batch certainly never left.
                    outcomes.extend(
                        Outcome(rest.delivery_id, RETRY, error="connection lost")
                        for rest in messages[index + 1 :]
                    )
                    break
        finally:
            self._close()
        return outcomes

    def _send_one(self, connection, message, message_id, data):
        """``(outcome, still connected)`` for one message on an open connection."""
        to = _envelope_address(message.to)
        try:
            code, reply = connection.docmd("MAIL", f"FROM:<{self.envelope_from}>")
            if code != 250:
                connection.rset()
                return self._refused(message, message_id, code, reply), True
            code, reply = connection.docmd("RCPT", f"TO:<{to}>")
            if code not in (250, 251):
                connection.rset()
                return self._refused(message, message_id, code, reply), True
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            # Before DATA nothing was accepted: retry this message later.
            return Outcome(message.delivery_id, RETRY, message_id, error=_error_text(error)), False
        try:
            code, reply = connection.data(data)
        except smtplib.SMTPDataError as error:
            return self._refused(message, message_id, error.smtp_code, error.smtp_error), True
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            # The content may have reached the server before the connection broke.
            outcome = Outcome(message.delivery_id, IN_DOUBT, message_id, error=_error_text(error))
            return outcome, False
        if code != 250:
            return self._refused(message, message_id, code, reply), True
        return Outcome(message.delivery_id, SENT, message_id, message_id), True

    def _refused(self, message, message_id, code, reply):
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        result = FAILED if 500 <= (code or 0) < 600 else RETRY
        return Outcome(message.delivery_id, result, message_id, error=f"{code} {text}"[:500])

    def _close(self):
        # Closing cannot change any outcome.
        with contextlib.suppress(Exception):
            self.backend.close()


class AnymailBatchTransport(Transport):
    """One django-anymail call per batch, with per-recipient merge data and headers."""

    def __init__(self, *, contents, sender, profile):
        super().__init__(contents=contents, sender=sender)
        self.profile = profile
        self.templates = {}

    @classmethod
    def for_profile(cls, profile):
        return type(
            f"{cls.__name__}Sized",
            (cls,),
            {"default_batch_size": profile.batch_limit, "max_batch_size": profile.batch_limit},
        )

    def template(self, content_id):
        """The content with our placeholders written in the ESP's merge field syntax."""
        if content_id not in self.templates:
            rendered = self.contents[content_id]
            html, text = rendered.html, rendered.text
            for placeholder, key in MERGE_KEYS.items():
                field_ = self.profile.merge_field.format(key=key)
                html = html.replace(placeholder, field_)
                text = text.replace(placeholder, field_)
            self.templates[content_id] = RenderedEmail(
                subject=rendered.subject, preheader=rendered.preheader, html=html, text=text
            )
        return self.templates[content_id]

    def deliver(self, messages):
        by_content = {}
        for message in messages:
            by_content.setdefault(message.content_id, []).append(message)
        outcomes = []
        connection = get_connection()
        try:
            connection.open()
            for content_id, group in by_content.items():
                outcomes.extend(self._deliver_group(connection, content_id, group))
        finally:
            connection.close()
        return outcomes

    def _deliver_group(self, connection, content_id, group):
        from anymail.exceptions import AnymailError

        ids = {m.to: make_msgid(domain=self.sender.domain) for m in group}
        email = build_message(
            self.template(content_id),
            sender=self.sender,
            to=group[0].to,
            unsubscribe_url="",
            manage_url="",
            connection=connection,
        )
        email.to = [m.to for m in group]
        # Every recipient's own Message-ID and unsubscribe URL arrive through merge_headers;
        # what is the same for all is said once.
        email.extra_headers.pop("Message-ID", None)
        email.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        key = self.profile.merge_key
        email.merge_data = {
            m.to: {
                key.format(key="unsubscribe_url"): m.unsubscribe_url,
                key.format(key="manage_url"): m.manage_url,
            }
            for m in group
        }
        email.merge_headers = {
            m.to: {
                "List-Unsubscribe": f"<{m.unsubscribe_url}>",
                "Message-ID": ids[m.to],
            }
            for m in group
        }
        email.merge_metadata = {m.to: {"piazza_delivery": str(m.delivery_id)} for m in group}
        email.track_opens = bool(getattr(settings, "NEWSLETTER_AGGREGATE_ENGAGEMENT", False))
        email.track_clicks = email.track_opens
        try:
            connection.send_messages([email])
        except AnymailError as error:
            return self._failed_group(connection, content_id, group, ids, error)
        statuses = email.anymail_status.recipients
        outcomes = []
        for m in group:
            status = statuses.get(m.to)
            if status is None or status.status in {"rejected", "invalid"}:
                reason = status.status if status is not None else "no status"
                outcomes.append(Outcome(m.delivery_id, FAILED, ids[m.to], error=reason))
            else:
                outcomes.append(
                    Outcome(m.delivery_id, SENT, ids[m.to], str(status.message_id or "")[:255])
                )
        return outcomes

    def _failed_group(self, connection, content_id, group, ids, error):
        result = _classify_api_error(error)
        if result == FAILED and len(group) > 1:
            # One bad address makes some ESPs refuse the whole call: find it, one by one.
            outcomes = []
            for m in group:
                outcomes.extend(self._deliver_group(connection, content_id, [m]))
            return outcomes
        text = _error_text(error)
        return [Outcome(m.delivery_id, result, ids[m.to], error=text) for m in group]


def esp_profile(backend):
    """The batching profile for an anymail backend: ``NEWSLETTER_ESP_PROFILE`` names one
    explicitly (for a subclassed backend); otherwise the backend's module tells."""
    from anymail.backends.base import AnymailBaseBackend

    if not isinstance(backend, AnymailBaseBackend):
        return None
    name = getattr(settings, "NEWSLETTER_ESP_PROFILE", "") or ""
    if not name:
        name = type(backend).__module__.rsplit(".", 1)[-1]
    return ESP_PROFILES.get(name)


def transport_class():
    """The transport for the configured ``EMAIL_BACKEND``."""
    backend = get_connection()
    if isinstance(backend, SMTPBackend):
        return SMTPTransport
    profile = esp_profile(backend)
    if profile is not None:
        return AnymailBatchTransport.for_profile(profile), profile
    return ConnectionTransport


def make_transport(*, contents, sender):
    chosen = transport_class()
    if isinstance(chosen, tuple):
        cls, profile = chosen
        return cls(contents=contents, sender=sender, profile=profile)
    return chosen(contents=contents, sender=sender)


def batch_size():
    chosen = transport_class()
    cls = chosen[0] if isinstance(chosen, tuple) else chosen
    return cls.batch_size()
