"""The reminder run's e-mails as bytes, without building a Python e-mail object per message.

Django builds each message with Python's modern e-mail API (``email.message.EmailMessage``
with ``email.policy.SMTP``), which parses and refolds every header on the way: about 4 ms
per message here (benchmarks/README.md), 240 s for the 60 000 messages of the issue's
benchmark before anything is sent. A reminder run sends messages of one fixed shape (a
plain-text and an HTML part, perhaps calendar attachments, a few ASCII headers), so this
module writes that shape directly: the parts are encoded by ``binascii`` (quoted-printable,
base64), and what needs the e-mail package's care (the sender, the subject, an attachment's
file name) is encoded by it once and kept.

A ``Letter`` that does not fit the shape (an address that is not plain ASCII, a header with
a line break) gives ``None`` from ``Composer.to_bytes``; the sender then hands Django's own
message (``Letter.django()``) to the mailer, as before. ``tests/mail/test_mime.py`` checks
that both give the same message when parsed.
"""

import base64
import binascii
import email.message
import email.policy
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.utils.timezone import get_current_timezone

# An address or header value written as it is: printable ASCII, no line break.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
_PLAIN_VALUE = re.compile(r"[\x20-\x7e]{0,900}")
_PLAIN_FILENAME = re.compile(r"[A-Za-z0-9._-]{1,100}")


@dataclass(frozen=True)
class Letter:
    """One e-mail to one recipient, before it is encoded."""

    to: str
    subject: str
    text: str
    html: str
    headers: tuple[tuple[str, str], ...] = ()
    # (file name, content, MIME type)
    attachments: tuple[tuple[str, bytes, str], ...] = ()

    def django(self) -> EmailMultiAlternatives:
        """The same message as Django builds it, for mailers other than SMTP."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.to],
            headers=dict(self.headers),
        )
        message.attach_alternative(self.html, "text/html")
        for name, content, mimetype in self.attachments:
            message.attach(name, content, mimetype)
        return message


@lru_cache(maxsize=4096)
def _encoded_header(name: str, value: str) -> bytes:
    """``Name: value`` as Python's e-mail package encodes it (RFC 2047, folding)."""
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    message[name] = value
    return message.as_bytes().rstrip(b"\r\n")


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n").encode()


def _text_part(subtype: str, text: str) -> bytes:
    return (
        b'Content-Type: text/%s; charset="utf-8"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        % subtype.encode()
        + binascii.b2a_qp(_crlf(text), istext=True)
    )


class Composer:
    """Writes letters as bytes; the parts shared by many letters are encoded once."""

    def __init__(self):
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self._from = _encoded_header("From", self.from_email)
        self._tz = get_current_timezone() if settings.EMAIL_USE_LOCALTIME else UTC
        self._attachments: dict[tuple[str, bytes, str], bytes] = {}

    def to_bytes(self, letter: Letter) -> bytes | None:
        if not _PLAIN_ADDRESS.fullmatch(letter.to):
            return None
        extra = []
        for name, value in letter.headers:
            if not (_PLAIN_VALUE.fullmatch(value) and re.fullmatch(r"[A-Za-z-]+", name)):
                return None
            extra.append(f"{name}: {value}".encode())
        attachments = []
        for attachment in letter.attachments:
            part = self._attachment(attachment)
            if part is None:
                return None
            attachments.append(part)
        body = self._multipart(
            "alternative", [_text_part("plain", letter.text), _text_part("html", letter.html)]
        )
        if attachments:
            body = self._multipart("mixed", [body, *attachments])
        head = [
            _encoded_header("Subject", letter.subject),
            self._from,
            b"To: " + letter.to.encode(),
            b"Date: " + format_datetime(datetime.now(self._tz)).encode(),
            b"Message-ID: " + make_msgid(domain=DNS_NAME).encode(),
            *extra,
            b"MIME-Version: 1.0",
        ]
        return b"\r\n".join(head) + b"\r\n" + body

    def _attachment(self, attachment) -> bytes | None:
        part = self._attachments.get(attachment)
        if part is None:
            name, content, mimetype = attachment
            if not (
                _PLAIN_FILENAME.fullmatch(name) and re.fullmatch(r"[a-z]+/[a-z.+-]+", mimetype)
            ):
                return None
            charset = '; charset="utf-8"' if mimetype.startswith("text/") else ""
            part = (
                f"Content-Type: {mimetype}{charset}\r\n"
                f'Content-Disposition: attachment; filename="{name}"\r\n'
                "Content-Transfer-Encoding: base64\r\n\r\n"
            ).encode() + base64.encodebytes(content).replace(b"\n", b"\r\n")
            if len(self._attachments) < 1000:
                self._attachments[attachment] = part
        return part

    @staticmethod
    def _multipart(subtype: str, parts: list[bytes]) -> bytes:
        # "=" can only appear in quoted-printable as "=XX" or a soft line break, and never
        # in base64 lines, so a boundary starting with "==" cannot occur in a part.
        boundary = b"==saker-trygg-" + secrets.token_hex(12).encode()
        out = [b'Content-Type: multipart/%s; boundary="%s"\r\n' % (subtype.encode(), boundary)]
        for part in parts:
            out.append(b"\r\n--" + boundary + b"\r\n" + part)
        out.append(b"\r\n--" + boundary + b"--\r\n")
        return b"".join(out)
