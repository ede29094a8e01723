"""People and places for the samverkan tests: one area with one group, and the five roles."""

import pytest

from organisation.roles import ADMINISTRATOR, ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from tests.factories import (
    GruppmedlemskapFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)


@pytest.fixture
def area(db):
    return SamverkansomradeFactory(name="Lokal samverkan i test", slug="lokal-samverkan-test")


@pytest.fixture
def grupp(area):
    return SamverkansgruppFactory(samverkansomrade=area, name="Områdesnätverk Hulta")


@pytest.fixture
def official(grupp):
    """A Tjänsteperson who is a member of the group that runs the insats."""
    user = UserFactory(username="tjansteperson", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=grupp)
    return user


@pytest.fixture
def other_official(db):
    """A Tjänsteperson in a group of another collaboration area."""
    user = UserFactory(username="annan-tjansteperson", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=SamverkansgruppFactory())
    return user


@pytest.fixture
def coordinator(area):
    user = UserFactory(username="samordnare", roles=[COORDINATOR_ROLE])
    area.coordinators.add(user)
    return user


@pytest.fixture
def analyst(db):
    return UserFactory(username="analytiker", roles=[ANALYTIKER])


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", roles=[ADMINISTRATOR])


@pytest.fixture
def superuser(db):
    user = UserFactory(username="superanvandare")
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return user
