"""The report's data builders make as many queries for a busy year as for a quiet one."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagesbild.models import Lofte, Medborgarloften
from lagesbild.rapport import build_report_data
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    BeslutFactory,
    ForumdeltagandeFactory,
    ForumFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    OmradeFactory,
    ProblemFactory,
    UppfoljningFactory,
)

pytestmark = pytest.mark.django_db
YEAR = 2025
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _add_year_of_data(n: int) -> None:
    """n of every kind the report reads: insatser, meetings, figures, plans and promises."""
    for k in range(n):
        omrade = OmradeFactory()
        insats = InsatsFactory(published=True, start_date=date(YEAR, 2, 1), omraden=[omrade])
        UppfoljningFactory(insats=insats, date=date(YEAR, 3, 1))
        forum = ForumFactory()
        ForumdeltagandeFactory(forum=forum)
        starts = datetime(YEAR, 4, 1 + k, 9, tzinfo=STOCKHOLM)
        mote = MoteFactory(
            forum=forum, published=True, starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
        BeslutFactory(mote=mote)
        indikatorvarde = IndikatorvardeFactory(year=YEAR, value=Decimal("12"))
        lagesbild = LagesbildFactory()
        problem = ProblemFactory(lagesbild=lagesbild, is_public=True)
        plan = AtgardsplanFactory(
            lagesbild=lagesbild, period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31)
        )
        AtgardFactory(
            atgardsplan=plan,
            problem=problem,
            insats=insats,
            indikator=indikatorvarde.indikator,
            target=Decimal("10"),
        )
        loften = Medborgarloften.objects.create(year=YEAR, omrade=omrade, title=f"Löften {k}")
        Lofte.objects.create(
            medborgarloften=loften, promise="Vandringar", planned_output="2", insats=insats
        )


def _queries(public: bool) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_report_data(year=YEAR, public=public)
    return len(queries)


@pytest.mark.parametrize("public", [False, True], ids=["intern", "publik"])
def test_the_data_builders_make_as_many_queries_for_more_data(public):
    _add_year_of_data(1)
    _queries(public)  # the sections' modules are imported once
    few = _queries(public)

    _add_year_of_data(4)

    assert _queries(public) == few
