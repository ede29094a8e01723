"""Bad files given to the import commands: a clear CommandError and nothing written, never a crash.

Every case starts from a database with Borås Stad's structure and the shipped key figures
loaded, so "nothing written" also means nothing already there was changed or removed.
"""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lagesbild.indikatordata import load_indikatorer
from samverkan.services import DEFAULT_STRUCTURE_FILE, load_structure
from tests.hardening.conftest import count_rows

STRUCTURE = DEFAULT_STRUCTURE_FILE.read_text(encoding="utf-8")

COMMON_BAD_FILES = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "latin1": 'namn = "Bor\xe5s"'.encode("latin-1"),
    "utf16": "kommun = 1".encode("utf-16"),
    "bom_and_garbage": b"\xef\xbb\xbf\x00\x00\x00",
    "html": b"<html><script>alert(1)</script></html>",
    "deep_nesting": b"a = " + b"[" * 5000 + b"]" * 5000,
    "long_line": b'x = "' + b"a" * 2_000_000 + b'"',
}

STRUCTURE_BAD = {
    "kommun_is_a_number": "kommun = 5\n",
    "omraden_is_a_string": 'omraden = "Hulta"\n',
    "nul_in_a_name": STRUCTURE.replace('name = "Centrum"', 'name = "Cen\\u0000trum"', 1),
    "control_in_a_slug": STRUCTURE.replace('slug = "centrum"', 'slug = "cen\\u0001trum"', 1),
    "script_in_a_slug": STRUCTURE.replace(
        'slug = "centrum"', 'slug = "<script>alert(1)</script>"', 1
    ),
    "slug_of_500_chars": STRUCTURE.replace('slug = "centrum"', f'slug = "{"c" * 500}"', 1),
    "name_of_100k_chars": STRUCTURE.replace('name = "Centrum"', f'name = "{"C" * 100_000}"', 1),
    "kind_unknown": STRUCTURE.replace('kind = "centrum"', 'kind = "slott"', 1),
    "kind_a_table": STRUCTURE.replace('kind = "centrum"', "kind = { a = 1 }", 1),
    "code_superscript": STRUCTURE.replace('code = "1490"', 'code = "¹⁴⁹⁰"', 1),
    "code_arabic_digits": STRUCTURE.replace('code = "1490"', 'code = "١٤٩٠"', 1),
    "slug_with_a_space": STRUCTURE.replace('slug = "centrum"', 'slug = "cent rum"', 1),
    "duplicate_key": STRUCTURE.replace('code = "1490"', 'code = "1490"\ncode = "1491"', 1),
}


def _write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def loaded_kommun(module_db):
    load_structure()
    load_indikatorer()
    return count_rows()


@pytest.fixture
def loaded(db, loaded_kommun):
    return loaded_kommun


def _assert_refused(loaded, *command):
    with pytest.raises(CommandError):
        call_command(*command)
    assert count_rows() == loaded


@pytest.mark.parametrize("case", sorted(COMMON_BAD_FILES) + sorted(STRUCTURE_BAD))
def test_load_structure_refuses_a_bad_file_and_writes_nothing(tmp_path, loaded, case):
    content = COMMON_BAD_FILES.get(case, STRUCTURE_BAD.get(case))
    path = _write(tmp_path, "struktur.toml", content)
    _assert_refused(loaded, "load_structure", str(path))


def test_load_structure_refuses_a_missing_file_and_a_directory(tmp_path, loaded):
    _assert_refused(loaded, "load_structure", str(tmp_path / "finns-inte.toml"))
    _assert_refused(loaded, "load_structure", str(tmp_path))


INDIKATOR = """
[[indikator]]
code = "T-1"
name = "Testbrott"
unit = "per 1 000 invånare"
source = "Test"
category = "Test"
varden = [{ year = 2020, value = 1.5 }]
"""

