import os
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# pytest-django's live_server runs the app in a thread while Playwright's sync API
# runs an event loop in this one; Django must allow that.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium saknas på {CHROMIUM}: kör `make test`, som installerar det.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab that records every request to a host other than the live server."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    own_host = urlsplit(live_server.url).netloc
    page.foreign_requests = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != own_host:
            page.foreign_requests.append(request.url)

    page.on("request", record)
    yield page
    context.close()


# Databases with a browser test's data loaded and committed, by loader, for this process.
_loaded: dict[str, str] = {}


@pytest.fixture(scope="session")
def _loaded_databases(django_db_setup, django_db_blocker):
    yield _loaded
    from django.db import connection

    with django_db_blocker.unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            for name in _loaded.values():
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
    _loaded.clear()


@pytest.fixture
def loaded_once(transactional_db, _loaded_databases):
    """`loaded_once(load)` gives the test the rows `load()` makes, loaded once per process.

    A browser test commits for real and its database is emptied after it, so its data is
    loaded again for each test. On PostgreSQL the first test that asks for a loader runs it
    and the database, committed, is copied as it stands (CREATE DATABASE … TEMPLATE); each
    later test gets a fresh copy in a fraction of a second instead of loading the demo
    again (seconds). What a test changes is in its own copy only, and is emptied after it
    as before. Elsewhere (SQLite) `load()` simply runs for each test."""
    from django.db import connection

    def give(load):
        if connection.vendor != "postgresql":
            load()
            return
        key = f"{load.__module__}.{load.__qualname__}"
        quote = connection.ops.quote_name
        name = connection.settings_dict["NAME"]
        copy = _loaded.get(key)
        if copy is None:
            load()
            copy = f"{name}_loaded_{len(_loaded)}"
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(copy)}")
                cursor.execute(f"CREATE DATABASE {quote(copy)} TEMPLATE {quote(name)}")
            _loaded[key] = copy
            return
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE {quote(name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(copy)}")

    return give
