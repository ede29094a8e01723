"""Security headers, the Observatory grade, error pages and how refusals are logged."""

import importlib.util
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client
from django.urls import path

from saker_trygg.urls import urlpatterns as project_urlpatterns


@pytest.fixture
def boras(boras_module, db):
    """Borås's structure, loaded once for the module (every test here may see it)."""
    return boras_module


ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = ["/", "/insatser/", "/forum/bra/"]


@login_not_required
def forbidden(request):
    raise PermissionDenied


@login_not_required
def bad(request):
    raise BadRequest("trasig parameter")


@login_not_required
def broken(request):
    raise RuntimeError("ett riktigt fel")


# Used by @pytest.mark.urls below: the project's URLs plus three views that fail on purpose.
urlpatterns = [
    path("test/nekad/", forbidden),
    path("test/felaktig/", bad),
    path("test/trasig/", broken),
    *project_urlpatterns,
]


def load_observatory():
    spec = importlib.util.spec_from_file_location(
        "observatory", ROOT / "scripts" / "observatory.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["observatory"] = module
    spec.loader.exec_module(module)
    return module


observatory = load_observatory()

# The HTTPS hardening settings.py switches on with DEBUG off, read from a production-like start
# (not copied here, so the test follows settings.py if it changes).
PRODUCTION_KEYS = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CSP",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "CROSS_ORIGIN_RESOURCE_POLICY",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
]


@pytest.fixture(scope="module")
def production_values():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment |= {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "saker_trygg.settings",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a constant program
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    settings.DEBUG = False
    for key, value in production_values.items():
        setattr(settings, key, value)
    return settings


def graded(client, page):
    """Fetch a page as the Observatory does: over http first, then https, then with an Origin."""
    http = client.get(page, secure=False)
    assert http.status_code == 301
    https_url = http["Location"]
    assert https_url == f"https://testserver{page}"
    response = client.get(page, secure=True)
    cors = client.get(page, secure=True, HTTP_ORIGIN=observatory.OBSERVATORY_ORIGIN)
    return observatory.grade(
        list(response.items()),
        https_url,
        body=response.content.decode(),
        status=response.status_code,
        set_cookies=[morsel.OutputString() for morsel in response.cookies.values()],
        http_route=[f"http://testserver{page}", https_url],
        cors_headers=list(cors.items()),
    )


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_score_130_on_the_observatory_with_production_settings(
    client, boras, production, page
):
    """130 is the most a page that sets no cookie can score: the observatory's +5 is for
    cookies set securely, and a resident's page sets none (the language switch needs no CSRF
    token, so the page can be served from the shared cache)."""
    result = graded(client, page)

    failed = [f"{t.name}: {t.expectation}" for t in result.tests if not t.passed]
    assert failed == []
    expectations = {t.name: t.expectation for t in result.tests}
    assert expectations["cookies"] == "cookies-not-found"
    assert result.score == 130, [(t.name, t.expectation, t.modifier) for t in result.tests]
    assert result.grade == "A+"


def test_the_observatory_grades_a_bare_response_as_it_would():
    result = observatory.grade(
        {"Content-Type": "text/html"}, "https://example.org/", body="<p>hej</p>"
    )

    # CSP -25, HSTS -20, X-Content-Type-Options -5, X-Frame-Options -20, no redirection -> 100-70.
    assert result.score == 30
    assert result.grade == "D"
    assert result.test("content-security-policy").expectation == "csp-not-implemented"


def test_the_observatory_withholds_bonuses_below_90():
    headers = {
        "Content-Type": "text/html",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; form-action 'self'",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Resource-Policy": "same-origin",
    }

    result = observatory.grade(headers, "https://example.org/", http_route=["http://example.org/"])

    # Penalties: HSTS -20, nosniff -5, no redirect to https -20 = 55; bonuses are not added.
    assert result.score == 55
    assert result.grade == "C"


def test_the_observatory_penalises_unsafe_inline_scripts_and_session_cookies_without_httponly():
    headers = [
        ("Content-Type", "text/html"),
        ("Content-Security-Policy", "script-src 'self' 'unsafe-inline'"),
        ("Set-Cookie", "sessionid=abc; Secure; SameSite=Lax"),
    ]

    result = observatory.grade(headers, "https://example.org/")

    assert (
        result.test("content-security-policy").expectation == "csp-implemented-with-unsafe-inline"
    )
    assert result.test("cookies").expectation == "cookies-session-without-httponly-flag"


def test_pages_deny_browser_features_they_do_not_use(client, boras):
    response = client.get("/")

    policy = response["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy


def test_pages_are_same_origin_resources_and_keep_their_csp(client, boras):
    response = client.get("/insatser/")

    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_open_data_may_be_fetched_by_other_sites(client, boras):
    response = client.get("/oppna-data/insatser.json")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_login_page_is_not_readable_by_other_sites(client, db):
    response = client.get("/konto/logga-in/")

    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response


# Error pages


def test_a_missing_page_answers_a_swedish_404_page(client, boras):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "<h1>Sidan hittades inte</h1>" in page
    assert 'href="/"' in page


@pytest.mark.urls("tests.test_security")
def test_a_refused_action_answers_a_swedish_403_page(client, boras):
    response = client.get("/test/nekad/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Åtkomst nekad</h1>" in page
    assert "Du har inte behörighet" in page


@pytest.mark.urls("tests.test_security")
def test_a_bad_request_answers_a_swedish_400_page(client, boras):
    response = client.get("/test/felaktig/")

    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "<h1>Felaktig begäran</h1>" in page


def test_an_unknown_host_answers_the_swedish_400_page(client, boras):
    response = client.get("/", HTTP_HOST="angripare.example")

    assert response.status_code == 400
    assert "<h1>Felaktig begäran</h1>" in response.content.decode()


@pytest.mark.urls("tests.test_security")
def test_a_server_error_answers_a_standalone_swedish_500_page(boras):
    client = Client(raise_request_exception=False)

    response = client.get("/test/trasig/")

    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "<h1>Något gick fel</h1>" in page
    assert "ett riktigt fel" not in page


def test_the_500_page_renders_without_a_database_or_context():
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert "<h1>Något gick fel</h1>" in html
    assert "<main" in html and 'name="viewport"' in html


# Logging of refusals


def request_records(caplog):
    return [r for r in caplog.records if r.name.startswith(("django.request", "django.security"))]


@pytest.mark.urls("tests.test_security")
@pytest.mark.parametrize(
    ("url", "status", "extra"),
    [
        ("/finns-inte/", 404, {}),
        ("/forum/finns-inte/", 404, {}),
        ("/test/nekad/", 403, {}),
        ("/test/felaktig/", 400, {}),
        ("/", 400, {"HTTP_HOST": "angripare.example"}),
    ],
)
def test_an_expected_refusal_logs_one_warning_without_a_traceback(
    client, boras, caplog, url, status, extra
):
    with caplog.at_level(logging.INFO):
        response = client.get(url, **extra)

    assert response.status_code == status
    records = request_records(caplog)
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.urls("tests.test_security")
def test_a_real_server_error_logs_its_traceback(boras, caplog):
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.INFO):
        client.get("/test/trasig/")

    records = request_records(caplog)
    assert [r.levelno for r in records] == [logging.ERROR]
    assert records[0].exc_info is not None
    assert "RuntimeError: ett riktigt fel" in caplog.text
