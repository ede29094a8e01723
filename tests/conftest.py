import hashlib
import io
import sys

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from samverkan.services import load_structure

# The test database: migrated once, copied per process (tests/database_setup.py).
from tests.database_setup import django_db_setup  # noqa: F401

# The local OpenID Provider, one process for the whole session (tests/oidc_provider/).
from tests.oidc_provider.server import oidc_provider  # noqa: F401
from tests.s3_server import s3_media, s3_server  # noqa: F401


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """A test that commits for real is run with the browser tests, after the others, however
    it asks for it (django_db(transaction=True), transactional_db, live_server): its flush at
    the end empties the tables the migrations filled (roles, EST categories), which the
    other tests of its process would then miss."""
    for item in items:
        if item.get_closest_marker("e2e") or item.get_closest_marker("transactional"):
            continue
        marker = item.get_closest_marker("django_db")
        commits = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        )
        if commits:
            item.add_marker(pytest.mark.transactional)


# Rendered PDFs by (HTML checksum, archival), for the process: see pytest_runtest_setup.
_printed: dict[tuple[bytes, bool], bytes] = {}


def pytest_runtest_setup(item):
    """Many tests print the same demo report. WeasyPrint makes the same PDF of the same HTML,
    so each distinct document is rendered once per test process and its bytes reused; the
    HTML is still built from each test's own data, and a change to it is a new rendering.
    Patched here, not at import, because the module loads WeasyPrint (4 s) and a process
    that prints nothing need not load it."""
    module = sys.modules.get("lagesbild.pdf")
    if module is None or getattr(module.render_html_to_pdf, "reuses_prints", False):
        return
    render = module.render_html_to_pdf

    def render_once(html, *, archival=False):
        key = (hashlib.sha256(html.encode()).digest(), archival)
        if key not in _printed:
            _printed[key] = render(html, archival=archival)
        return _printed[key]

    render_once.reuses_prints = True
    module.render_html_to_pdf = render_once


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Accounts are made in most tests; the real hasher is slow on purpose (0.7 s a password
    here). For the whole session, so that module-wide data (the demo's accounts) is fast too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def swedish_between_tests():
    """A request to an /en/ page leaves English active in the thread; each test starts in Swedish."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Background tasks run in the test's own thread and transaction, as the worker would."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def boras(db):
    """Borås Stad's structure, loaded from the shipped file as `make run` does."""
    return load_structure()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):  # noqa: F811 - the fixture above
    """One transaction around a whole module, rolled back at its end.

    Rows made by module-scoped fixtures are shared by the module's tests; each test still
    runs in its own savepoint (pytest-django's `db`), so what a test writes is undone after
    it. Building a kommun, or loading the demo, once per module instead of once per test is
    what keeps the suite within minutes. Every test of a module that uses it sees its rows,
    whichever it runs first, so use it only where every test may.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_module(module_db):
    """Everything `make run` loads (`load_demo`), once for the module."""
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def boras_module(module_db):
    """Borås Stad's structure, once for the module (see `module_db`)."""
    return load_structure()
