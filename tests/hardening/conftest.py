"""A small kommun with every kind of row, the demo-like roles, and a row counter.

The hostile-input tests post and fetch as the people the demo has (an official in a group and
a forum, a coordinator, an analyst, an administrator) and check after every refused request
that no table gained or lost a row.
"""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from lagesbild.models import BRA_FORUM_SLUG
from organisation.models import Forummedlemskap
from organisation.roles import ADMINISTRATOR, ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from tests.factories import (
    AktivitetFactory,
    AtgardFactory,
    AtgardsplanFactory,
    BeslutFactory,
    FokusomradeFactory,
    ForumFactory,
    ForummedlemskapFactory,
    GruppmedlemskapFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    OmradeFactory,
    ProblemFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
    UserFactory,
    approve,
)

MARKER = "<script>alert('h4')</script>"


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def count_rows() -> dict[str, int]:
    """Rows per table of every installed model, history and sessions included; one query."""
    # The login throttle records every refused login on purpose (axes' tables): that is the
    # refusal working, not a half-written request.
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label != "axes"
        }
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM {quote(table)}"  # noqa: S608 - names from the models
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


@pytest.fixture
def row_counts():
    """Call before a request; `row_counts.assert_unchanged()` after it."""

    class Counter:
        def __init__(self):
            self.before = None

        def snapshot(self):
            self.before = count_rows()

        def assert_unchanged(self):
            after = count_rows()
            changed = {
                name: (self.before[name], after[name])
                for name in after
                if after[name] != self.before.get(name)
            }
            assert not changed, f"rows changed after a refused request: {changed}"

    return Counter()


@pytest.fixture
def world(db):
    """One of every row a hostile request could aim at, and the people who can reach them."""
    return build_world()


@pytest.fixture(scope="module")
def shared_world(module_db):
    """The same kommun, built once for all the tests of a module (see `module_db`)."""
    return build_world()


def build_world():
    area = SamverkansomradeFactory(name="Lokal samverkan", slug="lokal-samverkan")
    grupp = SamverkansgruppFactory(samverkansomrade=area, name="Områdesnätverk Hulta")
    omrade = OmradeFactory(name="Hulta", slug="hulta")
    fokus = FokusomradeFactory(slug="fokus-ungdomar")
    forum = ForumFactory(name="Brottsförebyggande rådet", slug=BRA_FORUM_SLUG)
    official = UserFactory(username="tjansteperson", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=official, grupp=grupp)
    ForummedlemskapFactory(user=official, forum=forum, role=Forummedlemskap.Role.FORUM_COORDINATOR)
    coordinator = UserFactory(username="samordnare", roles=[COORDINATOR_ROLE])
    area.coordinators.add(coordinator)
    ForummedlemskapFactory(user=coordinator, forum=forum)
    analyst = UserFactory(username="analytiker", roles=[ANALYTIKER])
    ForummedlemskapFactory(user=analyst, forum=forum)
    administrator = UserFactory(username="admin", roles=[ADMINISTRATOR])
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()

    insats = InsatsFactory(
        title="Trygghetsvandring i Hulta",
        slug="trygghetsvandring-i-hulta",
        samverkansomrade=area,
        grupp=grupp,
        published=True,
        omraden=[omrade],
        fokusomraden=[fokus],
    )
    aktivitet = AktivitetFactory(insats=insats, omrade=omrade)
    uppfoljning = UppfoljningFactory(insats=insats)
    mote = MoteFactory(forum=forum, published=True)
    beslut = BeslutFactory(mote=mote)
    lagesbild = LagesbildFactory(title="Lägesbild 2024")
    problem = ProblemFactory(lagesbild=lagesbild, title="Otrygghet vid torget")
    approve(lagesbild, forum=forum, on=date(2025, 2, 20))
    plan = AtgardsplanFactory(lagesbild=lagesbild)
    atgard = AtgardFactory(atgardsplan=plan, problem=problem, insats=insats)
    indikator = IndikatorFactory()
    IndikatorvardeFactory(indikator=indikator, year=2024)
    return {
        "area": area,
        "grupp": grupp,
        "omrade": omrade,
        "fokus": fokus,
        "forum": forum,
        "official": official,
        "coordinator": coordinator,
        "analyst": analyst,
        "administrator": administrator,
        "insats": insats,
        "aktivitet": aktivitet,
        "uppfoljning": uppfoljning,
        "mote": mote,
        "beslut": beslut,
        "lagesbild": lagesbild,
        "problem": problem,
        "plan": plan,
        "atgard": atgard,
        "indikator": indikator,
    }
