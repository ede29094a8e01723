"""Open data: the page, the licence in every file, the DCAT-AP-SE catalogue and the key-figure
files, each against planted internal rows that must never appear beside a control that must."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rdflib import Graph, Namespace, URIRef, namespace

from lagesbild.models import Omradesvarde, Trygghetsmatning
from lagesbild.oppna_data import DATASETS
from organisation.models import CC0, Kommun
from samverkan.views_oppna_data import INSATSER
from tests.factories import (
    AktivitetFactory,
    FokusomradeFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    OmradeFactory,
    OverenskommelseFactory,
)

OPEN_FILES = [
    "samverkan:insatser_json",
    "samverkan:insatser_csv",
    "lagesbild:nyckeltal_json",
    "lagesbild:nyckeltal_csv",
    "lagesbild:omradesvarden_json",
    "lagesbild:omradesvarden_csv",
]
HIDDEN = ["Smaprovmarkor", "Ouppraknadmarkor", "Utkastmarkor", "Internmarkor"]


@pytest.fixture
def kommun(db):
    return Kommun.objects.create(
        name="Testkommun", code="1490", contact_email="oppnadata@example.org"
    )


@pytest.fixture
def planted(kommun):
    """Rows no public file may show, and one control row per file that it must."""
    hulta = OmradeFactory(name="Hulta", slug="hulta", regso_code="1490R012")
    otrygg = IndikatorFactory(code="TM-OTRYGG", name="Andel otrygga", unit="procent")
    wave = Trygghetsmatning.objects.create(
        slug="polisen-2024", name="Polisens mätning", year=2024, organiser="polisen", method="Post"
    )
    survey = {"indikator": otrygg, "omrade": hulta, "matning": wave}
    Omradesvarde.objects.create(
        **survey, year=2024, value=Decimal("21.5"), source="Kontrollkalla", respondents=30,
        ci_low=Decimal("18.0"), ci_high=Decimal("25.0"),
    )  # fmt: skip
    Omradesvarde.objects.create(
        **survey, year=2023, value=Decimal("40"), source="Smaprovmarkor", respondents=29
    )
    Omradesvarde.objects.create(**survey, year=2022, value=Decimal("41"), source="Ouppraknadmarkor")
    Omradesvarde.objects.create(
        indikator=IndikatorFactory(code="POL-BROTT", name="Anmälda brott"),
        omrade=hulta,
        year=2024,
        value=Decimal("12.5"),
        source="Registerkontroll",
    )
    IndikatorvardeFactory(
        indikator=IndikatorFactory(code="N07403", name="Kontrollnyckeltal"), year=2024
    )
    InsatsFactory(published=True, title="Kontrollinsats")
    InsatsFactory(title="Utkastmarkor")
    InsatsFactory(published=True, internal=True, title="Internmarkor")
    return hulta


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


@pytest.mark.parametrize("url_name", OPEN_FILES)
def test_no_open_data_file_holds_a_small_sample_an_uncounted_survey_a_draft_or_internal_work(
    client, planted, url_name
):
    body = _body(client.get(reverse(url_name)))

    for marker in HIDDEN:
        assert marker not in body, marker
    control = {
        "insatser": "Kontrollinsats",
        "nyckeltal": "Kontrollnyckeltal",
        "omradesvarden": "Kontrollkalla",
    }[url_name.split(":")[1].rsplit("_", 1)[0]]
    assert control in body


@pytest.mark.parametrize("url_name", OPEN_FILES)
def test_every_open_data_file_states_its_licence(client, planted, url_name):
    response = client.get(reverse(url_name))

    assert response["Link"] == f'<{CC0}>; rel="license"'
    assert response["Access-Control-Allow-Origin"] == "*"
    if url_name.endswith("_json"):
        document = json.loads(_body(response))
        assert document["licens"] == CC0
        assert document["licensnamn"] == "CC0 1.0"


def test_the_licence_is_the_one_the_kommun_sets(client, planted, kommun):
    kommun.open_data_license = "https://creativecommons.org/licenses/by/4.0/"
    kommun.save()

    response = client.get(reverse("lagesbild:nyckeltal_json"))
    html = client.get(reverse("lagesbild:oppna_data")).content.decode()

    assert json.loads(_body(response))["licensnamn"] == "CC BY 4.0"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert "<strong>CC BY 4.0</strong>" in html


def test_area_values_carry_respondents_and_interval_and_register_figures_leave_them_empty(
    client, planted
):
    rows = json.loads(_body(client.get(reverse("lagesbild:omradesvarden_json"))))["omradesvarden"]

    survey, register = (
        next(r for r in rows if r["indikator"] == code) for code in ("TM-OTRYGG", "POL-BROTT")
    )
    assert survey["varde"] == 21.5
    assert survey["svarande"] == 30
    assert (survey["ki_lag"], survey["ki_hog"]) == (18.0, 25.0)
    assert survey["matning"] == "Polisens mätning (2024)"
    assert survey["regso"] == "1490R012"
    assert survey["url"] == "http://testserver/omraden/hulta/"
    assert register["matning"] == "" and register["svarande"] is None
    assert len(rows) == 2


@pytest.mark.parametrize("name", ["nyckeltal", "omradesvarden"])
def test_csv_header_is_the_documented_fields_and_rows_match_the_json(client, planted, name):
    dataset = next(d for d in DATASETS if d.slug == name)
    header, *rows = list(
        csv.reader(io.StringIO(_body(client.get(reverse(f"lagesbild:{name}_csv")))))
    )
    as_json = json.loads(_body(client.get(reverse(f"lagesbild:{name}_json"))))[name]

    assert header == [*dataset.field_names, "licens"]
    assert [list(row) for row in as_json] == [dataset.field_names] * len(as_json)
    assert len(rows) == len(as_json)
    assert rows[0][header.index("namn")] == as_json[0]["namn"]


def test_the_files_make_the_same_number_of_queries_however_many_rows(client, planted):
    def count():
        with CaptureQueriesContext(connection) as queries:
            for url_name in OPEN_FILES:
                _body(client.get(reverse(url_name)))
        return len(queries)

    before = count()
    for index in range(5):
        omrade = OmradeFactory()
        Omradesvarde.objects.create(
            indikator=IndikatorFactory(), omrade=omrade, year=2024, value=index, source="R"
        )
        IndikatorvardeFactory(year=2000 + index)
        InsatsFactory(published=True, omraden=[omrade])

    assert count() == before


def test_insatser_cost_the_same_queries_over_many_chunks_and_keep_their_lists_in_order(
    client, db, monkeypatch
):
    """The districts and focus areas come in the rows' own query, not a prefetch per chunk
    of the streamed cursor: three chunks cost what one does."""
    older = OverenskommelseFactory(period_start=date(2021, 1, 1), period_end=date(2023, 12, 31))
    newer = OverenskommelseFactory(period_start=date(2024, 1, 1), period_end=date(2026, 12, 31))
    fokus = [
        FokusomradeFactory(overenskommelse=older, name="Barn och unga", order=1),
        FokusomradeFactory(overenskommelse=newer, name="Trygga miljöer", order=2),
        FokusomradeFactory(overenskommelse=newer, name="Alkohol och droger", order=1),
    ]
    omraden = [OmradeFactory(name=name) for name in ("Sjöbo", "Hulta", "Norrby")]
    first = InsatsFactory(published=True, title="Listinsats", omraden=omraden, fokusomraden=fokus)
    monkeypatch.setitem(INSATSER.__dict__, "chunk_size", 2)

    def files():
        with CaptureQueriesContext(connection) as queries:
            as_json = json.loads(_body(client.get(reverse("samverkan:insatser_json"))))
            as_csv = _body(client.get(reverse("samverkan:insatser_csv")))
        return len(queries), as_json["insatser"], as_csv

    alone, _rows, _csv = files()
    for _ in range(5):
        InsatsFactory(published=True, omraden=omraden[:2], fokusomraden=fokus[:1])
    InsatsFactory(published=True)
    many, rows, as_csv = files()

    assert many == alone
    assert len(rows) == 7
    row = next(row for row in rows if row["id"] == first.pk)
    assert row["omraden"] == ["Hulta", "Norrby", "Sjöbo"]
    assert row["fokusomraden"] == [
        "Alkohol och droger (2024–2026)",
        "Trygga miljöer (2024–2026)",
        "Barn och unga (2021–2023)",
    ]
    assert rows[-1]["omraden"] == [] and rows[-1]["fokusomraden"] == []
    assert "Hulta; Norrby; Sjöbo" in as_csv


# --- The catalogue ---------------------------------------------------------------------


def _catalogue(client) -> Graph:
    response = client.get(reverse("lagesbild:oppna_data_katalog"))
    assert response["Content-Type"].startswith("application/ld+json")
    return Graph().parse(data=response.content, format="json-ld")


def test_the_catalogue_parses_as_rdf_and_lists_every_dataset(client, planted):
    graph = _catalogue(client)

    (catalogue,) = graph.subjects(namespace.RDF.type, namespace.DCAT.Catalog)
    datasets = set(graph.objects(catalogue, namespace.DCAT.dataset))
    assert {str(d).rsplit("#", 1)[1] for d in datasets} == {d.slug for d in DATASETS}
    assert set(graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset)) == datasets


def test_every_file_of_the_catalogue_is_a_distribution_with_the_licence_that_answers(
    client, planted
):
    graph = _catalogue(client)

    for dataset in DATASETS:
        node = next(
            d
            for d in graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset)
            if str(d).endswith(dataset.slug)
        )
        urls = {
            str(graph.value(d, namespace.DCAT.accessURL))
            for d in graph.objects(node, namespace.DCAT.distribution)
        }
        expected = {f"http://testserver{reverse(d.url_name)}" for d in dataset.distributions}
        assert urls == expected
        for distribution in graph.objects(node, namespace.DCAT.distribution):
            assert graph.value(distribution, namespace.DCTERMS.license) == URIRef(CC0)
        assert graph.value(node, namespace.DCTERMS.publisher) is not None
        assert graph.value(node, namespace.DCTERMS.accrualPeriodicity) is not None
    for url in {u for d in DATASETS for u in (x.url_name for x in d.distributions)}:
        assert client.get(reverse(url)).status_code == 200


def test_the_catalogue_names_the_publisher_and_a_functional_contact(client, planted):
    graph = _catalogue(client)
    foaf = Namespace("http://xmlns.com/foaf/0.1/")
    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")

    names = {str(n) for n in graph.objects(None, foaf.name)}
    emails = {str(e) for e in graph.objects(None, vcard.hasEmail)}
    assert names == {"Testkommun"}
    assert emails == {"mailto:oppnadata@example.org"}


def test_the_catalogue_is_swedish_also_under_the_english_prefix(client, planted):
    body = client.get("/en" + reverse("lagesbild:oppna_data_katalog")).content.decode()

    assert "Brottsförebyggande insatser" in body


def test_the_catalogue_has_no_internal_text(client, planted):
    body = client.get(reverse("lagesbild:oppna_data_katalog")).content.decode()

    for marker in HIDDEN:
        assert marker not in body


# --- The page --------------------------------------------------------------------------


def test_the_page_explains_licence_formats_frequency_and_every_dataset_in_swedish(client, planted):
    AktivitetFactory()
    html = client.get(reverse("lagesbild:oppna_data")).content.decode()

    assert html.count("<h1") == 1
    assert "Licens" in html and "<strong>CC0 1.0</strong>" in html
    assert "utan att fråga" in html
    assert "Uppdateras" in html
    assert "katalog.jsonld" in html
    for dataset in DATASETS:
        section = html.split(f'<section id="{dataset.slug}"', 1)[1].split("</section>", 1)[0]
        documented = re.findall(r"<tr><td><code>([^<]+)</code></td>", section)
        assert documented == dataset.field_names, dataset.slug
    for heading in [
        "Brottsförebyggande insatser",
        "Nyckeltal per område",
        "Nyckeltal för kommunen",
    ]:
        assert heading in html
    assert "30 svarande" in html


def test_the_sitemap_lists_the_open_data_page(client, planted):
    body = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/oppna-data/</loc>" in body