INDIKATOR_BAD = {
    "code_with_nul": INDIKATOR.replace('"T-1"', '"T\\u00001"'),
    "code_with_script": INDIKATOR.replace('"T-1"', '"<script>"'),
    "code_of_1000_chars": INDIKATOR.replace('"T-1"', f'"{"T" * 1000}"'),
    "name_with_nul": INDIKATOR.replace('"Testbrott"', '"Test\\u0000brott"'),
    "year_1": INDIKATOR.replace("year = 2020", "year = 1"),
    "year_huge": INDIKATOR.replace("year = 2020", "year = 99999999999999999999"),
    "year_text": INDIKATOR.replace("year = 2020", 'year = "²⁰²⁰"'),
    "year_float": INDIKATOR.replace("year = 2020", "year = 2020.5"),
    "value_inf": INDIKATOR.replace("value = 1.5", "value = inf"),
    "value_nan": INDIKATOR.replace("value = 1.5", "value = nan"),
    "value_huge": INDIKATOR.replace("value = 1.5", "value = 1e300"),
    "value_text": INDIKATOR.replace("value = 1.5", 'value = "1,5"'),
    "value_bool": INDIKATOR.replace("value = 1.5", "value = true"),
    "varden_a_string": INDIKATOR.replace("varden = [{ year = 2020, value = 1.5 }]", 'varden = "x"'),
    "indikator_a_string": 'indikator = "x"\n',
    "decimals_negative": INDIKATOR + "decimals = -5\n",
    "kind_unknown": INDIKATOR + 'kind = "procent"\n',
    "two_values_same_year": INDIKATOR.replace(
        "varden = [{ year = 2020, value = 1.5 }]",
        "varden = [{ year = 2020, value = 1.5 }, { year = 2020, value = 2.5 }]",
    ),
}


@pytest.mark.parametrize("case", sorted(COMMON_BAD_FILES) + sorted(INDIKATOR_BAD))
def test_load_indikatorer_refuses_a_bad_file_and_writes_nothing(tmp_path, loaded, case):
    content = COMMON_BAD_FILES.get(case, INDIKATOR_BAD.get(case))
    path = _write(tmp_path, "nyckeltal.toml", content)
    _assert_refused(loaded, "load_indikatorer", str(path))


def _kolada(kpi="N07403", municipality="1490", period=2023, value="11.4"):
    entry = '{"gender": "T", "value": VALUE, "count": 1, "status": ""}'.replace("VALUE", value)
    return (
        f'{{"values": [{{"kpi": {json.dumps(kpi)}, "municipality": {json.dumps(municipality)}, '
        f'"period": {period}, "values": [{entry}]}}], "count": 1, "next_page": null}}'
    )


KOLADA_BAD = {
    "not_json": "values: []",
    "a_list": "[]",
    "values_a_string": '{"values": "x"}',
    "kpi_with_nul": _kolada(kpi="N07\u0000403"),
    "kpi_with_script": _kolada(kpi="<script>alert(1)</script>"),
    "kpi_of_1000_chars": _kolada(kpi="N" * 1000),
    "municipality_superscript": _kolada(municipality="¹⁴⁹⁰"),
    "municipality_arabic": _kolada(municipality="١٤٩٠"),
    "municipality_nul": _kolada(municipality="14\u000090"),
    "period_superscript": _kolada(period='"²⁰²³"'),
    "period_arabic": _kolada(period='"٢٠٢٣"'),
    "period_year_1": _kolada(period=1),
    "period_5000_digits": _kolada(period="9" * 5000),
    "period_text_5000_digits": _kolada(period='"' + "9" * 5000 + '"'),
    "value_5000_digits": _kolada(value="9" * 5000),
    "value_1e999": _kolada(value="1e999"),
    "value_nan": _kolada(value="NaN"),
    "value_infinity": _kolada(value="-Infinity"),
    "value_text": _kolada(value='"11,4"'),
    "value_a_list": _kolada(value="[1]"),
    "count_5000_digits": '{"values": [], "count": ' + "9" * 5000 + "}",
    "deep_json": "[" * 100_000 + "]" * 100_000,
    "next_page_elsewhere": _kolada().replace('"next_page": null', '"next_page": "http://x"'),
}


@pytest.mark.parametrize("case", sorted(COMMON_BAD_FILES) + sorted(KOLADA_BAD))
def test_import_kolada_refuses_a_bad_file_and_writes_nothing(tmp_path, loaded, case):
    content = COMMON_BAD_FILES.get(case, KOLADA_BAD.get(case))
    path = _write(tmp_path, "kolada.json", content)
    _assert_refused(loaded, "import_kolada", str(path))


@pytest.mark.parametrize(
    "address", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "http://[::1"]
)
def test_import_kolada_refuses_addresses_it_must_not_fetch(loaded, address):
    _assert_refused(loaded, "import_kolada", "--url", address, "--timeout", "1")
