"""/readyz tells the load balancer whether this server can take requests, and why not."""

import json

import pytest
from django.db.migrations.recorder import MigrationRecorder

from tests.ops.serving import database_url_of_this_test, request_in_fresh_process

SECRET = "hemligt-losenord-som-aldrig-visas"


def test_readyz_answers_ok_when_database_cache_and_migrations_are_in_order(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]


def test_readyz_answers_503_when_a_migration_is_not_applied(client, db):
    MigrationRecorder.Migration.objects.filter(app="lagesbild").order_by("-id").first().delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reasons": ["migrations not applied"]}


def test_readyz_is_exempt_from_the_https_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/readyz").status_code == 200


def test_readyz_answers_503_without_the_database_and_names_no_secret(tmp_path):
    unreachable = (
        f"postgres://portal:{SECRET}@{tmp_path.as_posix().replace('/', '%2F')}/saker_trygg"
    )

    status, _headers, body, stderr = request_in_fresh_process("/readyz", DATABASE_URL=unreachable)

    assert status == 503
    # The database cache lives in the same database: both are down.
    assert json.loads(body) == {
        "status": "unavailable",
        "reasons": ["database unreachable", "cache unreachable"],
    }
    assert SECRET not in body


@pytest.mark.django_db(transaction=True)
def test_readyz_answers_503_when_redis_does_not_answer():
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    status, _headers, body, _stderr = request_in_fresh_process(
        "/readyz",
        DATABASE_URL=database_url_of_this_test(),
        REDIS_URL=f"redis://:{SECRET}@127.0.0.1:1/0",
    )

    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "reasons": ["cache unreachable"]}
    assert SECRET not in body
