"""The forum's rhythm against its meetings of a year: held, planned, required, missing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from organisation.services import cadence_overview
from tests.factories import ForumFactory, MoteFactory, MotesrytmFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def _row(forum, year, kind="halvdag"):
    return next(row for row in forum.cadence(year) if row.kind == kind)


def test_meetings_count_in_the_year_they_start_in_swedish_time(forum):
    # 00:30 on New Year's Day in Stockholm is still the old year in UTC.
    MoteFactory(forum=forum, starts_at=_at(2026, 1, 1, 0, 30))
    MoteFactory(forum=forum, starts_at=_at(2025, 12, 31, 23, 30))
    MoteFactory(forum=forum, starts_at=_at(2025, 6, 1))
    assert _row(forum, 2026).held == 1
    assert _row(forum, 2025).held == 2


def test_cancelled_meetings_count_neither_as_held_nor_as_planned(forum):
    MoteFactory(forum=forum, starts_at=_at(2025, 3, 1))
    MoteFactory(
        forum=forum, starts_at=_at(2025, 5, 1), status="installt", cancellation_reason="Sjukdom"
    )
    MoteFactory(forum=forum, starts_at=_at(2025, 11, 1), status="planerat", minutes="")
    row = _row(forum, 2025)
    assert (row.held, row.planned, row.required, row.missing) == (1, 1, 3, 1)
    assert not row.met
    assert row.describe() == "1 av 3 × halvdag genomförda, 1 planerat, 1 ännu inte planerat"


def test_kinds_are_counted_apart_and_a_met_rule_has_nothing_missing(forum):
    for month in (2, 5, 9):
        MoteFactory(forum=forum, starts_at=_at(2025, month, 3))
    MoteFactory(forum=forum, starts_at=_at(2025, 4, 3), kind="fokusmote")
    halvdag, fokus = _row(forum, 2025), _row(forum, 2025, "fokusmote")
    assert (halvdag.held, halvdag.missing, halvdag.met) == (3, 0, True)
    assert (fokus.held, fokus.missing, fokus.met) == (1, 3, False)


def test_a_forum_without_rhythm_has_no_rows(db):
    forum = ForumFactory()
    MoteFactory(forum=forum, starts_at=_at(2025, 4, 3))
    assert forum.cadence(2025) == []


def test_overview_of_many_forums_uses_a_fixed_number_of_queries(forum, django_assert_num_queries):
    other = ForumFactory()
    MotesrytmFactory(forum=other, kind="heldag", min_per_year=2, max_per_year=2)
    MoteFactory(forum=other, kind="heldag", starts_at=_at(2025, 3, 3))
    MoteFactory(forum=forum, starts_at=_at(2025, 3, 3))
    forums = list(type(forum).objects.prefetch_related("cadence_rules"))
    with django_assert_num_queries(1):
        overview = cadence_overview(forums=forums, year=2025)
    assert overview[other.pk][0].held == 1
    assert {row.kind: row.held for row in overview[forum.pk]} == {"halvdag": 1, "fokusmote": 0}
