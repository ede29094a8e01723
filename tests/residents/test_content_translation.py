"""Public content in the visitor's language, or in Swedish marked as such."""

import re
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError

from lagesbild.models import Indikator
from organisation.models import Forum, Kommun
from organisation.translation import translated, translation_languages
from samverkan.models import Insats, Omrade
from tests.factories import (
    ForumFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    OmradeFactory,
)

NOTICE_EN = "The content is only available in Swedish."
PERSONNUMMER = "811218-9876"
# The text sits directly inside an element marked Swedish (only tags between them).
FALLBACK_MARK = r'lang="sv"[^<]*>(<[^>]+>)*$'


def _insats_detail(english: bool):
    insats = InsatsFactory(
        published=True,
        title="Trygghetsvandring i Sjöbo",
        summary="Boende och polis går tillsammans.",
        description="Vi **går** genom området en gång i månaden.",
        **(
            {
                "title_en": "Safety walk in Sjöbo",
                "summary_en": "Residents and police walk together.",
                "description_en": "We **walk** through the area once a month.",
            }
            if english
            else {}
        ),
    )
    return insats.get_absolute_url(), "Trygghetsvandring i Sjöbo", "Safety walk in Sjöbo"


def _insats_list(english: bool):
    InsatsFactory(
        published=True,
        title="Grannsamverkan Norrby",
        summary="Grannar håller utkik.",
        **(
            {"title_en": "Neighbourhood watch Norrby", "summary_en": "Neighbours keep watch."}
            if english
            else {}
        ),
    )
    return "/insatser/", "Grannar håller utkik.", "Neighbours keep watch."


def _forum(english: bool):
    forum = ForumFactory(
        name="Trygghetsrådet",
        purpose="Rådet samordnar arbetet.",
        **(
            {"name_en": "The safety council", "purpose_en": "The council coordinates the work."}
            if english
            else {}
        ),
    )
    return forum.get_absolute_url(), "Rådet samordnar arbetet.", "The council coordinates the work."


def _omrade(english: bool):
    omrade = OmradeFactory(
        description="Ett område med många unga familjer.",
        **({"description_en": "A district with many young families."} if english else {}),
    )
    return (
        omrade.get_absolute_url(),
        "Ett område med många unga familjer.",
        "A district with many young families.",
    )


def _indikator(english: bool):
    indikator = IndikatorFactory(
        name="Anmälda cykelstölder",
        unit="per 1 000 invånare",
        description="Polisens statistik över anmälda brott.",
        **(
            {
                "name_en": "Reported bicycle thefts",
                "unit_en": "per 1,000 inhabitants",
                "description_en": "Police statistics of reported crimes.",
            }
            if english
            else {}
        ),
    )
    IndikatorvardeFactory(indikator=indikator, year=2023, value=Decimal("4.2"))
    return indikator.get_absolute_url(), "Anmälda cykelstölder", "Reported bicycle thefts"


def _nyckeltal(english: bool):
    _indikator(english)
    return (
        "/nyckeltal/",
        "Polisens statistik över anmälda brott.",
        "Police statistics of reported crimes.",
    )


def _start(english: bool):
    Kommun.objects.update(
        introduction="Tillsammans gör vi Borås tryggare.",
        introduction_en="Together we make Borås safer." if english else "",
    )
    return "/", "Tillsammans gör vi Borås tryggare.", "Together we make Borås safer."


PAGE_KINDS = {
    "start page": _start,
    "intervention": _insats_detail,
    "interventions list": _insats_list,
    "forum": _forum,
    "district": _omrade,
    "key figure": _indikator,
    "key figures": _nyckeltal,
}


def _element_around(html: str, text: str) -> str:
    """What comes before ``text``'s first place in the page's main content."""
    start = html.index(text, html.index("<main"))
    return html[max(0, start - 400) : start]


