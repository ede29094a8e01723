"""The test database: migrated once per cluster, then copied for each test process.

Running the migrations is the slowest part of starting a test run on PostgreSQL, and
`make test` starts several processes (two per run, two runs). The first process to arrive
migrates a template database, named by a checksum of every migration, so that a changed
migration makes a new one; each process then gets its own copy with CREATE DATABASE …
TEMPLATE, which takes a fraction of a second. A lock file keeps two processes from building
the template at once. Other databases (SQLite) are set up as pytest-django does it.

tests/conftest.py takes the fixture from here.
"""

import fcntl
import hashlib
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _migrations_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def _cluster_lock(connection):
    settings = connection.settings_dict
    key = hashlib.sha256(f"{settings['HOST']}:{settings['PORT']}".encode()).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / f"saker-trygg-test-template-{key}.lock"
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _database_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _build_template(connection, template: str) -> None:
    """Migrate a fresh database under a temporary name, then give it the template's name,
    so that an interrupted build never leaves a half-migrated template behind."""
    quote = connection.ops.quote_name
    building = f"{template}_building"
    original_name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    original_test_name = test_settings.get("NAME")
    test_settings["NAME"] = building
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_name
        test_settings["NAME"] = original_test_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")


def _clone(connection, template: str, name: str) -> None:
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")


def _drop(connection, name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    if connection.vendor != "postgresql":
        with django_db_blocker.unblock():
            config = setup_databases(
                verbosity=0,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
            )
        yield
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)
        return

    # The name pytest-django gave this process (test_<name>_gw0 under pytest-xdist).
    name = connection.creation._get_test_db_name()
    template = f"test_template_{_migrations_digest()}"
    original_name = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        with _cluster_lock(connection):
            with connection._nodb_cursor() as cursor:
                missing = not _database_exists(cursor, template)
            if missing:
                _build_template(connection, template)
            _clone(connection, template, name)
        connection.close()
        settings.DATABASES["default"]["NAME"] = name
        connection.settings_dict["NAME"] = name
        if "default" in serialized_aliases:
            # What TransactionTestCase's serialized_rollback restores after each test.
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        connection.close()
        settings.DATABASES["default"]["NAME"] = original_name
        connection.settings_dict["NAME"] = original_name
        _drop(connection, name)
