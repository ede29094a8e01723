"""The password-reset request is throttled per address and per client, telling nobody
whether an address has an account."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

RESET_URL = reverse("organisation:password_reset")
THROTTLED = "För många begäranden om nytt lösenord"


@pytest.fixture
def limits(settings, db):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "2/h"
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "4/h"
    return UserFactory(username="lokal-nina", email="nina.nilsson@example.org")


def _ask(client, email, address="192.0.2.10"):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address)


def test_the_third_request_for_one_address_within_the_hour_sends_no_mail(client, limits):
    for _attempt in range(2):
        assert _ask(client, "nina.nilsson@example.org").status_code == 302

    response = _ask(client, "Nina.Nilsson@example.org ", address="198.51.100.7")

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert THROTTLED in response.content.decode()
    assert len(mail.outbox) == 2


def test_an_address_without_an_account_is_throttled_with_the_same_words(client, limits):
    known = [_ask(client, "nina.nilsson@example.org") for _attempt in range(3)][-1]
    unknown = [_ask(client, "finns.inte@example.org", "203.0.113.5") for _attempt in range(3)][-1]

    assert known.status_code == unknown.status_code == 429
    known_text = known.content.decode().split('role="alert">', 1)[1].split("<", 1)[0]
    unknown_text = unknown.content.decode().split('role="alert">', 1)[1].split("<", 1)[0]
    assert known_text == unknown_text


def test_one_client_trying_address_after_address_is_throttled(client, limits):
    for number in range(4):
        assert _ask(client, f"prov{number}@example.org").status_code == 302

    response = _ask(client, "nina.nilsson@example.org")

    assert response.status_code == 429
    assert len(mail.outbox) == 0


def test_another_client_and_address_still_get_their_mail(client, limits):
    for number in range(5):
        _ask(client, f"prov{number}@example.org")

    response = _ask(client, "nina.nilsson@example.org", address="198.51.100.20")

    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_the_form_page_itself_is_never_throttled(client, limits):
    for _attempt in range(10):
        assert client.get(RESET_URL).status_code == 200
