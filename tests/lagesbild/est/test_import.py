"""The CSV import of EST reports: a file goes in whole or not at all, with every bad row named."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lagesbild.est_import import MAX_BYTES, ImportRefused, import_reports
from lagesbild.models import EstPlats, Handelserapport
from organisation.models import Organ
from samverkan.models import Samverkansgrupp
from tests.factories import OmradeFactory, OrganFactory, SamverkansgruppFactory

HEADER = "id;datum;tid;dagsdel;omrade;plats;kategori;antal;beskrivning\n"


@pytest.fixture
def hulta(db):
    return OmradeFactory(name="Hulta", slug="hulta")


@pytest.fixture
def est_grupp(hulta):
    grupp = SamverkansgruppFactory(
        name="EST Hulta", slug="est-hulta", kind=Samverkansgrupp.Kind.EST, is_public=False
    )
    grupp.omraden.add(hulta)
    return grupp


@pytest.fixture
def torget(hulta):
    return EstPlats.objects.create(omrade=hulta, name="Hulta torg")


@pytest.fixture
def polisen(db):
    return OrganFactory(name="Polisen", slug="polisen", kind=Organ.Kind.EXTERN)


def _import(text: str, grupp, organ, encoding="utf-8"):
    return import_reports(text.encode(encoding), grupp=grupp, organ=organ)


def test_a_good_file_is_imported_with_week_place_and_category(est_grupp, torget, polisen):
    text = HEADER + (
        "P-1;2025-03-30;23:30;;Hulta;Hulta torg;Klotter;3–5;Klotter på busskuren\n"
        "P-2;2025-03-31;;kväll;hulta;;skadegorelse;;Krossad ruta\n"
    )

    result = _import(text, est_grupp, polisen)

    assert result.ok
    assert (result.created, result.skipped) == (2, 0)
    sunday = Handelserapport.objects.get(source_id="P-1")
    # 30 March 2025 is the Sunday of week 13, the night summer time began.
    assert (sunday.iso_year, sunday.iso_week) == (2025, 13)
    assert sunday.plats == torget
    assert sunday.kategori.slug == "klotter"
    assert sunday.people == "3-5"
    assert sunday.part_of_day == Handelserapport.Dagsdel.NATT
    assert sunday.organ == polisen and sunday.grupp == est_grupp
    monday = Handelserapport.objects.get(source_id="P-2")
    assert (monday.iso_week, monday.part_of_day, monday.people) == (14, "kvall", "0")
    assert monday.history.count() == 1


def test_a_comma_separated_file_is_read_as_well(est_grupp, polisen):
    text = 'id,datum,omrade,kategori,beskrivning\nA1,2025-05-02,Hulta,Klotter,"Tagg, stor"\n'

    result = _import(text, est_grupp, polisen)

    assert result.created == 1
    assert Handelserapport.objects.get().description == "Tagg, stor"


def test_a_windows_1252_file_keeps_its_swedish_letters(est_grupp, torget, polisen):
    text = (
        HEADER
        + "W-1;2025-04-01;;;Hulta;Hulta torg;Otrygghetsskapande samling av personer;6-10;Samling vid kiosken, oväsen\n"
    )

    result = _import(text, est_grupp, polisen, encoding="cp1252")

    assert result.created == 1
    assert Handelserapport.objects.get().description == "Samling vid kiosken, oväsen"


def test_a_utf8_file_with_a_byte_order_mark_is_read(est_grupp, polisen):
    content = b"\xef\xbb\xbf" + (HEADER + "B-1;2025-04-01;;;Hulta;;Klotter;;\n").encode()

    assert import_reports(content, grupp=est_grupp, organ=polisen).created == 1


def test_a_file_in_neither_encoding_is_refused_clearly(est_grupp, polisen):
    content = (HEADER + "X;2025-04-01;;;Hulta;;Klotter;;ö\n").encode("utf-16")

    with pytest.raises(ImportRefused, match="varken UTF-8 eller Windows-1252"):
        import_reports(content, grupp=est_grupp, organ=polisen)
    assert not Handelserapport.objects.exists()


def test_bad_rows_are_all_named_with_their_row_number_and_nothing_is_written(
    est_grupp, torget, polisen
):
    tomorrow = date.today() + timedelta(days=2)
    text = HEADER + (
        "G-1;2025-04-01;;;Hulta;Hulta torg;Klotter;;Bra rad\n"
        "G-2;2025-02-30;;;Hulta;;Klotter;;\n"
        "G-3;2025-04-01;;;Norrby;;Klotter;;\n"
        "G-4;2025-04-01;;;Hulta;;Inbrott;;\n"
        "G-5;2025-04-01;;;Hulta;Okänd plats;Klotter;;\n"
        f"G-6;{tomorrow.isoformat()};;;Hulta;;Klotter;;\n"
        "G-7;2025-04-01;;;Hulta;;Klotter;;Såg 19121212-1212 springa\n"
        "G-8;1.4.2025;;;Hulta;;Klotter;;\n"
    )

    result = _import(text, est_grupp, polisen)

    assert not result.ok
    lines = result.error_lines()
    assert [error.row for error in result.errors] == [3, 4, 5, 6, 7, 8, 9]
    assert lines[0].startswith("Rad 3: ") and "2025-02-30" in lines[0]
    assert "Norrby" in lines[1] and "område" in lines[1]
    assert "Inbrott" in lines[2] and "kategori" in lines[2]
    assert "Okänd plats" in lines[3]
    assert "idag" in lines[4]
    assert "personnummer" in lines[5]
    assert "1.4.2025" in lines[6]
    assert not Handelserapport.objects.exists()


def test_a_missing_column_refuses_the_file_naming_the_column(est_grupp, polisen):
    text = "id;datum;omrade;beskrivning\nM-1;2025-04-01;Hulta;Utan kategori\n"

    with pytest.raises(ImportRefused, match="kategori"):
        _import(text, est_grupp, polisen)
    assert not Handelserapport.objects.exists()


def test_an_empty_file_is_refused(est_grupp, polisen):
    with pytest.raises(ImportRefused, match="tom"):
        _import("", est_grupp, polisen)
    with pytest.raises(ImportRefused, match="inga rapporter"):
        _import(HEADER, est_grupp, polisen)


def test_an_id_twice_in_the_file_refuses_the_second_row(est_grupp, polisen):
    text = HEADER + (
        "D-1;2025-04-01;;;Hulta;;Klotter;;\nD-2;2025-04-01;;;Hulta;;Klotter;;\n"
        "D-1;2025-04-02;;;Hulta;;Klotter;;\n"
    )

    result = _import(text, est_grupp, polisen)

    assert [str(error) for error in result.errors] == ["Rad 4: id:t ”D-1” finns också på rad 2"]
    assert not Handelserapport.objects.exists()


def test_rows_imported_before_are_skipped_and_counted(est_grupp, polisen):
    first = HEADER + "S-1;2025-04-01;;;Hulta;;Klotter;;\n"
    _import(first, est_grupp, polisen)

    result = _import(first + "S-2;2025-04-02;;;Hulta;;Klotter;;\n", est_grupp, polisen)

    assert (result.created, result.skipped) == (1, 1)
    assert Handelserapport.objects.count() == 2
    # Another organisation's id S-1 is its own report.
    other = OrganFactory()
    assert _import(first, est_grupp, other).created == 1


def test_a_row_with_too_few_cells_is_refused(est_grupp, polisen):
    result = _import(HEADER + "K-1;2025-04-01;Hulta\n", est_grupp, polisen)

    assert [error.row for error in result.errors] == [2]
    assert "celler" in result.error_lines()[0]


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(est_grupp, polisen):
    with pytest.raises(ImportRefused, match="MB"):
        import_reports(b"x" * (MAX_BYTES + 1), grupp=est_grupp, organ=polisen)


def test_the_command_prints_how_many_were_imported_and_skipped(est_grupp, polisen, tmp_path):
    path = tmp_path / "polisen.csv"
    path.write_text(HEADER + "C-1;2025-04-01;;;Hulta;;Klotter;;\n", encoding="utf-8")
    call_command("import_est", str(path), group="est-hulta", organisation="polisen")
    out = StringIO()

    call_command("import_est", str(path), group="est-hulta", organisation="polisen", stdout=out)

    assert "0 rapporter lästes in, 1 hoppades över (redan inlästa)" in out.getvalue()


def test_the_command_fails_with_the_row_errors(est_grupp, polisen, tmp_path):
    path = tmp_path / "fel.csv"
    path.write_text(HEADER + "C-1;2025-13-01;;;Hulta;;Klotter;;\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Rad 2: .*2025-13-01"):
        call_command("import_est", str(path), group="est-hulta", organisation="polisen")
    assert not Handelserapport.objects.exists()


def test_the_command_refuses_an_unknown_group_or_organisation(est_grupp, polisen, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(CommandError, match="EST-grupp"):
        call_command("import_est", str(path), group="finns-inte", organisation="polisen")
    with pytest.raises(CommandError, match="organisation"):
        call_command("import_est", str(path), group="est-hulta", organisation="finns-inte")


def test_a_time_that_is_not_hours_and_minutes_is_refused(est_grupp, polisen):
    text = (
        HEADER
        + "T-1;2025-04-01;23:30:00;;Hulta;;Klotter;;\nT-2;2025-04-01;25:00;;Hulta;;Klotter;;\n"
    )

    result = _import(text, est_grupp, polisen)

    assert [error.row for error in result.errors] == [2, 3]
    assert "23:30:00" in result.error_lines()[0]
    assert not Handelserapport.objects.exists()


def test_an_error_quotes_at_most_60_characters_of_a_cell(est_grupp, polisen):
    result = _import(HEADER + f"L-1;2025-04-01;;;{'Hulta' * 1000};;Klotter;;\n", est_grupp, polisen)

    assert "HultaHulta" in result.error_lines()[0]
    assert len(result.error_lines()[0]) < 150
