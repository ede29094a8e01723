import pytest

from samverkan.services import load_structure

# The local OpenID Provider, one process for the whole session (tests/oidc_provider/).
from tests.oidc_provider.server import oidc_provider  # noqa: F401


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Accounts are made in most tests; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
