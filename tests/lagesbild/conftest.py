"""People, places and lägesbilder for the lagesbild tests.

One samverkansområde with one group. The roles of the permission matrix: an analyst, a
member of Brå, a member of the area's group, the area's coordinator, a member of the
strategic group, an official of another area, an administrator.
"""

from datetime import date

import pytest
from django.utils import translation

from lagesbild.models import BRA_FORUM_SLUG, Lagesbild
from organisation.models import Forum
from organisation.roles import ADMINISTRATOR, ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from tests.factories import (
    ForumFactory,
    ForummedlemskapFactory,
    GruppmedlemskapFactory,
    LagesbildFactory,
    ProblemFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
    approve,
)


@pytest.fixture(autouse=True)
def swedish():
    """A request under /en/ leaves English active in the test thread; reverse() would follow."""
    with translation.override("sv"):
        yield


@pytest.fixture
def bra(db):
    return ForumFactory(name="Brottsförebyggande rådet", slug=BRA_FORUM_SLUG)


@pytest.fixture
def strategic_forum(db):
    return ForumFactory(
        name="Strategisk utvecklingsgrupp",
        slug="strategisk-utvecklingsgrupp",
        level=Forum.Level.STRATEGISK,
    )


@pytest.fixture
def area(db):
    return SamverkansomradeFactory(name="Lokal samverkan i test", slug="lokal-samverkan-test")


@pytest.fixture
def grupp(area):
    return SamverkansgruppFactory(samverkansomrade=area, name="Områdesnätverk Hulta")


@pytest.fixture
def analyst(db):
    return UserFactory(username="analytiker", roles=[ANALYTIKER])


@pytest.fixture
def bra_member(bra):
    user = UserFactory(username="bra-ledamot", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(user=user, forum=bra)
    return user


@pytest.fixture
def group_member(grupp):
    user = UserFactory(username="gruppmedlem", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=grupp)
    return user


@pytest.fixture
def coordinator(area):
    user = UserFactory(username="samordnare", roles=[COORDINATOR_ROLE])
    area.coordinators.add(user)
    return user


@pytest.fixture
def strategic_member(strategic_forum):
    user = UserFactory(username="strateg", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(user=user, forum=strategic_forum)
    return user


@pytest.fixture
def other_official(db):
    user = UserFactory(username="annan-tjansteperson", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=SamverkansgruppFactory())
    return user


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", roles=[ADMINISTRATOR])


def make_lagesbild(
    *, problems=("Våld i stadskärnan", "Inbrott i förråd"), faststalld=False, **kwargs
):
    """A lägesbild with problems in the given order of priority, approved if asked."""
    lagesbild = LagesbildFactory(**kwargs)
    for priority, title in enumerate(problems, start=1):
        ProblemFactory(lagesbild=lagesbild, title=title, priority=priority)
    if faststalld:
        approve(lagesbild)
    return lagesbild


@pytest.fixture
def area_draft(area):
    return make_lagesbild(
        title="Lägesbild Lokal samverkan 2024",
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
    )


@pytest.fixture
def area_faststalld(area):
    return make_lagesbild(
        title="Lägesbild Lokal samverkan 2023",
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        faststalld=True,
    )
