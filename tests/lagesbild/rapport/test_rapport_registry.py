"""The report's chapters are registered sections; the EST year is in the internal edition only."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from lagesbild.demo_est import load_demo_est
from lagesbild.pdf import render_report_pdf
from lagesbild.rapport import INTERNAL, build_report_data, registry, section
from lagesbild.rapport.registry import sections_for
from tests.lagesbild.rapport.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_report_opens_with_the_proposal_for_decision_and_ends_with_the_appendices():
    keys = [spec.key for spec in sections_for(public=False)]

    assert keys[:2] == ["forslag", "sammanfattning"]
    assert keys[-2:] == ["minnesanteckningar", "bilaga"]
    assert "est" in keys
    assert "est" not in [spec.key for spec in sections_for(public=True)]


@dataclass
class ExtraData:
    text: str


def test_an_app_adds_a_chapter_by_registering_it_without_a_central_list(tmp_path):
    template = tmp_path / "extra.html"
    template.write_text("<p>Extra kapitel: {{ data.text }}</p>", encoding="utf-8")

    @section("extra-test", order=115, title=lambda: "Ett extra kapitel", template=template)
    def build(context):
        return ExtraData(text=f"året {context.year}")

    try:
        report = build_report_data(year=2025, public=True)
        keys = [s.key for s in report.sections]
        assert keys.index("extra-test") == keys.index("minnesanteckningar") + 1
        assert "Extra kapitel: året 2025" in pdf_text(render_report_pdf(report))
    finally:
        registry._SECTIONS.pop("extra-test")


def test_a_section_cannot_be_registered_for_an_edition_that_does_not_exist():
    with pytest.raises(ValueError, match="Unknown report editions"):
        section("fel", order=1, title=lambda: "Fel", editions=("hemlig",))
    with pytest.raises(ValueError, match="Two report sections are called sammanfattning"):
        section("sammanfattning", order=1, title=lambda: "Dubblett", editions=(INTERNAL,))(
            lambda context: None
        )


def test_the_est_year_is_in_the_internal_edition_and_nothing_of_it_in_the_public(boras):
    load_demo_est()
    year = timezone.localdate().year

    internal = build_report_data(year=year, public=False)
    public = build_report_data(year=year, public=True)

    est = next(s for s in internal.sections if s.key == "est").data
    assert {g.name for g in est.groups} == {"EST Hulta", "EST Hässleholmen"}
    assert all(g.reports > 0 and g.categories for g in est.groups)
    assert "est" not in [s.key for s in public.sections]
    assert "EST Hulta" not in public.canonical_json()
    internal_text = pdf_text(render_report_pdf(internal))
    public_text = pdf_text(render_report_pdf(public))
    assert "EST Hulta" in internal_text
    for marker in ("EST Hulta", "EST Hässleholmen", "EST: händelser"):
        assert marker not in public_text


def test_the_est_chapter_says_so_when_the_year_has_no_reports(boras):
    report = build_report_data(year=2024, public=False)

    assert next(s for s in report.sections if s.key == "est").data.groups == []
