"""The local SMTP server the mail tests read from: what Django sends arrives, both parts."""

from django.core import mail

from tests.smtp_server import html_part, text_part


def test_a_message_sent_through_django_arrives_with_both_parts_and_headers(smtp):
    message = mail.EmailMultiAlternatives(
        subject="Prov", body="Text", to=["a@example.org"], headers={"X-Prov": "ja"}
    )
    message.attach_alternative("<p>Html</p>", "text/html")
    message.send()
    (received,) = smtp.to("a@example.org")
    assert received["Subject"] == "Prov"
    assert received["X-Prov"] == "ja"
    assert text_part(received).strip() == "Text"
    assert "<p>Html</p>" in html_part(received)


def test_a_refusing_server_raises_and_then_accepts(smtp):
    import smtplib

    import pytest

    smtp.refuse_next(1)
    with pytest.raises(smtplib.SMTPDataError):
        mail.EmailMessage(subject="1", body="x", to=["b@example.org"]).send()
    mail.EmailMessage(subject="2", body="x", to=["b@example.org"]).send()
    assert [m["Subject"] for m in smtp.to("b@example.org")] == ["2"]
