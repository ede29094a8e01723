"""Import from Kolada: the kommun's values, the national median, and refusal of bad data."""

import json
import socket
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lagesbild.indikatordata import load_indikatorer
from lagesbild.kolada import KoladaError, fetch_kolada, national_median
from lagesbild.models import Indikator, Indikatorvarde, Jamforelsevarde
from tests.factories import IndikatorFactory, JamforelsekommunFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def indikatorer_module(boras_module):
    load_indikatorer()


@pytest.fixture
def indikatorer(indikatorer_module, db):
    """Borås with the shipped indicators, among them Kolada's N07403, U07417 and U07452,
    loaded once for the module; what a test imports is undone after it."""


def row_counts():
    return {
        "indikatorer": Indikator.objects.count(),
        "varden": Indikatorvarde.objects.count(),
        "jamforelsevarden": Jamforelsevarde.objects.count(),
        "historik": Indikatorvarde.history.count() + Indikator.history.count(),
    }


def kolada_value(code, year):
    return Indikatorvarde.objects.get(indikator__code=code, year=year)


def import_refused(*args, **options) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_kolada", *[str(a) for a in args], **options)
    message = str(refused.value)
    assert "ingenting har ändrats" in message
    return message


def test_good_file_stores_the_kommuns_own_values(indikatorer, capsys):
    call_command("import_kolada", str(DATA / "kolada_boras.json"))

    assert kolada_value("N07403", 2023).value == Decimal("1100.5")
    assert kolada_value("N07403", 2022).value == Decimal("1000")
    assert kolada_value("U07417", 2023).value == Decimal("40.2")
    assert "3 nya årsvärden" in capsys.readouterr().out


def test_only_the_total_is_used_not_the_values_for_women_and_men(indikatorer):
    call_command("import_kolada", str(DATA / "kolada_boras.json"))

    stored = kolada_value("N07403", 2023)
    assert stored.value == Decimal("1100.5")
    assert stored.value not in {Decimal("800.2"), Decimal("1400.9")}


def test_median_of_an_odd_number_of_municipalities_is_the_middle_one(indikatorer):
    call_command("import_kolada", str(DATA / "kolada_boras.json"))

    # 1000, 1200, 1400; Malmö's missing value (null) is left out, not counted as 0.
    stored = kolada_value("N07403", 2022)
    assert stored.national_median == Decimal("1200")
    assert stored.median_basis == 3
    assert kolada_value("U07417", 2023).national_median == Decimal("40.2")


def test_median_of_an_even_number_is_the_mean_of_the_middle_two_without_country_and_regions(
    indikatorer,
):
    call_command("import_kolada", str(DATA / "kolada_boras.json"))

    # 1100.5, 1300, 1500, 1700: the country (0000, 900) and a region (0014, 950) are no
    # municipalities; counting them would give 1200.
    stored = kolada_value("N07403", 2023)
    assert stored.national_median == Decimal("1400")
    assert stored.median_basis == 4


def test_median_helper_handles_odd_and_even_counts():
    assert national_median([Decimal(3), Decimal(1), Decimal(2)]) == Decimal(2)
    assert national_median([Decimal("0.33"), Decimal("0.34")]) == Decimal("0.335")


def test_a_median_from_few_municipalities_is_imported_with_a_warning(indikatorer, capsys):
    call_command("import_kolada", str(DATA / "kolada_boras.json"))

    assert "Medianen för N07403 2023 bygger bara på 4 kommuner" in capsys.readouterr().out


def test_file_cut_off_in_the_middle_is_refused_with_the_line_and_nothing_is_written(indikatorer):
    before = row_counts()

    message = import_refused(DATA / "kolada_avbruten.json")

    assert "kolada_avbruten.json: ogiltig JSON på rad" in message
    assert row_counts() == before


def test_file_of_the_wrong_shape_is_refused_and_nothing_is_written(indikatorer):
    before = row_counts()

    message = import_refused(DATA / "kolada_fel_form.json")

    assert 'kolada_fel_form.json: ska vara ett JSON-objekt med nyckeln "values"' in message
    assert row_counts() == before


def test_item_of_the_wrong_shape_is_refused_with_its_place(indikatorer, tmp_path):
    path = tmp_path / "rader.json"
    path.write_text(
        json.dumps(
            {
                "values": [
                    {"kpi": "N07403", "municipality": "1490", "period": 2023, "values": {}},
                    {"kpi": "N07403", "municipality": "Borås", "period": 2023, "values": []},
                ]
            }
        ),
        encoding="utf-8",
    )
    before = row_counts()

    message = import_refused(path)

    assert "values[0].values: saknas eller är inte en lista" in message
    assert "values[1].municipality: 'Borås' är ingen kommunkod med fyra siffror" in message
    assert row_counts() == before


