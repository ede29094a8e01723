"""The annual report PDF as Kommunstyrelsen, a resident and a screen reader get it."""

import re
import socket
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from lagesbild.pdf import StaticFilesOnlyFetcher, pdf_static_base, render_html_to_pdf
from lagesbild.pdf import render_report_pdf as render
from lagesbild.rapport import build_report_data
from organisation.models import Forum
from samverkan.models import Insats, Samverkansomrade
from tests.factories import (
    ForumdeltagandeFactory,
    ForumFactory,
    InsatsFactory,
    MotesrytmFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
)
from tests.lagesbild.rapport.pdf import pdf_text, read_pdf

A4 = (595.28, 841.89)  # points


def _report_pdf(year, *, public):
    return render(build_report_data(year=year, public=public))


def test_pdf_has_every_area_every_forum_with_its_rhythm_and_the_years_insatser(demo):
    year = timezone.localdate().year
    text = pdf_text(_report_pdf(year, public=False))

    for area in Samverkansomrade.objects.all():
        assert area.name in text
    assert "Strategisk utvecklingsgrupp Heldag 2" in text
    assert "Brottsförebyggande rådet Fokusmöte 4–6" in text
    assert "Brottsförebyggande rådet Halvdag 3" in text
    # The long names wrap within their column (hyphenated), so the words are checked one by one.
    assert "Drogpolitiska" in text and "Ingen fast" in text and "efter behov" in text
    for title in [
        "Trygghetsvandringar",
        "Föräldrastöd för tonårsföräldrar",
        "Bättre belysning i gångtunnlar",
        "Utredning om kamerabevakning vid Hässleholmens centrum",
    ]:
        assert title in text
    assert "1 240 deltagare" in text
    # Ended years before: not an insats of this year.
    assert "72 timmar – unga förbereder sig för kris" not in text
    assert (
        f"Samverkansöverenskommelse mellan Polismyndigheten och Borås Stad {year - 2}–{year}"
        in (text)
    )


def test_previous_years_pdf_has_the_insatser_that_finished_and_were_cancelled_then(demo):
    year = timezone.localdate().year - 1
    text = pdf_text(_report_pdf(year, public=True))

    assert f"Årsuppföljning {year}" in text
    assert "Avslutade under året (1) Sommarlovsaktiviteter i Hulta" in text
    assert "Inställda under året (1) Föräldravandringar på Norrby" in text
    # Swedish dates and thousands separated by a space.
    assert "20 augusti: Omkring 650 besök" in text


def test_pdf_is_tagged_a4_with_embedded_fonts_page_numbers_language_and_title(db):
    InsatsFactory(published=True, start_date=date(2025, 3, 1))

    content = _report_pdf(2025, public=True)

    reader = read_pdf(content)
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "sv"
    assert reader.metadata.title.startswith("Årsuppföljning 2025 – Säker och trygg kommun")
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert {name.split("+")[-1] for name in fonts} >= {"DejaVu-Sans", "DejaVu-Serif"}
    assert all(fonts.values()), fonts
    text = pdf_text(content)
    assert f"Sida 1 av {len(reader.pages)}" in text
    assert f"Sida {len(reader.pages)} av {len(reader.pages)}" in text


def test_table_of_contents_gives_the_page_each_chapter_starts_on(db):
    InsatsFactory(published=True, start_date=date(2025, 3, 1))

    reader = read_pdf(_report_pdf(2025, public=False))

    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    lines = reader.pages[1].extract_text().splitlines()
    entries = [m.groups() for m in map(re.compile(r"^(.+?) \.{3,} ?(\d+)$").match, lines) if m]
    assert [title for title, _page in entries][:2] == ["Förslag till beslut", "Sammanfattning"]
    assert len(entries) >= 6
    for title, page in entries:
        assert title in pages[int(page) - 1], (title, page)


@pytest.fixture
def mixed_content(db):
    """One area with public and non-public content, each with a distinctive phrase."""
    area = SamverkansomradeFactory(name="Samverkan Söder")
    hidden_group = SamverkansgruppFactory(
        samverkansomrade=area, name="Sluten arbetsgrupp Falken", is_public=False
    )
    public = InsatsFactory(
        samverkansomrade=area,
        grupp=hidden_group,
        title="Öppen trygghetsvandring Söder",
        published=True,
        start_date=date(2025, 2, 1),
    )
    UppfoljningFactory(insats=public, date=date(2025, 4, 2), result="Vandring med boende i Söder")
    UppfoljningFactory(
        insats=public,
        date=date(2025, 5, 2),
        done="Intern avstämning om Kvarnbacken",
        result="",
        is_public=False,
    )
    InsatsFactory(samverkansomrade=area, title="Utkast om Lindängen", start_date=date(2025, 3, 1))
    InsatsFactory(
        samverkansomrade=area,
        title="Intern insats Rosendal",
        published=True,
        internal=True,
        start_date=date(2025, 3, 1),
    )
    forum = ForumFactory(
        name="Slutna forumet",
        is_public=False,
        description="Forumbeskrivning som bara är intern",
    )
    MotesrytmFactory(forum=forum, min_per_year=7, max_per_year=9)
    ForumdeltagandeFactory(forum=forum, represented_by="hemlig representation")
    return area


