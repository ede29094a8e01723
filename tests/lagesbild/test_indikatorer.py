"""Key figures on the public pages, the chart, the shipped data and the query budget."""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lagesbild.charts import render_indicator_svg
from lagesbild.indikatordata import load_indikatorer
from lagesbild.models import Indikator, Indikatorvarde
from tests.factories import (
    IndikatorFactory,
    IndikatorvardeFactory,
    JamforelsekommunFactory,
    JamforelsevardeFactory,
    UserFactory,
)


@pytest.fixture
def boras(boras_module, db):
    """Borås's structure, loaded once for the module (every test here may see it)."""
    return boras_module


@pytest.fixture
def seed(boras):
    """Borås with the shipped key figures, as `make run` loads them."""
    load_indikatorer()


def page_html(client, name="lagesbild:nyckeltal", **kwargs) -> str:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, code: str) -> str:
    """The part of the overview about one indicator."""
    start = html.index(f'id="rubrik-{code.lower()}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_overview_is_public_and_shows_the_seed_values_with_a_decimal_comma(client, seed):
    html = page_html(client)

    assert "<h1>Nyckeltal</h1>" in html
    violence = section(html, "OJ-VALDSBROTT")
    assert '<td class="text-end">10,3</td>' in violence
    assert '<td class="text-end">10,4</td>' in violence
    assert '<td class="text-end">8,2</td>' in violence
    assert '<td class="text-end">0,34</td>' in section(html, "OJ-BRANDER")
    assert "10.3" not in violence


def test_overview_shows_the_median_and_the_trend_in_words(client, seed):
    html = page_html(client)

    violence = section(html, "OJ-VALDSBROTT")
    assert "Ökade från 10,3 år 2016 till 10,4 år 2017 – en försämring." in violence
    assert "Sämre än mediankommunen år 2017 (10,4 mot 8,2)." in violence
    assert '<th scope="col" class="text-end">Mediankommunen</th>' in violence
    fires = section(html, "OJ-BRANDER")
    assert "Minskade från 0,50 år 2016 till 0,34 år 2017 – en förbättring." in fires
    assert "Bättre än mediankommunen år 2017 (0,34 mot 0,49)." in fires
    # Preparedness: a higher score is better, so falling from 9 to 8 is worse.
    command = section(html, "OJ-LEDNING")
    assert "Minskade från 9 år 2016 till 8 år 2017 – en försämring." in command
    assert "Samma som mediankommunen år 2017 (5)." in section(html, "OJ-OMRADESANSVAR")
    assert "Oförändrat: 39,7 år 2017, liksom år 2016." in section(html, "OJ-STOLD")


def test_each_chart_is_an_accessible_inline_svg_with_the_values_as_text(client, seed):
    violence = section(page_html(client), "OJ-VALDSBROTT")

    svg = violence[violence.index("<svg") : violence.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="diagram-oj-valdsbrott-titel diagram-oj-valdsbrott-beskrivning"' in svg
    assert (
        '<title id="diagram-oj-valdsbrott-titel">Anmälda våldsbrott, per 1 000 invånare</title>'
        in svg
    )
    assert (
        '<desc id="diagram-oj-valdsbrott-beskrivning">Borås Stad: 10,3 (2016), 10,4 (2017). '
        "Mediankommunen: 8,2 (2017).</desc>" in svg
    )
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert {"10,3", "10,4", "8,2", "2016", "2017", "Borås Stad", "Mediankommunen"} <= set(labels)
    assert 'font-family="DejaVu Sans' in svg
    assert "<script" not in svg and "style=" not in svg


def test_yes_no_items_are_a_table_with_the_share_answering_yes_not_a_chart(client, seed):
    fire_safety = section(page_html(client), "OJ-BRANDSKYDD")

    assert "<svg" not in fire_safety
    assert '<td class="text-end">Ja</td>' in fire_safety
    assert '<td class="text-end">79\xa0%</td>' in fire_safety
    assert "Ja år 2017. 79\xa0% av landets kommuner svarade ja." in fire_safety
    assert "Andel ja, hela landet" in fire_safety


def test_tables_have_a_caption_and_scoped_headers(client, seed):
    violence = section(page_html(client), "OJ-VALDSBROTT")

    assert "<caption>Anmälda våldsbrott, per 1 000 invånare</caption>" in violence
    assert '<th scope="col">År</th>' in violence
    assert '<th scope="row">2017</th>' in violence


def test_indicators_without_values_are_not_shown(client, seed):
    html = page_html(client)

    assert Indikator.objects.filter(code="N07403", varden__isnull=True).exists()
    assert "N07403" not in html
    assert "Anmälda brott (Kolada)" not in html
    assert client.get(reverse("lagesbild:indikator", kwargs={"code": "N07403"})).status_code == 404


def test_overview_loads_nothing_from_another_host(client, seed):
    response = client.get(reverse("lagesbild:nyckeltal"))

    html = response.content.decode()
    loaded = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert [url for url in loaded if re.match(r"^(https?:)?//", url)] == []
    assert "<image" not in html and "@import" not in html
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_indicator_page_shows_one_figure_with_a_larger_chart(client, seed):
    html = page_html(client, "lagesbild:indikator", code="OJ-BRANDER")

    assert "<h1>Utvecklade bränder i byggnad</h1>" in html
    assert 'width="720"' in html
    assert "Bättre än mediankommunen år 2017 (0,34 mot 0,49)." in html


def test_menu_and_sitemap_lead_to_the_key_figures(client, seed):
    start = client.get(reverse("samverkan:start")).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert '<a class="nav-link" href="/nyckeltal/">Nyckeltal</a>' in start
    assert "/nyckeltal/</loc>" in sitemap
    assert "/nyckeltal/OJ-BRANDER/</loc>" in sitemap
    assert "/nyckeltal/N07403/" not in sitemap


def test_english_page_uses_the_english_number_format(client, seed):
    # The request leaves English active in this thread; override() restores the language after.
    with translation.override("sv"):
        html = client.get("/en/nyckeltal/").content.decode()

    assert '<td class="text-end">10.3</td>' in html
    assert "Worse than the median municipality in 2017 (10.4 against 8.2)." in html


def test_comparison_kommuner_get_a_column_of_their_own_on_the_indicator_page(client, boras):
    varde = IndikatorvardeFactory(indikator__code="N07403", year=2023, value=Decimal("1100.5"))
    JamforelsevardeFactory(
        indikator=varde.indikator,
        kommun=JamforelsekommunFactory(code="1480", name="Göteborg"),
        value=Decimal("1500"),
    )

    html = page_html(client, "lagesbild:indikator", code="N07403")

    assert '<th scope="col" class="text-end">Göteborg</th>' in html
    assert '<td class="text-end">1\xa0500,0</td>' in html


def test_the_overview_shows_the_kommun_and_the_median_and_links_to_the_comparisons(client, boras):
    varde = IndikatorvardeFactory(
        indikator__code="N07403",
        year=2023,
        value=Decimal("1100.5"),
        national_median=Decimal("900"),
    )
    JamforelsevardeFactory(
        indikator=varde.indikator,
        kommun=JamforelsekommunFactory(code="1480", name="Göteborg"),
        value=Decimal("1500"),
    )
    alone = IndikatorvardeFactory(indikator__code="N07404", year=2023, value=Decimal("3"))

    html = page_html(client)

    assert '<th scope="col" class="text-end">Mediankommunen</th>' in html
    assert '<td class="text-end">900,0</td>' in html
    assert "Göteborg" not in html
    assert "1\xa0500,0" not in html
    comparisons = reverse("lagesbild:indikator", kwargs={"code": "N07403"})
    assert f'<a href="{comparisons}">Jämför med andra kommuner' in html
    lone = reverse("lagesbild:indikator", kwargs={"code": alone.indikator.code})
    assert f'<a href="{lone}">Jämför med andra kommuner' not in html


def test_the_overview_reads_no_comparison_values_however_many_kommuner_there_are(client, boras):
    _grow(3)
    for number in range(40):
        kommun = JamforelsekommunFactory(code=f"{2000 + number}", name=f"Jämförkommun {number}")
        for indikator in Indikator.objects.all():
            JamforelsevardeFactory(indikator=indikator, kommun=kommun, year=2023)
    url = reverse("lagesbild:nyckeltal")
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()

    read = [q["sql"] for q in captured.captured_queries if "jamforelsevarde" in q["sql"]]
    assert read and all("EXISTS" in sql for sql in read)
    assert "Jämförkommun" not in html


def test_no_judgement_when_neither_direction_is_better(boras):
    indikator = IndikatorFactory(lower_is_better=None)
    IndikatorvardeFactory(indikator=indikator, year=2022, value=Decimal("5"))
    IndikatorvardeFactory(indikator=indikator, year=2023, value=Decimal("6"))

    indikator = Indikator.objects.with_series().get(pk=indikator.pk)

    assert indikator.trend().text == "Ökade från 5,0 år 2022 till 6,0 år 2023"
    assert indikator.trend().verdict is None
    assert indikator.median_comparison().text == ("Under mediankommunen år 2023 (6,0 mot 10,1).")


def test_words_follow_the_rounded_figures_the_reader_sees(boras):
    indikator = IndikatorFactory(decimals=1)
    IndikatorvardeFactory(
        indikator=indikator, year=2023, value=Decimal("8.24"), national_median=Decimal("8.21")
    )

    indikator = Indikator.objects.with_series().get(pk=indikator.pk)

    assert indikator.median_comparison().text == "Samma som mediankommunen år 2023 (8,2)."


def test_values_are_rounded_not_cut_off(boras):
    indikator = IndikatorFactory(decimals=2)

    assert indikator.format_value(Decimal("0.349")) == "0,35"
    assert indikator.format_value(Decimal("1043.5")) == "1\xa0043,50"


# ---------------------------------------------------------------------------
# The chart function, as the annual report calls it: no request, no template


def test_chart_escapes_names_and_needs_no_request(boras):
    indikator = IndikatorFactory(code="X1", name='Brott <script>alert("x")</script>')
    varde = IndikatorvardeFactory(indikator=indikator, year=2023)

    with translation.override("sv"):
        svg = render_indicator_svg(indikator, [varde], width=400, height=200, kommun_name="A&B")

    assert "<script>" not in svg
    assert "Brott &lt;script&gt;" in svg
    assert "A&amp;B: 12,3 (2023)." in svg
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'width="400" height="200" viewBox="0 0 400 200"' in svg


def test_chart_with_only_a_median_draws_the_median(boras):
    indikator = IndikatorFactory(code="X2")
    varde = IndikatorvardeFactory(indikator=indikator, value=None, national_median=Decimal("3"))

    svg = render_indicator_svg(indikator, [varde], width=400, height=200, id_prefix="rapport-x2")

    assert 'id="rapport-x2-titel"' in svg
    assert "Mediankommunen: 3,0 (2023)." in svg
    assert "Kommunen:" not in svg


def test_chart_refuses_a_yes_no_item(boras):
    indikator = IndikatorFactory(kind=Indikator.Kind.YES_NO)

    with pytest.raises(ValueError, match="table"):
        render_indicator_svg(indikator, [], width=400, height=200)


# ---------------------------------------------------------------------------
# The shipped data


def test_shipped_file_holds_the_oppna_jamforelser_figures_and_the_kolada_definitions(boras):
    summary = load_indikatorer()

    assert summary.new_indikatorer == 11
    violence = Indikatorvarde.objects.get(indikator__code="OJ-VALDSBROTT", year=2017)
    assert (violence.value, violence.national_median) == (Decimal("10.4"), Decimal("8.2"))
    fires = Indikator.objects.get(code="OJ-BRANDER")
    assert fires.lower_is_better is True
    assert [v.value for v in fires.varden.order_by("year")] == [Decimal("0.5"), Decimal("0.34")]
    answer = Indikatorvarde.objects.get(indikator__code="OJ-VARDGIVARE")
    assert (answer.year, answer.value, answer.national_share_yes) == (2017, 1, Decimal("34"))
    assert Indikator.objects.get(code="OJ-VARDGIVARE").kind == Indikator.Kind.YES_NO
    assert Indikator.objects.get(code="OJ-LEDNING").lower_is_better is False
    kolada = Indikator.objects.get(code="N07403")
    assert kolada.unit == "per 100 000 invånare"
    assert not kolada.varden.exists()
    assert {i.unit for i in Indikator.objects.filter(code__in=["U07417", "U07452"])} == {
        "per 1 000 invånare"
    }


def test_loading_again_adds_nothing_and_keeps_corrections(boras):
    load_indikatorer()
    Indikatorvarde.objects.filter(indikator__code="OJ-STOLD", year=2017).update(
        value=Decimal("39.6")
    )
    count = Indikatorvarde.objects.count()

    summary = load_indikatorer()

    assert (summary.new_indikatorer, summary.new_varden) == (0, 0)
    assert Indikatorvarde.objects.count() == count
    assert Indikatorvarde.objects.get(indikator__code="OJ-STOLD", year=2017).value == Decimal(
        "39.6"
    )


def test_a_bad_file_is_refused_with_its_place_and_nothing_is_written(boras, tmp_path):
    path = tmp_path / "nyckeltal.toml"
    path.write_text(
        '[[indikator]]\ncode = "OJ-A"\nname = "A"\nunit = "st"\nsource = "x"\n'
        "varden = [{ year = 2017, value = 1 }]\n\n"
        '[[indikator]]\ncode = "OJ-B"\nname = "B"\nunit = "st"\nsource = "x"\n'
        'varden = [{ year = 2017, value = "tio" }]\n',
        encoding="utf-8",
    )

    with pytest.raises(
        Exception, match=r"indikator\[OJ-B\]\.varden\[0\]: 'value' ska vara ett tal"
    ):
        call_command("load_indikatorer", str(path))

    assert not Indikator.objects.exists()


def test_demo_data_includes_the_key_figures(db, settings):
    settings.DEBUG = True

    call_command("load_demo")

    assert Indikatorvarde.objects.filter(indikator__code="OJ-VALDSBROTT").count() == 2


# ---------------------------------------------------------------------------
# Query budget


def _grow(total: int) -> None:
    """Indicators with three years of values and a comparison kommun each."""
    kommun = JamforelsekommunFactory(code="1480", name="Göteborg")
    for number in range(Indikator.objects.count(), total):
        indikator = IndikatorFactory(code=f"M{number:05d}", kind=Indikator.Kind.NUMBER)
        if number % 5 == 4:
            indikator.kind = Indikator.Kind.YES_NO
            indikator.save()
        for year in (2021, 2022, 2023):
            IndikatorvardeFactory(
                indikator=indikator,
                year=year,
                value=Decimal(number % 2),
                national_share_yes=Decimal("50"),
            )
            JamforelsevardeFactory(indikator=indikator, kommun=kommun, year=year)


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_overview_query_count_is_the_same_with_3_and_20_indicators(client, boras):
    url = reverse("lagesbild:nyckeltal")
    _grow(3)
    client.get(url)  # warm per-process caches

    small = _query_count(client, url)
    _grow(20)
    large = _query_count(client, url)

    assert Indikator.objects.published().count() == 20
    assert large == small
    assert small <= 5


def test_sitemap_query_count_does_not_grow_with_indicators(client, boras):
    _grow(3)
    client.get("/sitemap.xml")
    small = _query_count(client, "/sitemap.xml")
    _grow(20)

    assert _query_count(client, "/sitemap.xml") == small


# ---------------------------------------------------------------------------
# Admin


def test_administrator_edits_an_indicator_with_its_yearly_values(client, seed):
    admin = UserFactory(username="admin-nyckeltal", roles=["Administratör"])
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    indikator = Indikator.objects.get(code="OJ-VALDSBROTT")

    change = client.get(reverse("admin:lagesbild_indikator_change", args=[indikator.pk]))
    values = client.get(reverse("admin:lagesbild_indikatorvarde_changelist"), {"q": "OJ-STOLD"})

    assert change.status_code == 200
    assert 'value="10.4000"' in change.content.decode()
    assert values.status_code == 200
    assert "Anmälda stöld- och tillgreppsbrott" in values.content.decode()


def test_a_yes_no_item_refuses_other_values_than_one_and_zero(boras):
    varde = IndikatorvardeFactory.build(
        indikator=IndikatorFactory(kind=Indikator.Kind.YES_NO), value=Decimal("2")
    )

    with pytest.raises(ValidationError, match="1 eller 0"):
        varde.full_clean()


def test_a_changed_yes_no_answer_is_described_as_a_change(boras):
    indikator = IndikatorFactory(kind=Indikator.Kind.YES_NO, lower_is_better=False)
    IndikatorvardeFactory(indikator=indikator, year=2022, value=Decimal("0"))
    IndikatorvardeFactory(indikator=indikator, year=2023, value=Decimal("1"))

    trend = Indikator.objects.with_series().get(pk=indikator.pk).trend()

    assert (trend.text, trend.verdict_text) == (
        "Ändrades från Nej år 2022 till Ja år 2023",
        "en förbättring",
    )


def test_chart_renders_in_a_weasyprint_pdf_with_its_values_as_text(boras):
    from pypdf import PdfReader
    from weasyprint import HTML

    indikator = IndikatorFactory(code="X3", decimals=1)
    values = [
        IndikatorvardeFactory(indikator=indikator, year=2016, value=Decimal("10.3")),
        IndikatorvardeFactory(indikator=indikator, year=2017, value=Decimal("10.4")),
    ]
    svg = render_indicator_svg(indikator, values, width=560, height=280, kommun_name="Borås Stad")

    pdf = HTML(string=f"<html><body>{svg}</body></html>").write_pdf()

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    lines = text.split("\n")
    assert {"10,3", "10,4", "10,1", "2016", "2017"} <= set(lines)
    assert "Borås Stad" in text


def test_a_chart_above_a_table_leaves_out_the_values_but_keeps_axes_and_description(db):
    indikator = IndikatorFactory(code="X4", decimals=1)
    values = [
        IndikatorvardeFactory(indikator=indikator, year=2016, value=Decimal("10.3")),
        IndikatorvardeFactory(indikator=indikator, year=2017, value=Decimal("12.7")),
    ]

    labelled = render_indicator_svg(indikator, values, width=560, height=280)
    bare = render_indicator_svg(indikator, values, width=560, height=280, value_labels=False)

    assert 'font-weight="bold">12,7</text>' in labelled
    assert 'font-weight="bold">' not in bare
    # The year axis and the description read out every value still.
    assert ">2016</text>" in bare and ">2017</text>" in bare
    assert "12,7 (2017)" in bare


def test_a_kommun_with_many_figures_gets_them_ten_to_a_page_with_the_subjects_listed(client, boras):
    """Hundreds of figures were one page of 3 MB; now ten cards a page, every figure on
    exactly one page, and each subject links to the page where it starts."""
    subjects = ["Brott"] * 12 + ["Trygghet"] * 9 + [""] * 4
    for order, category in enumerate(subjects):
        IndikatorvardeFactory(indikator=IndikatorFactory(category=category, order=order))
    url = reverse("lagesbild:nyckeltal")

    pages = [client.get(url, {"sida": n}).content.decode() for n in (1, 2, 3)]
    shown = [re.findall(r'id="rubrik-(t\d+)"', html) for html in pages]

    assert [len(codes) for codes in shown] == [10, 10, 5]
    assert sorted(sum(shown, [])) == sorted(i.code.lower() for i in Indikator.objects.all())
    first = pages[0]
    assert "25 nyckeltal, per ämne" in first
    assert '<a href="#amne-1">Brott</a> (12)' in first
    assert '<a href="?sida=2#amne-2">Trygghet</a> (9)' in first
    assert '<a href="?sida=3#amne-3">Övriga nyckeltal</a> (4)' in first
    assert 'id="amne-2">Trygghet</h2>' in pages[1]
    assert "Sida 1 av 3" in first and 'href="?sida=2">Nästa' in first
    # A page number past the end or not a number gives a page, not an error.
    assert client.get(url, {"sida": "99"}).status_code == 200
    assert client.get(url, {"sida": "två"}).status_code == 200


def test_the_overview_makes_as_many_queries_with_ten_and_forty_figures(client, boras):
    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url, {"sida": 2})
        return len(captured)

    url = reverse("lagesbild:nyckeltal")
    for _ in range(12):
        IndikatorvardeFactory()
    few = queries()
    for _ in range(28):
        IndikatorvardeFactory()

    assert queries() == few
