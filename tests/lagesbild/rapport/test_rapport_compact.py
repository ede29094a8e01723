"""A busy year in the compact form: every insats and open decision is still listed, a few
insatser are described, and nothing internal reaches the public edition."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lagesbild.pdf import render_report_pdf
from lagesbild.rapport import build_report_data
from lagesbild.rapport.beslut import TABLE_UP_TO
from lagesbild.rapport.insatser import COMPACT_AFTER, DETAILED_PER_AREA
from tests.factories import (
    AtgardFactory,
    BeslutFactory,
    FokusomradeFactory,
    ForumFactory,
    InsatsFactory,
    MoteFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
)
from tests.lagesbild.rapport.pdf import overlapping_words, pdf_text
from tests.lagesbild.rapport.test_rapport_truth import YEAR, chapter

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
BUSY = COMPACT_AFTER + 5


@pytest.fixture
def busy_area():
    """An area with more insatser than the compact form's limit, each followed up once on
    its own day (insats n on 1 + n February), one focus area for all of them, and planted
    markers that only the internal edition may print."""
    area = SamverkansomradeFactory(name="Samverkan Väster")
    fokus = FokusomradeFactory(name="Trygga stråk")
    insatser = []
    for n in range(BUSY):
        insats = InsatsFactory(
            samverkansomrade=area,
            title=f"Stråkinsats {n:02d}",
            published=True,
            start_date=date(YEAR, 1, 1),
        )
        insats.fokusomraden.add(fokus)
        UppfoljningFactory(insats=insats, date=date(YEAR, 2, 1 + n), result=f"Resultat {n:02d}")
        insatser.append(insats)
    # The public insats 00 was followed up internally last of all, in December.
    UppfoljningFactory(
        insats=insatser[0],
        date=date(YEAR, 12, 20),
        result="HEMLIG-UPPFÖLJNING om Väster",
        is_public=False,
    )
    for title, traits in [
        ("HEMLIG-INSATS Väster", {"internal": True, "published": True}),
        ("UTKAST-INSATS Väster", {}),
    ]:
        hidden = InsatsFactory(
            samverkansomrade=area, title=title, start_date=date(YEAR, 1, 1), **traits
        )
        hidden.fokusomraden.add(fokus)
        UppfoljningFactory(insats=hidden, date=date(YEAR, 11, 30), result="HEMLIGT-RESULTAT")
    return insatser


def _described(html: str) -> list[str]:
    return re.findall(r"<h5>(Stråkinsats \d\d|HEMLIG-INSATS Väster|UTKAST-INSATS Väster)", html)


def test_a_busy_area_lists_every_insats_of_the_year_on_a_line_of_its_own(busy_area):
    for public in (False, True):
        html = chapter("insatser", public=public)

        assert 'class="insatslista"' in html
        lines = re.findall(r"<li>(Stråkinsats \d\d)", html)
        assert sorted(lines) == [f"Stråkinsats {n:02d}" for n in range(BUSY)]
        assert "Stråkinsats 05 · " in html and " · 6 feb</li>" in html.replace("&nbsp;", " ")
        assert "för många för att beskrivas en och en" in html


def test_a_busy_area_describes_at_most_five_the_most_recently_followed_up_first(busy_area):
    public = chapter("insatser", public=True)
    internal = chapter("insatser", public=False)

    # Public: the five latest public follow-ups are those of insatser 19 down to 15.
    latest = [f"Stråkinsats {n:02d}" for n in range(BUSY - 1, BUSY - 1 - DETAILED_PER_AREA, -1)]
    assert sorted(_described(public)) == sorted(latest)
    assert f"De {DETAILED_PER_AREA} senast uppföljda beskrivs närmare längre ned." in public
    # Internal: insats 00's internal follow-up in December and the two hidden insatser's
    # in November are later still.
    described = _described(internal)
    assert len(described) == DETAILED_PER_AREA
    assert {"Stråkinsats 00", "HEMLIG-INSATS Väster", "UTKAST-INSATS Väster"} <= set(described)
    assert f"{DETAILED_PER_AREA} av dem beskrivs närmare längre ned" in internal


def test_an_insats_of_the_action_plan_is_described_first_in_the_internal_edition_only(busy_area):
    AtgardFactory(insats=busy_area[3])  # followed up early, in February

    assert "Stråkinsats 03" in _described(chapter("insatser", public=False))
    assert "Stråkinsats 03" not in _described(chapter("insatser", public=True))


def test_the_compact_public_edition_has_no_internal_insats_follow_up_or_marking(busy_area):
    public = chapter("insatser", public=True)
    internal = chapter("insatser", public=False)

    for marker in ("HEMLIG-INSATS", "UTKAST-INSATS", "HEMLIG-UPPFÖLJNING", "HEMLIGT-RESULTAT"):
        assert marker not in public, marker
    assert "HEMLIG-INSATS Väster" in internal and "UTKAST-INSATS Väster" in internal
    assert "HEMLIG-UPPFÖLJNING" in internal
    assert 'class="markering"' not in public
    # The latest follow-up a resident is told of is the public one, not the internal one.
    public_line = re.search(r"<li>Stråkinsats 00 · [^<]*</li>", public).group(0)
    internal_line = re.search(r"<li>Stråkinsats 00 · [^<]*</li>", internal).group(0)
    assert public_line.replace("&nbsp;", " ").endswith(" · 1 feb</li>")
    assert internal_line.replace("&nbsp;", " ").endswith(" · 20 dec</li>")


def test_a_busy_focus_area_names_every_insats_and_counts_them(busy_area):
    public = chapter("overenskommelse", public=True)
    internal = chapter("overenskommelse", public=False)

    for n in range(BUSY):
        assert f"Stråkinsats {n:02d}" in public and f"Stråkinsats {n:02d}" in internal
    assert f"Insatser i fokusområdet under året: {BUSY};" in public
    assert f"Insatser i fokusområdet under året: {BUSY + 2};" in internal
    assert "HEMLIG-INSATS" not in public and "UTKAST-INSATS" not in public
    assert "HEMLIG-INSATS Väster" in internal


def test_many_open_decisions_are_each_listed_on_a_line_and_internal_ones_only_internally():
    forum = ForumFactory(name="Brå Väster")
    published = MoteFactory(
        forum=forum, starts_at=datetime(YEAR, 3, 4, 9, tzinfo=STOCKHOLM), published=True
    )
    unpublished = MoteFactory(forum=forum, starts_at=datetime(YEAR, 5, 6, 9, tzinfo=STOCKHOLM))
    for n in range(TABLE_UP_TO + 1):
        BeslutFactory(mote=published, text=f"Öppet beslut {n:02d}")
    BeslutFactory(mote=unpublished, text="HEMLIGT-BESLUT Väster")

    public = chapter("beslut", public=True)
    internal = chapter("beslut", public=False)

    assert 'class="beslutslista"' in public and "<table" not in public
    for n in range(TABLE_UP_TO + 1):
        assert f"<li>Öppet beslut {n:02d} " in public and f"<li>Öppet beslut {n:02d} " in internal
    assert "Brå Väster, Möte" in public and "4 mars 2025" in public
    assert "HEMLIGT-BESLUT" not in public and "HEMLIGT-BESLUT Väster" in internal


@pytest.mark.parametrize("public", [False, True], ids=["intern", "publik"])
def test_the_compact_form_prints_no_word_over_another(busy_area, public):
    content = render_report_pdf(build_report_data(year=YEAR, public=public))

    assert overlapping_words(content) == []
    text = pdf_text(content)
    assert "Stråkinsats 12" in text
    assert ("HEMLIG" in text) is not public
