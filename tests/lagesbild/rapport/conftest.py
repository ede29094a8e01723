"""People and data for the annual report tests."""

import pytest
from django.core.cache import cache

from lagesbild.demo_rapport import load_demo_arsuppfoljning
from organisation.roles import ADMINISTRATOR, ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from samverkan.demo import load_demo_insatser
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def empty_cache(django_db_setup, django_db_blocker):
    """Printed PDFs are cached by their data's checksum; each test starts without them.

    The shared cache is the database cache here, as in production without Redis; tests that
    read module-wide data have no database of their own at this point, hence the unblock.
    """
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def demo(boras):
    """Borås with its demo insatser and the annual report's demo data, as `make run` has."""
    load_demo_insatser()
    load_demo_arsuppfoljning()
    return boras


@pytest.fixture
def official(db):
    return UserFactory(username="tjansteperson", roles=[TJANSTEPERSON])


@pytest.fixture
def coordinator(db):
    return UserFactory(
        username="samordnare", first_name="Sara", last_name="Samordnare", roles=[COORDINATOR_ROLE]
    )


@pytest.fixture
def analyst(db):
    return UserFactory(username="analytiker", roles=[ANALYTIKER])


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", roles=[ADMINISTRATOR])
