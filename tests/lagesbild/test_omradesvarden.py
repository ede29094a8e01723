"""Figures per område and safety surveys: the import, what residents see, and what they never see."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagesbild import rules as access
from lagesbild.models import (
    Indikatorvarde,
    Metodbyte,
    Omradesvarde,
    Trygghetsmatning,
    series_breaks,
)
from lagesbild.omradesvarden_import import ImportRefused, import_omradesvarden
from organisation.models import Kommun
from organisation.roles import ANALYTIKER, TJANSTEPERSON
from tests.factories import IndikatorFactory, OmradeFactory, UserFactory

YEAR = timezone.localdate().year
HEADER = "indikator;omrade;ar;varde;kalla;matning;svarande;ki_lag;ki_hog\n"


@pytest.fixture
def setup(db):
    otrygg = IndikatorFactory(code="TM-OTRYGG", name="Andel otrygga", decimals=1, unit="procent")
    brott = IndikatorFactory(code="POL-BROTT", name="Anmälda brott i området", decimals=1)
    hulta = OmradeFactory(name="Hulta", slug="hulta", regso_code="1490R012")
    hassleholmen = OmradeFactory(name="Hässleholmen", slug="hassleholmen", deso_code="1490C1230")
    polisen = Trygghetsmatning.objects.create(
        slug="polisen-2024",
        name="Polisens mätning",
        year=YEAR - 2,
        organiser="polisen",
        method="Post",
    )
    kommunen = Trygghetsmatning.objects.create(
        slug="kommunen-2025",
        name="Kommunens mätning",
        year=YEAR - 1,
        organiser="kommun",
        method="Webb",
    )
    return {
        "otrygg": otrygg,
        "brott": brott,
        "hulta": hulta,
        "hassleholmen": hassleholmen,
        "polisen": polisen,
        "kommunen": kommunen,
    }


def _csv(*rows) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


# --- Import ---------------------------------------------------------------------------


def test_a_good_file_is_imported_by_name_slug_and_scb_codes(setup):
    content = _csv(
        f"POL-BROTT;Hulta;{YEAR - 1};128,4;Polisen;;;;",
        f"POL-BROTT;1490C1230;{YEAR - 1};141.2;Polisen;;;;",
        f"TM-OTRYGG;1490R012;{YEAR - 2};44,0;Polisen;polisen-2024;312;38,5;49,5",
    )

    result = import_omradesvarden(content)

    assert result.ok, result.error_lines()
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    survey = Omradesvarde.objects.get(indikator=setup["otrygg"])
    assert survey.omrade == setup["hulta"]
    assert survey.matning == setup["polisen"]
    assert (survey.respondents, survey.ci_low, survey.ci_high) == (
        312,
        Decimal("38.5"),
        Decimal("49.5"),
    )
    assert Omradesvarde.objects.get(omrade=setup["hassleholmen"]).value == Decimal("141.2")


def test_the_same_file_twice_changes_nothing_and_a_changed_value_is_updated(setup):
    rows = [f"POL-BROTT;hulta;{YEAR - 1};128,4;Polisen;;;;", f"POL-BROTT;hulta;{YEAR};120;P;;;;"]
    import_omradesvarden(_csv(*rows))
    history = Omradesvarde.history.count()

    again = import_omradesvarden(_csv(*rows))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Omradesvarde.history.count() == history
    changed = import_omradesvarden(_csv(rows[0], f"POL-BROTT;hulta;{YEAR};119,5;P;;;;"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert Omradesvarde.objects.get(year=YEAR).value == Decimal("119.5")


def test_bad_rows_are_refused_with_their_row_numbers_and_nothing_is_written(setup):
    content = _csv(
        f"POL-BROTT;Hulta;{YEAR - 1};128,4;Polisen;;;;",
        f"FINNS-INTE;Hulta;{YEAR - 1};1;Polisen;;;;",
        "POL-BROTT;Atlantis;20x5;abc;;;;;",
        f"TM-OTRYGG;Hulta;{YEAR - 2};44;Polisen;polisen-2024;tolv;50;40",
        f"TM-OTRYGG;Hulta;{YEAR - 1};44;Polisen;polisen-2024;30;;",
        f"POL-BROTT;hulta;{YEAR - 1};1;Polisen;;;;",
    )

    result = import_omradesvarden(content)

    assert not result.ok
    lines = result.error_lines()
    assert [line.split(":")[0] for line in lines] == ["Rad 3", "Rad 4", "Rad 5", "Rad 6", "Rad 7"]
    assert "nyckeltalet ”FINNS-INTE” finns inte" in lines[0]
    assert "området ”Atlantis”" in lines[1] and "året ”20x5”" in lines[1]
    assert "värdet ”abc” är inte ett tal" in lines[1] and "källan saknas" in lines[1]
    assert "antalet svarande ”tolv”" in lines[2] and "nedre gräns är högre" in lines[2]
    assert f"är från {YEAR - 2}, inte {YEAR - 1}" in lines[3]
    assert "också på rad 2" in lines[4]
    assert Omradesvarde.objects.count() == 0


def test_windows_1252_is_read_and_a_file_without_the_columns_is_refused(setup):
    content = _csv(f"POL-BROTT;Hässleholmen;{YEAR - 1};141,2;Polisens öppna data;;;;")

    result = import_omradesvarden(content.decode().encode("cp1252"))

    assert result.ok and result.created == 1
    with pytest.raises(ImportRefused, match="kolumner saknas: omrade"):
        import_omradesvarden(b"indikator;ar;varde;kalla\nPOL-BROTT;2025;1;x\n")
    with pytest.raises(ImportRefused, match="större än 5 MB"):
        import_omradesvarden(b"x" * (5 * 1024 * 1024 + 1))


def test_the_command_refuses_a_bad_file_and_says_which_row(setup, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(f"POL-BROTT;Ingenstans;{YEAR};1;Polisen;;;;"))

    with pytest.raises(CommandError, match="Rad 2: området ”Ingenstans”"):
        call_command("import_omradesvarden", str(bad))
    assert Omradesvarde.objects.count() == 0


def test_an_analyst_uploads_a_file_and_an_official_may_not(setup, client):
    url = reverse("lagesbild:omradesvarden_import")
    client.force_login(UserFactory(roles=[TJANSTEPERSON]))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(roles=[ANALYTIKER]))
    upload = _csv(f"POL-BROTT;Hulta;{YEAR - 1};128,4;Polisen;;;;")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("f.csv", upload)}, follow=True)

    assert "1 värden lades till, 0 ändrades, 0 var oförändrade" in response.content.decode()
    bad = SimpleUploadedFile("f.csv", _csv(f"POL-BROTT;Hulta;{YEAR};x;Polisen;;;;"))
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Rad 2: värdet ”x” är inte ett tal" in response.content.decode()


# --- The rule: small samples are never public -----------------------------------------


def test_the_public_rule_and_the_queryset_agree_on_every_kind_of_value(setup):
    hulta, otrygg, wave = setup["hulta"], setup["otrygg"], setup["polisen"]
    rows = {
        "register": Omradesvarde.objects.create(
            indikator=setup["brott"], omrade=hulta, year=2020, value=1, source="P"
        ),
        "enough": Omradesvarde.objects.create(
            indikator=otrygg,
            omrade=hulta,
            year=2021,
            value=1,
            source="P",
            matning=wave,
            respondents=30,
        ),
        "too_few": Omradesvarde.objects.create(
            indikator=otrygg,
            omrade=hulta,
            year=2022,
            value=1,
            source="P",
            matning=wave,
            respondents=29,
        ),
        "uncounted_survey": Omradesvarde.objects.create(
            indikator=otrygg, omrade=hulta, year=2023, value=1, source="P", matning=wave
        ),
    }

    public = set(Omradesvarde.objects.public().values_list("pk", flat=True))

    assert {name for name, row in rows.items() if access.omradesvarde_is_public(row)} == {
        "register",
        "enough",
    }
    assert public == {rows["register"].pk, rows["enough"].pk}


# --- What residents see ---------------------------------------------------------------


def _survey(setup, year, value, respondents, *, wave=None, ci=None, omrade=None):
    low, high = ci or (None, None)
    return Omradesvarde.objects.create(
        indikator=setup["otrygg"],
        omrade=omrade or setup["hulta"],
        year=year,
        value=value,
        source="Trygghetsmätningen",
        matning=wave or setup["polisen"],
        respondents=respondents,
        ci_low=low,
        ci_high=high,
    )


@pytest.fixture
def planted(setup):
    """A control result that must appear and a small-sample result that never may."""
    kommunen = setup["kommunen"]
    _survey(setup, YEAR - 2, Decimal("42.4"), 300, ci=(Decimal("38.4"), Decimal("46.4")))
    _survey(setup, YEAR - 1, Decimal("77.7"), 12, wave=kommunen)
    _survey(
        setup,
        YEAR - 1,
        Decimal("63.3"),
        12,
        wave=kommunen,
        omrade=setup["hassleholmen"],
    )
    Indikatorvarde.objects.create(indikator=setup["otrygg"], year=YEAR - 2, value=Decimal("25.1"))
    return setup


def test_the_district_page_never_shows_a_result_from_fewer_than_30_respondents(planted, client):
    page = client.get(reverse("samverkan:omrade", kwargs={"slug": "hulta"})).content.decode()

    assert "42,4" in page  # the control, in the table and the chart
    assert "25,1" in page  # the kommun as a whole beside it
    assert "77,7" not in page
    assert "Siffror för Hulta" in page


def test_the_area_comparison_never_shows_a_result_from_fewer_than_30_respondents(planted, client):
    url = reverse("lagesbild:nyckeltal") + "?omradesjamforelse=TM-OTRYGG"
    page = client.get(url).content.decode()

    assert "Områden jämförda" in page
    assert "42,4" in page
    assert "77,7" not in page and "63,3" not in page
    # Hässleholmen has only a suppressed result: no row for it.
    assert "Hässleholmen</a>" not in page


def test_a_district_with_only_small_samples_shows_no_figures(planted, client):
    page = client.get(reverse("samverkan:omrade", kwargs={"slug": "hassleholmen"})).content.decode()

    assert "63,3" not in page
    assert "Siffror för Hässleholmen" not in page


def test_a_wide_interval_is_marked_uncertain_on_the_page_and_in_the_comparison(setup, client):
    _survey(setup, YEAR - 1, Decimal("35.0"), 60, ci=(Decimal("22.9"), Decimal("47.1")))
    _survey(
        setup,
        YEAR - 1,
        Decimal("36.0"),
        900,
        ci=(Decimal("32.9"), Decimal("39.1")),
        omrade=setup["hassleholmen"],
    )

    district = client.get(reverse("samverkan:omrade", kwargs={"slug": "hulta"})).content.decode()
    narrow = client.get(
        reverse("samverkan:omrade", kwargs={"slug": "hassleholmen"})
    ).content.decode()
    comparison = client.get(reverse("lagesbild:nyckeltal")).content.decode()

    assert '35,0 <span class="badge text-bg-warning">osäker</span>' in district
    assert "35,0 (osäker)" in district  # the chart's label
    assert "osäker</span>" not in narrow
    assert comparison.count(">osäker</span>") == 1


def test_a_change_of_organiser_breaks_the_line_and_says_why(setup, client):
    _survey(setup, YEAR - 3, Decimal("40.0"), 300)
    _survey(setup, YEAR - 2, Decimal("41.0"), 300)
    _survey(setup, YEAR - 1, Decimal("48.0"), 300, wave=setup["kommunen"])

    page = client.get(reverse("samverkan:omrade", kwargs={"slug": "hulta"})).content.decode()

    chart = page[page.index("omradesdiagram-tm-otrygg") :]
    chart = chart[: chart.index("</svg>")]
    # Two stretches: the police's two years joined, the kommun's year on its own.
    assert chart.count('class="serie"') == 1
    assert 'class="metodbyte"' in chart
    assert f"Linjen är bruten före {YEAR - 1}: arrangören byttes från Polisen" in chart
    assert f"{YEAR - 1} kan inte jämföras med tidigare år" in page


def test_a_declared_method_break_cuts_a_register_series(setup):
    values = [
        Omradesvarde(indikator=setup["brott"], omrade=setup["hulta"], year=y, value=1, source="P")
        for y in (2021, 2022, 2023)
    ]
    declared = [Metodbyte(indikator=setup["brott"], year=2022, reason="ny områdesindelning")]

    breaks = series_breaks(values, declared)

    assert [(b.year, b.reason) for b in breaks] == [(2022, "ny områdesindelning")]


def test_the_newest_values_age_is_shown_and_old_figures_say_so(setup, client):
    Omradesvarde.objects.create(
        indikator=setup["brott"], omrade=setup["hulta"], year=YEAR - 3, value=5, source="P"
    )
    Omradesvarde.objects.create(
        indikator=setup["brott"], omrade=setup["hassleholmen"], year=YEAR - 1, value=5, source="P"
    )

    old = client.get(reverse("samverkan:omrade", kwargs={"slug": "hulta"})).content.decode()
    new = client.get(reverse("samverkan:omrade", kwargs={"slug": "hassleholmen"})).content.decode()

    assert f"Senaste värdet är från {YEAR - 3}, 3 år gammalt." in old
    assert "Uppgiften är äldre än två år" in old
    assert f"Senaste värdet är från {YEAR - 1}, ett år gammalt." in new
    assert "äldre än två år" not in new


def test_the_comparison_sorts_on_the_server_and_links_every_order(setup, client):
    for omrade, value in ((setup["hulta"], 30), (setup["hassleholmen"], 10)):
        Omradesvarde.objects.create(
            indikator=setup["brott"], omrade=omrade, year=YEAR - 1, value=value, source="P"
        )
    url = reverse("lagesbild:nyckeltal")

    by_value = client.get(
        url, {"omradesjamforelse": "POL-BROTT", "sortera": "varde"}
    ).content.decode()
    descending = client.get(
        url, {"omradesjamforelse": "POL-BROTT", "sortera": "varde", "ordning": "desc"}
    ).content.decode()
    nonsense = client.get(url, {"omradesjamforelse": "<x>", "sortera": "x", "ordning": "y"})

    assert by_value.index(">Hässleholmen</a>") < by_value.index(">Hulta</a>")
    assert descending.index(">Hulta</a>") < descending.index(">Hässleholmen</a>")
    assert 'aria-sort="descending"' in descending
    assert "sortera=varde&amp;ordning=asc" in descending
    assert nonsense.status_code == 200


# --- Query counts ---------------------------------------------------------------------


def _grow(setup, omraden: int, years: int):
    areas = [setup["hulta"], setup["hassleholmen"]] + [
        OmradeFactory() for _ in range(max(0, omraden - 2))
    ]
    rows = []
    for area in areas:
        for year in range(YEAR - years, YEAR):
            rows.append(
                Omradesvarde(
                    indikator=setup["brott"], omrade=area, year=year, value=year % 7, source="P"
                )
            )
            rows.append(
                Omradesvarde(
                    indikator=setup["otrygg"],
                    omrade=area,
                    year=year,
                    value=40,
                    source="P",
                    matning=setup["polisen"],
                    respondents=300,
                )
            )
    Omradesvarde.objects.bulk_create(rows)
    Metodbyte.objects.get_or_create(
        indikator=setup["brott"], year=YEAR - 2, defaults={"reason": "x"}
    )
    Indikatorvarde.objects.bulk_create(
        [
            Indikatorvarde(indikator=setup["brott"], year=y, value=3)
            for y in range(YEAR - years, YEAR)
        ],
        ignore_conflicts=True,
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_district_page_and_the_comparison_query_the_same_at_two_sizes(setup, client):
    district = reverse("samverkan:omrade", kwargs={"slug": "hulta"})
    comparison = reverse("lagesbild:nyckeltal")
    _grow(setup, omraden=2, years=2)
    small = (_queries(client, district), _queries(client, comparison))
    Omradesvarde.objects.all().delete()
    _grow(setup, omraden=12, years=8)

    large = (_queries(client, district), _queries(client, comparison))

    assert large == small


# --- Example data ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/omraden/", "/nyckeltal/", "/insatser/", "/organisation/", "/finns-inte/"],
)
def test_every_public_page_says_example_data_while_it_is_loaded(boras, client, url):
    Kommun.objects.update(example_data_loaded_at=timezone.now())

    page = client.get(url).content.decode()

    assert "Exempeldata." in page


@pytest.mark.parametrize("url", ["/", "/nyckeltal/", "/omraden/"])
def test_no_banner_without_example_data(boras, client, url):
    page = client.get(url).content.decode()

    assert "Exempeldata." not in page


def test_the_demo_figures_are_labelled_example_data_and_load_twice_without_change(boras):
    from lagesbild.demo_omraden import load_demo_omraden
    from lagesbild.indikatordata import load_indikatorer

    load_indikatorer()
    load_demo_omraden()
    history = Omradesvarde.history.count()

    load_demo_omraden()

    assert Omradesvarde.history.count() == history
    slugs = set(Omradesvarde.objects.values_list("omrade__slug", flat=True))
    assert slugs == {"centrum", "hulta", "hassleholmen", "norrby", "sjobo"}
    assert all(
        source.startswith("Exempeldata")
        for source in Omradesvarde.objects.values_list("source", flat=True)
    )
    assert not Trygghetsmatning.objects.filter(is_example=False).exists()
    # The real values from Öppna jämförelser are as the seed has them.
    real = Indikatorvarde.objects.filter(indikator__code="OJ-VALDSBROTT").order_by("year")
    assert [(v.year, v.value) for v in real] == [(2016, Decimal("10.3")), (2017, Decimal("10.4"))]