INTERNAL_ONLY = [
    "Intern avstämning om Kvarnbacken",
    "Utkast om Lindängen",
    "Intern insats Rosendal",
    "Sluten arbetsgrupp Falken",
    "Forumbeskrivning som bara är intern",
    "hemlig representation",
    "7–9",
]


def test_public_edition_contains_no_internal_or_draft_content(mixed_content):
    internal = pdf_text(_report_pdf(2025, public=False))
    public = pdf_text(_report_pdf(2025, public=True))

    for phrase in INTERNAL_ONLY:
        assert phrase in internal, phrase
        assert phrase not in public, phrase
    assert "Öppen trygghetsvandring Söder" in public
    assert "Vandring med boende i Söder" in public
    assert "Publik utgåva" in public
    assert "UTKAST" in internal and "UTKAST" not in public


def test_internal_forum_is_named_with_its_purpose_in_the_public_edition_as_on_its_page(
    mixed_content,
):
    forum = Forum.objects.get(name="Slutna forumet")

    public = pdf_text(_report_pdf(2025, public=True))

    assert f"{forum.name} {forum.purpose}" in public
    assert "Det här är ett internt forum" in public


def test_a_year_without_data_gives_an_empty_report_that_says_so(db):
    SamverkansomradeFactory(name="Samverkan Norr")

    text = pdf_text(_report_pdf(2031, public=True))

    assert "Inga insatser registrerade 2031." in text
    assert "Samverkan Norr" in text
    assert "Ingen samverkansöverenskommelse med Polisen gällde 2031." in text


def test_fetcher_serves_static_files_and_refuses_every_other_url(settings):
    fetcher = StaticFilesOnlyFetcher()

    css = fetcher.fetch(pdf_static_base() + "css/rapport.css")

    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    for url in [
        "http://example.org/x.png",
        "https://example.org/rapport.css",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "data:text/css,body{}",
        pdf_static_base() + "../../../etc/passwd",
        pdf_static_base() + "%2e%2e/%2e%2e/etc/passwd",
    ]:
        with pytest.raises((ValueError, FileNotFoundError)):
            fetcher.fetch(url)


def test_rendering_fetches_neither_local_files_nor_other_hosts(db, tmp_path, monkeypatch):
    stolen = tmp_path / "stulen.css"
    stolen.write_text('body::before { content: "HEMLIG FILINNEHALL"; }')
    secret = Path(tmp_path / "hemlig.txt")
    secret.write_text("HEMLIG TEXTFIL")
    connections = []
    monkeypatch.setattr(
        socket, "create_connection", lambda *args, **kwargs: connections.append(args)
    )
    html = f"""<!doctype html><html lang="sv"><head><title>Test</title>
      <link rel="stylesheet" href="{stolen.as_uri()}">
      <link rel="stylesheet" href="http://example.org/stil.css"></head>
      <body><p>Synlig text</p><img src="http://example.org/x.png" alt="bild">
      <img src="file:///etc/passwd" alt="lösenord"><object data="{secret.as_uri()}"></object>
      <iframe src="{secret.as_uri()}"></iframe></body></html>"""

    text = pdf_text(render_html_to_pdf(html))

    assert "Synlig text" in text
    assert "HEMLIG" not in text
    assert connections == []


def test_internal_pdf_marks_drafts_and_internal_insatser(mixed_content):
    draft = Insats.objects.get(title="Utkast om Lindängen")

    text = pdf_text(_report_pdf(2025, public=False))

    assert f"{draft.title} UTKAST" in text
    assert "Intern insats Rosendal INTERN" in text


def test_same_data_is_printed_once_and_printed_again_when_it_changes(client, db, monkeypatch):
    from lagesbild import pdf

    printed = []
    real_render = pdf.render_report_pdf
    monkeypatch.setattr(
        pdf, "render_report_pdf", lambda report: printed.append(report.year) or real_render(report)
    )
    insats = InsatsFactory(published=True, start_date=date(2025, 3, 1))
    url = "/rapporter/arsuppfoljning/2025/publik.pdf"

    first = client.get(url).content
    second = client.get(url).content
    insats.title = "Ändrad titel"
    insats.save()
    third = client.get(url).content

    assert printed == [2025, 2025]
    assert first == second
    assert "Ändrad titel" in pdf_text(third)