def test_value_that_is_not_a_number_is_refused_with_its_place_and_nothing_is_written(indikatorer):
    before = row_counts()

    message = import_refused(DATA / "kolada_ej_tal.json")

    assert "kolada_ej_tal.json: values[3].values[0].value: 'abc' är inte ett tal" in message
    assert row_counts() == before


def test_unknown_kpi_is_refused_with_the_list_of_codes_and_nothing_is_written(indikatorer):
    before = row_counts()

    message = import_refused(DATA / "kolada_okanda.json")

    assert "Okända nyckeltal i datan: N99999, U12345" in message
    assert "--create-missing" in message
    assert row_counts() == before


def test_create_missing_creates_the_unknown_indicators_and_imports_their_values(
    indikatorer, capsys
):
    call_command("import_kolada", str(DATA / "kolada_okanda.json"), create_missing=True)

    created = Indikator.objects.get(code="U12345")
    assert created.name == "Nyckeltal U12345 från Kolada"
    assert created.lower_is_better is None
    assert kolada_value("U12345", 2023).value == Decimal("7")
    assert kolada_value("U12345", 2023).national_median == Decimal("8")
    assert Indikator.objects.filter(code="N99999").exists()
    assert "Skapade nyckeltalen N99999, U12345" in capsys.readouterr().out


def test_importing_the_same_file_again_changes_nothing(indikatorer, capsys):
    call_command("import_kolada", str(DATA / "kolada_boras.json"))
    after_first = row_counts()
    stored = list(Indikatorvarde.objects.values().order_by("pk"))
    capsys.readouterr()

    call_command("import_kolada", str(DATA / "kolada_boras.json"))

    assert row_counts() == after_first
    assert list(Indikatorvarde.objects.values().order_by("pk")) == stored
    assert "0 nya årsvärden, 0 ändrade, 3 oförändrade" in capsys.readouterr().out


def test_a_changed_value_updates_the_row_and_leaves_history(indikatorer, tmp_path):
    call_command("import_kolada", str(DATA / "kolada_boras.json"))
    data = json.loads((DATA / "kolada_boras.json").read_text(encoding="utf-8"))
    data["values"][0]["values"][-1]["value"] = 1111.1
    revised = tmp_path / "reviderad.json"
    revised.write_text(json.dumps(data), encoding="utf-8")

    call_command("import_kolada", str(revised))

    stored = kolada_value("N07403", 2023)
    assert stored.value == Decimal("1111.1")
    assert stored.history.first().history_change_reason == "Kolada-import"
    assert Indikatorvarde.objects.filter(indikator__code="N07403").count() == 2


def test_several_files_are_imported_together(indikatorer):
    call_command(
        "import_kolada", str(DATA / "kolada_boras.json"), str(DATA / "kolada_skadegorelse.json")
    )

    assert kolada_value("U07452", 2023).value == Decimal("11.4")
    assert kolada_value("U07452", 2023).national_median == Decimal("11.4")
    assert kolada_value("N07403", 2023).national_median == Decimal("1400")


def test_several_files_are_all_or_nothing(indikatorer):
    before = row_counts()

    message = import_refused(DATA / "kolada_boras.json", DATA / "kolada_ej_tal.json")

    assert "'abc' är inte ett tal" in message
    assert row_counts() == before
    assert not Indikatorvarde.objects.filter(indikator__code="N07403").exists()


def test_a_single_page_of_a_longer_response_is_refused_as_partial(indikatorer):
    before = row_counts()

    message = import_refused(DATA / "kolada_sida_1.json")

    assert "filen är bara en sida av Koladas svar" in message
    assert row_counts() == before


def test_yes_no_kpi_takes_only_one_or_zero_and_gets_the_share_answering_yes(indikatorer, tmp_path):
    IndikatorFactory(code="U99001", kind=Indikator.Kind.YES_NO, unit="ja/nej")
    rows = [("1490", 1), ("1480", 1), ("0180", 0), ("1280", 1)]
    path = tmp_path / "janej.json"

    def write(rows):
        items = [
            {
                "kpi": "U99001",
                "municipality": code,
                "period": 2023,
                "values": [{"gender": "T", "value": v}],
            }
            for code, v in rows
        ]
        path.write_text(json.dumps({"values": items}), encoding="utf-8")

    write(rows + [("1380", 2)])
    assert "U99001 är ett ja/nej-nyckeltal och tar 1 eller 0, inte 2" in import_refused(path)

    write(rows)
    call_command("import_kolada", str(path))
    stored = kolada_value("U99001", 2023)
    assert stored.value == 1
    assert stored.national_share_yes == Decimal("75.00")
    assert stored.national_median is None


