"""Each chapter says what is true: when nothing happened, when it happened but is internal or
unpublished, and what happened, in both editions."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.template import Context
from django.utils import translation

from lagesbild.models import Arsbedomning
from lagesbild.rapport import build_report_data
from lagesbild.rapport.registry import Section
from tests.factories import (
    BeslutFactory,
    ForumdeltagandeFactory,
    ForumFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    OrganFactory,
    UppfoljningFactory,
)

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEAR = 2025


def _at(month, day):
    return datetime(YEAR, month, day, 9, 0, tzinfo=STOCKHOLM)


def chapter(key: str, *, public: bool) -> str:
    """The HTML of one chapter, as the preview and the PDF render it, whitespace collapsed."""
    report = build_report_data(year=YEAR, public=public)
    section: Section = next(s for s in report.sections if s.key == key)
    with translation.override("sv"):
        html = section.template.render(Context({"report": report, "data": section.data}))
    return " ".join(html.split())


# --- Key figures -----------------------------------------------------------------------


def test_key_figures_of_an_empty_year_say_no_figure_has_a_value(db):
    assert "Inget nyckeltal har något värde för 2025 eller tidigare år." in chapter(
        "nyckeltal", public=True
    )


def test_a_key_figure_measured_long_ago_is_shown_with_its_year_and_age(db):
    old = IndikatorFactory(code="OJ-GAMMAL", name="Gammalt nyckeltal")
    IndikatorvardeFactory(indikator=old, year=2016, value=Decimal("3.5"))
    IndikatorvardeFactory(indikator=old, year=2017, value=Decimal("4.5"))

    html = chapter("nyckeltal", public=True)

    assert "Gammalt nyckeltal" in html
    assert "4,5" in html and "3,5" in html
    assert "Senaste värde: 2017, 8 år före rapportåret." in html
    assert "Inget nyckeltal har något värde" not in html


def test_a_key_figure_of_the_report_year_says_so_and_later_values_stay_out(db):
    figure = IndikatorFactory(code="OJ-NY", name="Nytt nyckeltal")
    IndikatorvardeFactory(indikator=figure, year=YEAR, value=Decimal("1.5"))
    IndikatorvardeFactory(indikator=figure, year=YEAR + 1, value=Decimal("77.7"))

    html = chapter("nyckeltal", public=False)

    assert "Senaste värde: 2025." in html
    assert "77,7" not in html


# --- Lägesbilder -----------------------------------------------------------------------


def _faststalld(summary: str, *, published: bool):
    forum = ForumFactory()
    lagesbild = LagesbildFactory(title="Lägesbild i rapporten", public_summary=summary)
    lagesbild.status = "faststalld"
    lagesbild.adopted_by = forum
    lagesbild.adopted_on = date(YEAR, 3, 1)
    lagesbild.summary_published_at = _at(3, 2) if published else None
    lagesbild.save()
    return lagesbild


def test_no_lagesbild_fastställd_is_said_in_both_editions(db):
    for public in (False, True):
        assert "Ingen lägesbild fastställdes 2025." in chapter("lagesbilder", public=public)


def test_a_fastställd_lagesbild_with_an_unpublished_summary_is_not_denied(db):
    _faststalld("HEMLIG-SAMMANFATTNING om **mörka passager**", published=False)

    public = chapter("lagesbilder", public=True)
    internal = chapter("lagesbilder", public=False)

    assert "Ingen lägesbild fastställdes" not in public
    assert "1 lägesbild fastställdes 2025 men dess sammanfattning är inte publicerad." in public
    assert "HEMLIG-SAMMANFATTNING" not in public
    assert "<strong>mörka passager</strong>" in internal


def test_a_published_summary_is_rendered_as_markdown_in_both_editions(db):
    _faststalld("Fler **insatser** behövs.", published=True)

    for public in (False, True):
        html = chapter("lagesbilder", public=public)
        assert "Fler <strong>insatser</strong> behövs." in html
        assert "**" not in html


# --- Insatser --------------------------------------------------------------------------


def test_a_year_without_insatser_says_none_were_registered(db):
    assert "Inga insatser registrerade 2025." in chapter("insatser", public=True)


def test_a_year_with_internal_insatser_only_says_none_is_published_not_none_was_done(db):
    InsatsFactory(title="HEMLIG-INSATS", internal=True, published=True, start_date=date(YEAR, 2, 1))

    public = chapter("insatser", public=True)

    assert "Insatser genomfördes 2025, men ingen av dem är publicerad." in public
    assert "Inga insatser registrerade" not in public
    assert "HEMLIG-INSATS" not in public
    assert "HEMLIG-INSATS" in chapter("insatser", public=False)


def test_a_follow_up_result_is_rendered_as_markdown(db):
    insats = InsatsFactory(title="Trygghetsvandringar", published=True, start_date=date(YEAR, 1, 1))
    UppfoljningFactory(insats=insats, date=date(YEAR, 5, 1), result="Tre **mörka passager**.")

    html = chapter("insatser", public=False)

    assert "Tre <strong>mörka passager</strong>." in html
    assert "**" not in html


# --- Minutes ---------------------------------------------------------------------------


def test_a_year_without_meetings_says_no_meetings_were_held(db):
    for public in (False, True):
        assert "Inga möten hölls 2025." in chapter("minnesanteckningar", public=public)


def test_unpublished_minutes_are_in_the_internal_appendix_and_said_to_exist_in_the_public(db):
    forum = ForumFactory(name="Brå i rapporten")
    mote = MoteFactory(forum=forum, starts_at=_at(4, 1), minutes="HEMLIGA-ANTECKNINGAR om **x**")
    BeslutFactory(mote=mote, text="HEMLIGT-BESLUT om kameror")

    public = chapter("minnesanteckningar", public=True)
    internal = chapter("minnesanteckningar", public=False)

    assert "Möten hölls 2025, men inga av deras minnesanteckningar är publicerade." in public
    assert "HEMLIGA-ANTECKNINGAR" not in public and "HEMLIGT-BESLUT" not in public
    assert "HEMLIGA-ANTECKNINGAR om <strong>x</strong>" in internal
    assert "HEMLIGT-BESLUT om kameror" in internal
    assert "EJ PUBLICERAD" in internal.upper()


def test_published_minutes_are_printed_with_their_decisions_in_the_public_appendix(db):
    forum = ForumFactory(name="Brå i rapporten")
    mote = MoteFactory(
        forum=forum, starts_at=_at(4, 1), published=True, minutes="## Genomgång\n\nLäget i Hulta."
    )
    BeslutFactory(mote=mote, text="Belysningen ses över", due_date=date(YEAR, 6, 1))

    public = chapter("minnesanteckningar", public=True)

    assert "Läget i Hulta." in public and "<h2>Genomgång</h2>" in public
    assert "Belysningen ses över" in public and "senast 1 juni 2025" in public


# --- Attendance ------------------------------------------------------------------------


def test_attendance_counts_each_bodys_meetings_and_lists_members_who_never_came(db):
    forum = ForumFactory(name="Brå i rapporten")
    came = OrganFactory(name="Tekniska nämnden")
    absent = OrganFactory(name="Kulturnämnden")
    guest = OrganFactory(name="Polisen i rapporten")
    ForumdeltagandeFactory(forum=forum, organ=came)
    ForumdeltagandeFactory(forum=forum, organ=absent)
    for month in (2, 5):
        mote = MoteFactory(forum=forum, starts_at=_at(month, 1))
        mote.attended_by.add(came)
    MoteFactory(forum=forum, starts_at=_at(9, 1)).attended_by.add(guest)
    internal_forum = ForumFactory(name="HEMLIGT-FORUM", is_public=False)
    MoteFactory(forum=internal_forum, starts_at=_at(3, 1)).attended_by.add(came)

    internal = chapter("narvaro", public=False)
    public = chapter("narvaro", public=True)

    assert "Brå i rapporten: 3 genomförda möten" in internal
    assert 'Tekniska nämnden</td><td class="tal">2 av 3</td><td>Ja' in internal
    assert 'Kulturnämnden</td><td class="tal">0 av 3</td><td>Ja' in internal
    assert 'Polisen i rapporten</td><td class="tal">1 av 3</td><td>Nej, deltog som gäst' in (
        internal
    )
    assert "HEMLIGT-FORUM" in internal
    assert "HEMLIGT-FORUM" not in public
    assert "Brå i rapporten: 3 genomförda möten" in public


def test_attendance_without_forums_says_so(db):
    assert "Inga forum registrerade." in chapter("narvaro", public=True)


# --- The analyst's text ----------------------------------------------------------------


def test_without_an_assessment_the_report_says_none_has_been_written(db):
    for public in (False, True):
        assert "Inget förslag till beslut har skrivits för 2025." in chapter(
            "forslag", public=public
        )
        assert "Ingen bedömning har skrivits ännu." in chapter("sammanfattning", public=public)


def test_a_draft_assessment_is_marked_internally_and_not_published(db):
    Arsbedomning.objects.create(
        year=YEAR,
        proposal="UTKAST-FÖRSLAG att lägga **rapporten** till handlingarna",
        assessment="UTKAST-BEDÖMNING",
        conclusions="UTKAST-SLUTSATS",
    )

    internal = chapter("forslag", public=False)
    public = chapter("forslag", public=True)
    public_summary = chapter("sammanfattning", public=True)

    assert "UTKAST-FÖRSLAG att lägga <strong>rapporten</strong> till handlingarna" in internal
    assert "utkast" in internal
    assert "UTKAST-BEDÖMNING" in chapter("sammanfattning", public=False)
    assert "Förslaget till beslut skrivs" in public
    assert "UTKAST" not in public and "UTKAST" not in public_summary
    assert "Bedömningen skrivs" in public_summary


def test_a_submitted_assessment_is_in_the_public_edition(db):
    text = Arsbedomning.objects.create(
        year=YEAR, proposal="Lägg rapporten till handlingarna.", assessment="Arbetet gick bra."
    )
    text.submitted_at = _at(12, 1)
    text.save()

    assert "Lägg rapporten till handlingarna." in chapter("forslag", public=True)
    summary = chapter("sammanfattning", public=True)
    assert "Arbetet gick bra." in summary and "utkast" not in summary


def test_an_assessment_with_a_personnummer_is_refused_by_the_publication_guard(db):
    with pytest.raises(ValidationError):
        Arsbedomning.objects.create(year=YEAR, assessment="Gäller 19811218-9876 i Hulta.")
    assert not Arsbedomning.objects.exists()