def _every_place_of(html: str, text: str) -> list[str]:
    main = html[html.index("<main") :]
    return [main[max(0, m.start() - 400) : m.start()] for m in re.finditer(re.escape(text), main)]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_translated_text_is_shown_in_the_visitors_language(client, boras, kind):
    url, swedish, english = PAGE_KINDS[kind](english=True)

    html = client.get("/en" + url).content.decode()

    assert english in html
    assert swedish not in html
    assert not re.search(FALLBACK_MARK, _element_around(html, english))


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_an_untranslated_text_is_shown_in_swedish_marked_and_with_a_notice(client, boras, kind):
    url, swedish, english = PAGE_KINDS[kind](english=False)

    html = client.get("/en" + url).content.decode()

    assert english not in html
    places = _every_place_of(html, swedish)
    assert places
    for before in places:
        assert re.search(FALLBACK_MARK, before), before[-200:]
    assert NOTICE_EN in html or "(only in Swedish)" in html


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_the_swedish_page_shows_the_original_without_any_notice(client, boras, kind):
    url, swedish, english = PAGE_KINDS[kind](english=True)

    html = client.get(url).content.decode()

    assert swedish in html
    assert english not in html
    assert "Innehållet finns bara på svenska" not in html and "bara på svenska" not in html


def test_the_unit_of_a_key_figure_is_translated_or_marked_swedish(client, boras):
    _indikator(english=False)
    untranslated = client.get("/en/nyckeltal/").content.decode()
    Indikator.objects.update(unit_en="per 1,000 inhabitants")
    translated_page = client.get("/en/nyckeltal/").content.decode()

    assert '<span lang="sv">Per 1 000 invånare</span>' in untranslated
    assert "<span>Per 1,000 inhabitants</span>" in translated_page
    assert "1 000 invånare" not in translated_page


def test_finnish_falls_back_to_swedish_with_the_notice_in_finnish(client, boras):
    url, swedish, _english = _insats_detail(english=True)

    html = client.get("/fi" + url).content.decode()

    assert swedish in html
    assert "Sisältö on saatavilla vain ruotsiksi." in html


def test_a_language_without_columns_reads_swedish_marked(client, boras, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]
    url, swedish, english = _insats_detail(english=True)

    html = client.get("/ar" + url).content.decode()

    assert swedish in html and english not in html
    assert '<span lang="sv">Trygghetsvandring i Sjöbo</span>' in html


def test_the_content_languages_are_fixed_in_the_code_not_the_environment():
    assert django_settings.CONTENT_LANGUAGES == ("sv", "en", "fi")
    for model in (Insats, Forum, Omrade, Indikator, Kommun):
        columns = {field.name for field in model._meta.get_fields()}
        for name in model.translated_fields:
            for code in translation_languages():
                assert f"{name}_{code}" in columns, (model, name, code)


def test_a_blank_translation_counts_as_missing(db):
    insats = InsatsFactory.build(title="Feriearbete", title_en="   ")

    text = translated(insats, "title", "en")

    assert text == "Feriearbete" and text.fallback and text.lang == "sv"


# -- The publication guard reads every language ------------------------------------------


def test_a_personnummer_in_an_english_field_of_a_public_insats_is_refused(db):
    insats = InsatsFactory(published=True)
    insats.description_en = f"Contact the organiser, {PERSONNUMMER}, for details."

    with pytest.raises(ValidationError) as caught:
        insats.save()

    assert "description_en" in caught.value.error_dict
    assert Insats.objects.get(pk=insats.pk).description_en == ""


def test_a_personnummer_in_an_english_field_of_a_draft_is_saved_as_the_swedish_would_be(db):
    insats = InsatsFactory(summary_en=f"Ask {PERSONNUMMER}")

    insats.refresh_from_db()
    assert insats.summary_en == f"Ask {PERSONNUMMER}"


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (ForumFactory, "purpose_fi"),
        (OmradeFactory, "description_en"),
        (IndikatorFactory, "name_en"),
    ],
)
def test_a_personnummer_in_a_translation_of_always_public_text_is_refused(db, factory, field):
    row = factory()
    setattr(row, field, PERSONNUMMER)

    with pytest.raises(ValidationError) as caught:
        row.save()

    assert field in caught.value.error_dict


def test_a_personnummer_in_the_english_start_page_text_is_refused(boras):
    kommun = Kommun.objects.get()
    kommun.goal_en = f"Call {PERSONNUMMER}"

    with pytest.raises(ValidationError):
        kommun.save()


# -- The public page cache ----------------------------------------------------------------


def test_a_translated_edit_invalidates_the_cached_english_page(client, boras, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    url, _swedish, english = _insats_detail(english=True)
    client.get("/en" + url)
    assert client.get("/en" + url)["X-Public-Cache"] == "hit"

    insats = Insats.objects.get(title_en=english)
    insats.title_en = "Evening safety walk in Sjöbo"
    insats.save()
    response = client.get("/en" + url)

    assert response["X-Public-Cache"] == "miss"
    assert "Evening safety walk in Sjöbo" in response.content.decode()