def test_values_of_comparison_kommuner_are_kept(indikatorer):
    JamforelsekommunFactory(code="1480", name="Göteborg")

    call_command("import_kolada", str(DATA / "kolada_boras.json"))

    kept = Jamforelsevarde.objects.filter(kommun__name="Göteborg", indikator__code="N07403")
    assert dict(kept.values_list("year", "value")) == {2022: Decimal("1400"), 2023: Decimal("1500")}


def test_command_without_files_or_url_says_what_to_give(indikatorer):
    with pytest.raises(CommandError, match="Ange minst en fil eller --url"):
        call_command("import_kolada")


# ---------------------------------------------------------------------------
# --url: fetched from a local server, never from the network


@pytest.fixture
def kolada_server():
    """A stand-in for Kolada's API on 127.0.0.1 that serves the two saved pages."""
    requested = []
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    first = json.loads((DATA / "kolada_sida_1.json").read_text(encoding="utf-8"))
    first["next_page"] = f"{base}/v3/data/kpi/N07403,U07417/year/2022,2023?page=2"
    pages["/v3/data/kpi/N07403,U07417/year/2022,2023"] = json.dumps(first).encode()
    pages["/v3/data/kpi/N07403,U07417/year/2022,2023?page=2"] = (
        DATA / "kolada_sida_2.json"
    ).read_bytes()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"{base}/v3/data/kpi/N07403,U07417/year/2022,2023"
    server.requested = requested
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_url_follows_next_page_and_computes_the_median_over_all_pages(indikatorer, kolada_server):
    call_command("import_kolada", url=[kolada_server.url])

    assert kolada_server.requested == [
        "/v3/data/kpi/N07403,U07417/year/2022,2023",
        "/v3/data/kpi/N07403,U07417/year/2022,2023?page=2",
    ]
    # Stockholm, Göteborg and Borås 2023 are on page 1, Malmö on page 2.
    assert kolada_value("N07403", 2023).national_median == Decimal("1400")
    assert kolada_value("N07403", 2022).value == Decimal("1000")


def test_url_gives_a_clear_message_when_kolada_cannot_be_reached(indikatorer):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    before = row_counts()

    message = import_refused(url=[f"http://127.0.0.1:{closed_port}/v3/data/kpi/N07403"])

    assert "Kolada gick inte att nå" in message
    assert "import_kolada FIL" in message
    assert row_counts() == before


def test_url_answering_with_an_error_status_is_refused(indikatorer, kolada_server):
    message = import_refused(url=[kolada_server.url.replace("N07403", "X")])

    assert "Kolada svarade 404" in message


class Opener:
    """Stands in for urllib's opener: answers from a dict, or raises what it is given."""

    def __init__(self, answers):
        self.answers = answers

    def open(self, request, timeout):
        answer = self.answers[request.full_url]
        if isinstance(answer, Exception):
            raise answer
        return _Response(json.dumps(answer).encode())


class _Response:
    def __init__(self, body):
        self.body = body

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_timeout_is_reported_as_kolada_not_reachable():
    opener = Opener({"https://api.kolada.se/v3/data/kpi/N07403": TimeoutError("timed out")})

    with pytest.raises(KoladaError, match="Kolada gick inte att nå \\(timed out\\)"):
        fetch_kolada(url="https://api.kolada.se/v3/data/kpi/N07403", opener=opener)


def test_next_page_to_another_host_is_not_followed():
    start = "https://api.kolada.se/v3/data/kpi/N07403"
    opener = Opener({start: {"values": [], "next_page": "https://elsewhere.example/steal"}})

    with pytest.raises(KoladaError, match="next_page pekar på en annan värd"):
        fetch_kolada(url=start, opener=opener)


def test_next_page_that_loops_is_stopped():
    start = "https://api.kolada.se/v3/data/kpi/N07403"
    opener = Opener({start: {"values": [], "next_page": start}})

    with pytest.raises(KoladaError, match="sidorna tar aldrig slut"):
        fetch_kolada(url=start, opener=opener)
