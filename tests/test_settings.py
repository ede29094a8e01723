import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    """Import the settings in a fresh interpreter, as gunicorn would on start."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "saker_trygg.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "secret", ["", "change-me", "django-insecure-development-only-never-use-in-production", "kort"]
)
def test_production_start_refuses_a_placeholder_secret(secret):
    result = start_django(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secret, DJANGO_ALLOWED_HOSTS="trygghet.example.org"
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY saknas eller är en platshållare" in result.stderr


def test_production_start_refuses_empty_allowed_hosts():
    result = start_django(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS är tom" in result.stderr


def test_production_start_with_real_values_succeeds():
    result = start_django(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="trygghet.example.org"
    )

    assert result.returncode == 0, result.stderr


def test_healthz_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def start_django_and_print(expression, **env):
    """Evaluate ``expression`` (with ``settings`` in scope) in a fresh interpreter."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    result = subprocess.run(  # noqa: S603 - our own interpreter; the expression comes from tests
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print(repr(({expression})))",
        ],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "saker_trygg.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
