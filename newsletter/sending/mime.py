"""A newsletter message encoded once, personalised per recipient with a few byte joins.

Building a MIME message with Python's ``email`` package costs milliseconds for a newsletter of
a few dozen kilobytes (the quoted-printable encoder is pure Python), more than the SMTP
exchange itself. ``MessageSkeleton`` asks Django for the message once per batch, with markers
where the recipient's address, Message-ID, ``List-Unsubscribe`` URL and the two bodies go, and
encodes the bodies once, split at the personal links. A recipient's message is then the static
pieces joined with their own values.

The bodies are quoted-printable, so the message is 7-bit clean whatever the server supports.
Every personal value is inserted between quoted-printable soft line breaks (``=\\r\\n``),
which decoders remove: the decoded text is exactly ``RenderedEmail.personalise``'s (the tests
compare both, byte for byte, after decoding). Anything the skeleton cannot express (an
address that is not plain ASCII) is built the ordinary way with ``messages.build_message``.
"""

import binascii
import re
from email.utils import make_msgid
from html import escape

from ..messages import build_message
from ..rendering import MANAGE_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, RenderedEmail

_TO = "piazza-recipient@skeleton.invalid"
_MESSAGE_ID = "<piazza-message-id@skeleton.invalid>"
_LIST_UNSUBSCRIBE = "https://skeleton.invalid/piazza-list-unsubscribe"
_TEXT = "PIAZZA-SKELETON-TEXT-BODY"
_HTML = "PIAZZA-SKELETON-HTML-BODY"
_MARKERS = {
    _TO.encode(): "to",
    _MESSAGE_ID.encode(): "message_id",
    _LIST_UNSUBSCRIBE.encode(): "list_unsubscribe",
    _TEXT.encode(): "text",
    _HTML.encode(): "html",
}
_MARKER_RE = re.compile(b"|".join(re.escape(marker) for marker in _MARKERS))
_PLACEHOLDER_RE = re.compile(
    "(" + re.escape(UNSUBSCRIBE_PLACEHOLDER) + "|" + re.escape(MANAGE_PLACEHOLDER) + ")"
)
_SOFT_BREAK = b"=\r\n"
_CTE_7BIT = b"Content-Transfer-Encoding: 7bit\r\n\r\n"
_CTE_QP = b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"


class SkeletonUnavailable(Exception):
    """The message cannot be produced from the skeleton; build it the ordinary way."""


def _qp(text):
    """Quoted-printable with CRLF line ends (binascii's encoder is written in C)."""
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return binascii.b2a_qp(data, istext=True).replace(b"\n", b"\r\n")


def _split_body(body):
    """``[qp segment, placeholder, qp segment, …]``: the body encoded around its links."""
    parts = []
    for index, piece in enumerate(_PLACEHOLDER_RE.split(body)):
        parts.append(piece if index % 2 else _qp(piece))
    return parts


class MessageSkeleton:
    """One newsletter content for one sender, ready to be personalised quickly."""

    def __init__(self, rendered, *, sender):
        self.rendered = rendered
        self.sender = sender
        skeleton = build_message(
            RenderedEmail(
                subject=rendered.subject, preheader=rendered.preheader, html=_HTML, text=_TEXT
            ),
            sender=sender,
            to=_TO,
            unsubscribe_url="",
            manage_url="",
            one_click_url=_LIST_UNSUBSCRIBE,
            headers={"Message-ID": _MESSAGE_ID},
        )
        raw = skeleton.message().as_bytes(linesep="\r\n")
        for body_marker in (_TEXT, _HTML):
            marked = _CTE_7BIT + body_marker.encode()
            if raw.count(marked) != 1:
                raise SkeletonUnavailable("unexpected body encoding")
            raw = raw.replace(marked, _CTE_QP + body_marker.encode())
        self.pieces = []
        position = 0
        seen = set()
        for match in _MARKER_RE.finditer(raw):
            self.pieces.append(raw[position : match.start()])
            name = _MARKERS[match.group()]
            self.pieces.append(name)
            seen.add(name)
            position = match.end()
        self.pieces.append(raw[position:])
        if seen != set(_MARKERS.values()):
            raise SkeletonUnavailable("a marker was encoded away")
        self.text_parts = _split_body(rendered.text)
        self.html_parts = _split_body(rendered.html)
        self.envelope_from = skeleton.from_email

    def _body(self, parts, links, *, html):
        out = []
        for index, part in enumerate(parts):
            if index % 2 == 0:
                out.append(part)
                continue
            value = links[part]
            if html:
                value = escape(value)
            out.append(_SOFT_BREAK)
            out.append(_qp(value))
            out.append(_SOFT_BREAK)
        return b"".join(out)

    def render(self, *, to, unsubscribe_url, manage_url, message_id=None):
        """``(message_id, bytes)`` of the message for one recipient."""
        if not to.isascii() or any(char in to for char in "\r\n<>,\"'") or " " in to:
            raise SkeletonUnavailable("address needs encoding")
        for url in (unsubscribe_url, manage_url):
            if not url.isascii() or any(char in url for char in "\r\n <>"):
                raise SkeletonUnavailable("URL needs encoding")
        message_id = message_id or make_msgid(domain=self.sender.domain)
        links = {UNSUBSCRIBE_PLACEHOLDER: unsubscribe_url, MANAGE_PLACEHOLDER: manage_url}
        values = {
            "to": to.encode(),
            "message_id": message_id.encode(),
            "list_unsubscribe": unsubscribe_url.encode(),
            "text": self._body(self.text_parts, links, html=False),
            "html": self._body(self.html_parts, links, html=True),
        }
        return message_id, b"".join(
            piece if isinstance(piece, bytes) else values[piece] for piece in self.pieces
        )
