"""The report's chapters on meetings, decisions, lägesbilder, the action plan and key figures."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lagesbild.pdf import render_report_pdf
from lagesbild.rapport import build_report_data
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    BeslutFactory,
    ForumFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    MotesrytmFactory,
    ProblemFactory,
)
from tests.lagesbild.rapport.pdf import pdf_text

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEAR = 2025


def _at(month, day):
    return datetime(YEAR, month, day, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def year_data(db):
    """A public forum that kept part of its rhythm, an internal forum, and one of everything."""
    bra = ForumFactory(name="Brottsförebyggande rådet i rapporten", slug="bra", short_name="Brå")
    MotesrytmFactory(forum=bra, kind="halvdag", min_per_year=3, max_per_year=3)
    internal = ForumFactory(name="Hemliga gruppen", is_public=False)
    MotesrytmFactory(forum=internal, kind="heldag", min_per_year=2, max_per_year=2)
    published = MoteFactory(forum=bra, starts_at=_at(2, 5), published=True, title="Vårmötet")
    MoteFactory(forum=bra, starts_at=_at(5, 5), title="Sommarmötet")  # held, minutes unpublished
    MoteFactory(forum=bra, starts_at=_at(9, 5), status="installt", cancellation_reason="Sjukdom")
    MoteFactory(forum=bra, starts_at=datetime(YEAR - 1, 12, 1, tzinfo=STOCKHOLM))
    internal_meeting = MoteFactory(
        forum=internal, kind="heldag", starts_at=_at(3, 3), title="Internt möte"
    )
    BeslutFactory(mote=published, text="Öppet beslut om belysning", due_date=date(YEAR, 4, 1))
    BeslutFactory(mote=internal_meeting, text="Internt beslut om kameror")
    BeslutFactory(mote=published, text="Klart beslut", done=True)

    lagesbild = LagesbildFactory(
        title="Lägesbild för kommunen",
        analys="HEMLIG-ANALYS om nätverken",
        kartlaggning="HEMLIG-KARTLÄGGNING",
        public_summary="Otryggheten har minskat i centrum.",
    )
    ProblemFactory(lagesbild=lagesbild, title="Våld i nöjeslivet", priority=1, is_public=True)
    ProblemFactory(
        lagesbild=lagesbild, title="Internt problem om gäng", priority=2, is_public=False
    )
    lagesbild.status = "faststalld"
    lagesbild.adopted_by = bra
    lagesbild.adopted_on = date(YEAR, 2, 5)
    lagesbild.summary_published_at = _at(2, 6)
    lagesbild.save()
    plan = AtgardsplanFactory(
        lagesbild=lagesbild, title="Åtgärdsplan 2025", period_start=date(YEAR, 1, 1)
    )
    AtgardFactory(
        atgardsplan=plan,
        problem=lagesbild.problems.get(priority=1),
        insats=InsatsFactory(title="Krögarsamtal i rapporten", start_date=date(YEAR, 1, 1)),
    )
    vald = IndikatorFactory(code="OJ-VALD", name="Anmälda våldsbrott i rapporten")
    IndikatorvardeFactory(indikator=vald, year=YEAR - 1, value=Decimal("9.8"))
    IndikatorvardeFactory(
        indikator=vald, year=YEAR, value=Decimal("11.4"), national_median=Decimal("8.7")
    )
    IndikatorvardeFactory(indikator=vald, year=YEAR + 1, value=Decimal("77.7"))
    return {"bra": bra}


@pytest.fixture
def internal_text(year_data):
    return pdf_text(render_report_pdf(build_report_data(year=YEAR, public=False)))


@pytest.fixture
def public_text(year_data):
    return pdf_text(render_report_pdf(build_report_data(year=YEAR, public=True)))


def test_each_forum_has_its_held_and_required_meetings(internal_text):
    # Required 3, held 2 (the cancelled one and last year's do not count), none planned.
    assert "Brottsförebyggande rådet i rapporten Halvdag 3 2 0 1" in internal_text
    assert "Hemliga gruppen Heldag 2 1 0 1" in internal_text


def test_public_edition_counts_public_meetings_and_leaves_internal_forums_out(public_text):
    assert "Brottsförebyggande rådet i rapporten Halvdag 3 2 0 1" in public_text
    assert "Hemliga gruppen Heldag" not in public_text


def test_open_decisions_and_minutes_are_listed(internal_text, public_text):
    assert "Öppet beslut om belysning" in internal_text
    assert "Internt beslut om kameror" in internal_text
    # A decision marked done is not open; the minutes appendix still lists it, marked done.
    sections = {s.key: s.data for s in build_report_data(year=YEAR, public=False).sections}
    assert "Klart beslut" not in [d.text for d in sections["beslut"].decisions]
    appendix = [d for row in sections["minnesanteckningar"].minutes for d in row.decisions]
    assert [d.done for d in appendix if d.text == "Klart beslut"] == [True]
    assert "Vårmötet" in internal_text and "Sommarmötet" in internal_text
    assert "Öppet beslut om belysning" in public_text
    assert "Internt beslut om kameror" not in public_text
    assert "Sommarmötet" not in public_text  # its minutes are not published
    assert "Internt möte" not in public_text


def test_lagesbilder_are_reported_by_summary_never_by_analysis(internal_text, public_text):
    for text in (internal_text, public_text):
        assert "Otryggheten har minskat i centrum." in text
        assert "Våld i nöjeslivet" in text
        assert "HEMLIG-ANALYS" not in text
        assert "HEMLIG-KARTLÄGGNING" not in text
    assert "Internt problem om gäng" in internal_text
    assert "Internt problem om gäng" not in public_text


def test_the_action_plan_is_followed_up_in_the_internal_edition_only(internal_text, public_text):
    assert "Åtgärdsplan 2025" in internal_text
    assert "Krögarsamtal i rapporten" in internal_text
    # The marking is printed in capitals.
    assert "2. Internt problem om gäng INGA INSATSER – PROBLEMET ÄR OBESVARAT" in internal_text
    assert "Åtgärdsplan 2025" not in public_text


def test_key_figures_show_the_years_values_in_swedish_format_and_not_later_years(
    internal_text, public_text
):
    for text in (internal_text, public_text):
        assert "Anmälda våldsbrott i rapporten" in text
        assert "11,4" in text and "9,8" in text and "8,7" in text
        assert "77,7" not in text


def test_an_empty_year_has_a_clear_word_in_every_new_chapter(db):
    text = pdf_text(render_report_pdf(build_report_data(year=2019, public=False)))
    assert "Inga öppna beslut." in text
    assert "Ingen lägesbild fastställdes 2019." in text
    assert "Ingen åtgärdsplan gällde 2019." in text
    assert "Inga möten hölls 2019." in text
    assert "Inget förslag till beslut har skrivits för 2019." in text
    assert "Inget nyckeltal har något värde för 2019 eller tidigare år." in text
