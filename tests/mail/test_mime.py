"""The reminder run's own encoding gives the message Django would have built."""

import email
import email.policy

import pytest

from lagesbild.utskick.mime import Composer, Letter

LONG_URL = "https://trygg.example.se/prenumeration/avsluta/" + "Ab3_-:" * 40 + "/"
LETTER = Letter(
    to="asa.lind@example.org",
    subject="Säker och trygg kommun: 3 saker att följa upp – Hässleholmen, Hulta",
    text=(
        "Hej Åsa Lind,\n\n== Möten ==\n- Brå, 3 december\n  18:00, Stadshuset\n"
        f".en rad som börjar med punkt\n\n--\nAvsluta: {LONG_URL}\n"
    ),
    html=f'<p>Hej Åsa &amp; Örjan,</p>\n<p><a href="{LONG_URL}">Avsluta</a> = 100 %</p>\n',
    headers=(
        ("List-Unsubscribe", f"<{LONG_URL}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    ),
    attachments=(
        (
            "mote-7.ics",
            "BEGIN:VCALENDAR\r\nSUMMARY:Brå möte\r\nEND:VCALENDAR\r\n".encode(),
            "text/calendar",
        ),
    ),
)


def _parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def _summary(message) -> dict:
    attachments = [
        (a.get_filename(), a.get_content_type(), a.get_content())
        for a in message.iter_attachments()
    ]
    return {
        "headers": {
            name: str(message[name])
            for name in ("Subject", "From", "To", "List-Unsubscribe", "List-Unsubscribe-Post")
        },
        "text": message.get_body(("plain",)).get_content().replace("\r\n", "\n"),
        "html": message.get_body(("html",)).get_content().replace("\r\n", "\n"),
        "attachments": attachments,
        "defects": [list(part.defects) for part in message.walk()],
        "has_date_and_id": bool(message["Date"]) and bool(message["Message-ID"]),
    }


@pytest.mark.parametrize(
    "from_email", ["noreply@example.se", "Säker och trygg kommun <trygg@example.se>"]
)
def test_the_encoded_letter_reads_as_djangos_message_does(settings, from_email):
    settings.DEFAULT_FROM_EMAIL = from_email
    ours = _parsed(Composer().to_bytes(LETTER))
    djangos = _parsed(LETTER.django().message(policy=email.policy.SMTP).as_bytes())

    assert _summary(ours) == _summary(djangos)
    assert _summary(ours)["defects"] == [[]] * 5
    assert _summary(ours)["has_date_and_id"]


def test_every_line_of_the_encoded_letter_is_within_the_smtp_limit():
    raw = Composer().to_bytes(LETTER)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_a_letter_the_fast_encoding_cannot_write_is_left_to_django():
    assert Composer().to_bytes(Letter(to="åsa@exempel.se", subject="x", text="x", html="x")) is None
    injected = Letter(
        to="a@example.org", subject="x", text="x", html="x", headers=(("X-A", "1\r\nBcc: b@c"),)
    )
    assert Composer().to_bytes(injected) is None
