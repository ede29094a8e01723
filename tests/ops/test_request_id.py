"""Every response and every log line of a request carry the same request id."""

import json
import re

import pytest
from django.conf import settings

from tests.ops.serving import database_url_of_this_test, request_in_fresh_process


def test_the_proxys_request_id_is_echoed_in_the_response(client, db):
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-0f3a9c2e7b"})

    assert response.headers["X-Request-ID"] == "nginx-0f3a9c2e7b"


@pytest.mark.parametrize("offered", [None, "kort", "rad\nbrytning-i-loggen", "x" * 200])
def test_without_a_plain_request_id_the_portal_makes_one(client, db, offered):
    headers = {"X-Request-ID": offered} if offered else {}

    response = client.get("/healthz", headers=headers)

    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_connection_health_checks_are_on_so_a_restarted_database_is_reconnected():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db(transaction=True)
def test_json_logs_carry_the_request_id_on_every_line_of_the_request():
    status, headers, _body, stderr = request_in_fresh_process(
        "/forum/finns-inte/",
        headers={"X-Request-ID": "req-1234567890"},
        DATABASE_URL=database_url_of_this_test(),
        DJANGO_LOG_FORMAT="json",
    )

    assert status == 404
    assert headers["X-Request-ID"] == "req-1234567890"
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found, stderr
    assert all(line["request_id"] == "req-1234567890" for line in not_found)
    assert not_found[0]["status"] == 404
    assert not_found[0]["level"] == "WARNING"


@pytest.mark.django_db(transaction=True)
def test_text_logs_carry_the_request_id_too():
    _status, _headers, _body, stderr = request_in_fresh_process(
        "/forum/finns-inte/",
        headers={"X-Request-ID": "req-abcdefghij"},
        DATABASE_URL=database_url_of_this_test(),
    )

    assert "[req-abcdefghij] Not Found: /forum/finns-inte/" in stderr
