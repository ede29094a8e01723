"""A district with an EST group, the receivers of tips and a helper that sends a good tip."""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from lagesbild import tips_abuse
from organisation.roles import ADMINISTRATOR, ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from tests.factories import (
    GruppmedlemskapFactory,
    OmradeFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache(db):
    """Rate-limit counters and used challenges live in the shared cache: each test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hulta(db):
    return OmradeFactory(name="Hulta", slug="hulta")


@pytest.fixture
def norrby(db):
    return OmradeFactory(name="Norrby", slug="norrby")


@pytest.fixture
def trygga_miljoer(db):
    return SamverkansomradeFactory(name="Trygga miljöer", slug="trygga-miljoer", receives_tips=True)


@pytest.fixture
def est_hulta(hulta):
    grupp = SamverkansgruppFactory(name="EST Hulta", slug="est-hulta", kind="est", is_public=False)
    grupp.omraden.add(hulta)
    return grupp


@pytest.fixture
def receiver(trygga_miljoer):
    user = UserFactory(username="trygga-samordnare", roles=[COORDINATOR_ROLE])
    trygga_miljoer.coordinators.add(user)
    return user


@pytest.fixture
def est_member(est_hulta):
    user = UserFactory(username="est-hulta", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=est_hulta)
    return user


@pytest.fixture
def analyst(db):
    return UserFactory(username="analytiker-tips", roles=[ANALYTIKER])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin-tips", roles=[ADMINISTRATOR])


def opened_long_ago(seconds=60) -> str:
    return signing.dumps(int(time.time()) - seconds, salt=tips_abuse._FORM_SALT)


def tip_data(omrade, **changes) -> dict:
    data = {
        "omrade": omrade.pk,
        "place": "Gångvägen mot Pickesjön",
        "kategori": "dalig-belysning",
        "times": ["kvall", "natt"],
        "weekdays": ["helg"],
        "text": "Mörkt och buskigt längs hela sträckan.",
        "contact_email": "",
        "opened": opened_long_ago(),
        "website": "",
    }
    return data | changes


@pytest.fixture
def send_tip(client):
    def send(omrade, **changes):
        return client.post(reverse("lagesbild:tips"), tip_data(omrade, **changes))

    return send
