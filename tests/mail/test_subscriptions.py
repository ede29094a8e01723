"""Residents follow an område: double opt-in, expiry, one-click unsubscribe, no leaks."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from lagesbild.models import Prenumerant
from lagesbild.utskick import prenumeration
from lagesbild.utskick.nyheter import send_news
from tests.factories import (
    AktivitetFactory,
    ForumFactory,
    InsatsFactory,
    MoteFactory,
    OmradeFactory,
    SamverkansomradeFactory,
)
from tests.smtp_server import html_part, text_part


@pytest.fixture
def hulta(db):
    return OmradeFactory(name="Hulta", slug="hulta")


def _link(message) -> str:
    return re.search(r"https://trygg\.example\.se(\S+)", text_part(message)).group(1)


def test_signing_up_stores_nothing_until_the_link_is_confirmed(client, smtp, hulta):
    response = client.post("/omraden/hulta/prenumerera/", {"email": "Anna@Example.org"})

    assert response.status_code == 200
    assert Prenumerant.objects.count() == 0
    (message,) = smtp.to("anna@example.org")
    link = _link(message)
    assert client.get(link).status_code == 200
    assert Prenumerant.objects.count() == 0, "opening the link alone subscribes nobody"

    client.post(link)

    (prenumerant,) = Prenumerant.objects.all()
    assert prenumerant.email == "anna@example.org"
    assert [o.slug for o in prenumerant.omraden.all()] == ["hulta"]


def test_the_english_page_signs_up_too(client, smtp, hulta):
    response = client.post("/en/omraden/hulta/prenumerera/", {"email": "ed@example.org"})
    assert response.status_code == 200
    assert len(smtp.to("ed@example.org")) == 1


def test_an_expired_confirmation_link_subscribes_nobody(client, settings, hulta):
    token = prenumeration.confirm_token("anna@example.org", hulta)
    settings.SUBSCRIPTION_CONFIRM_SECONDS = -1
    response = client.post(f"/prenumeration/bekrafta/{token}/")
    assert response.status_code == 400
    assert Prenumerant.objects.count() == 0


def test_a_forged_confirmation_link_subscribes_nobody(client, hulta):
    token = signing.dumps({"e": "x@example.org", "o": hulta.pk}, salt="annat")
    assert client.post(f"/prenumeration/bekrafta/{token}/").status_code == 400
    assert Prenumerant.objects.count() == 0


def test_the_honeypot_and_the_rate_limit_send_nothing(client, smtp, settings, hulta):
    client.post("/omraden/hulta/prenumerera/", {"email": "bot@example.org", "website": "x"})
    assert smtp.to("bot@example.org") == []
    settings.SUBSCRIPTION_RATE = "1/h"
    client.post("/omraden/hulta/prenumerera/", {"email": "a@example.org"})
    response = client.post("/omraden/hulta/prenumerera/", {"email": "b@example.org"})
    assert response.status_code == 429
    assert smtp.to("b@example.org") == []


@pytest.fixture
def news(hulta):
    """Hidden rows with marker words, and visible control rows, all about Hulta."""
    now = timezone.now()
    area = SamverkansomradeFactory(forum=ForumFactory(is_public=True))
    visible = InsatsFactory(
        title="Grannsamverkan Hulta", samverkansomrade=area, published=True, omraden=[hulta]
    )
    InsatsFactory(title="HEMLIGUTKAST", samverkansomrade=area, omraden=[hulta])
    InsatsFactory(
        title="HEMLIGINTERN", samverkansomrade=area, published=True, internal=True, omraden=[hulta]
    )
    AktivitetFactory(
        insats=visible,
        title="Trygghetsvandring Hulta torg",
        omrade=hulta,
        starts_at=now + timedelta(days=3),
    )
    hidden = InsatsFactory(title="Dold insats", samverkansomrade=area, omraden=[hulta])
    AktivitetFactory(
        insats=hidden, title="HEMLIGAKTIVITET", omrade=hulta, starts_at=now + timedelta(days=3)
    )
    recently = {"starts_at": now - timedelta(days=2)}
    MoteFactory(
        forum=area.forum, is_public=True, published=True, title="Öppet möte Hulta", **recently
    )
    MoteFactory(forum=area.forum, is_public=False, published=True, title="HEMLIGTMOTE", **recently)
    MoteFactory(forum=area.forum, is_public=True, title="HEMLIGAANTECKNINGAR", **recently)
    return Prenumerant.objects.create(email="anna@example.org")


def test_a_residents_news_holds_the_public_rows_and_nothing_internal(smtp, news, hulta):
    news.omraden.add(hulta)
    outcome = send_news()

    assert outcome.sent == 1
    (message,) = smtp.to("anna@example.org")
    body = text_part(message) + html_part(message)
    for control in ["Grannsamverkan Hulta", "Trygghetsvandring Hulta torg", "Öppet möte Hulta"]:
        assert control in body
    for marker in ["HEMLIG", "Dold insats"]:
        assert marker not in body


def test_every_news_message_unsubscribes_in_one_click(client, smtp, news, hulta):
    news.omraden.add(hulta)
    send_news()
    (message,) = smtp.to("anna@example.org")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("https://trygg.example.se")

    assert client.get(path).status_code == 200
    assert Prenumerant.objects.filter(email="anna@example.org").exists()
    # What a mail client sends (RFC 8058): a POST, no cookie, no CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Prenumerant.objects.filter(email="anna@example.org").exists()


def test_news_already_sent_is_not_sent_again_and_a_refusal_is_retried(smtp, news, hulta):
    news.omraden.add(hulta)
    smtp.refuse_next(1)
    assert send_news().failed == 1
    assert send_news().sent == 1
    assert send_news().sent == 0
    assert len(smtp.to("anna@example.org")) == 1
