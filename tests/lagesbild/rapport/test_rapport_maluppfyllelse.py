"""The report's chapters on targets and promises (assessed status) and figures per district."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lagesbild.models import Lofte, Medborgarloften, Omradesvarde
from lagesbild.pdf import render_report_pdf
from lagesbild.rapport import build_report_data
from tests.factories import (
    AktivitetFactory,
    AtgardFactory,
    AtgardsplanFactory,
    ForumFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    LagesbildFactory,
    OmradeFactory,
    OrganFactory,
    ProblemFactory,
)
from tests.lagesbild.rapport.pdf import pdf_text

pytestmark = pytest.mark.django_db
YEAR = 2025


def _sections(public):
    return {s.key: s.data for s in build_report_data(year=YEAR, public=public).sections}


@pytest.fixture
def chain(db):
    hulta = OmradeFactory(name="Hulta", slug="hulta")
    indikator = IndikatorFactory(name="Andel otrygga", unit="procent", decimals=0)
    IndikatorvardeFactory(indikator=indikator, year=YEAR - 1, value=Decimal("30"))
    IndikatorvardeFactory(indikator=indikator, year=YEAR, value=Decimal("25"))
    # A value after the report year is not the report's latest value.
    IndikatorvardeFactory(indikator=indikator, year=YEAR + 1, value=Decimal("99"))
    # Problems are written while the lägesbild is a draft; fastställd, it is frozen.
    lagesbild = LagesbildFactory(title="Lägesbild med mål")
    shown = ProblemFactory(lagesbild=lagesbild, title="Synligt problem", is_public=True)
    hidden = ProblemFactory(
        lagesbild=lagesbild, title="HEMLIGTPROBLEM", is_public=False, priority=2
    )
    lagesbild.status = "faststalld"
    lagesbild.adopted_by = ForumFactory(name="Brå med mål")
    lagesbild.adopted_on = date(YEAR, 1, 15)
    lagesbild.save()
    plan = AtgardsplanFactory(
        lagesbild=lagesbild,
        status="antagen",
        adopted_by=OrganFactory(name="Kommunstyrelsen"),
        adopted_on=datetime(YEAR, 2, 1).date(),
        published_at=timezone.now(),
    )
    insats = InsatsFactory(published=True, title="Synlig vandring", omraden=[hulta])
    AtgardFactory(
        atgardsplan=plan,
        problem=shown,
        insats=insats,
        indikator=indikator,
        baseline=Decimal("30"),
        baseline_year=YEAR - 1,
        target=Decimal("20"),
        target_year=YEAR + 1,
        status="delvis",
        status_reason="HEMLIGTSKÄL för målet",
    )
    AtgardFactory(
        atgardsplan=plan,
        problem=hidden,
        insats=InsatsFactory(published=True, internal=True, title="HEMLIGINSATS"),
        indikator=indikator,
        target=Decimal("10"),
    )
    loften = Medborgarloften.objects.create(
        year=YEAR, omrade=hulta, title="Löften", published_at=timezone.now()
    )
    Lofte.objects.create(
        medborgarloften=loften,
        promise="Synligt löfte om vandringar",
        planned_output="minst 2 vandringar",
        planned_count=2,
        insats=insats,
        status="uppfyllt",
        status_reason="Två vandringar hölls.",
    )
    for month in (4, 9):
        AktivitetFactory(
            insats=insats,
            omrade=hulta,
            starts_at=datetime(YEAR, month, 1, 18, tzinfo=ZoneInfo("Europe/Stockholm")),
        )
    draft = Medborgarloften.objects.create(
        year=YEAR, omrade=OmradeFactory(name="Norrby"), title="Utkast"
    )
    Lofte.objects.create(medborgarloften=draft, promise="HEMLIGTLÖFTE", planned_output="1")
    Omradesvarde.objects.create(
        indikator=indikator, omrade=hulta, year=YEAR, value=Decimal("41"), source="Exempel"
    )
    return plan


def test_the_internal_edition_shows_each_target_with_its_latest_value_and_assessed_status(chain):
    data = _sections(public=False)["maluppfyllelse"]

    shown = next(row for row in data.targets if row.problem == "Synligt problem")
    assert shown.latest == "25 (2025)"
    assert shown.baseline == "30 (2024)" and shown.target == "20 (2026)"
    assert (shown.status.symbol, shown.status.word) == ("◐", "Delvis uppfyllt")
    assert shown.status.reason == "HEMLIGTSKÄL för målet"
    assert {row.problem for row in data.targets} == {"Synligt problem", "HEMLIGTPROBLEM"}
    unassessed = next(row for row in data.targets if row.problem == "HEMLIGTPROBLEM")
    assert unassessed.status.word == "Inte bedömt ännu"
    assert {row.promise for row in data.promises} == {"Synligt löfte om vandringar", "HEMLIGTLÖFTE"}


def test_the_public_edition_shows_only_public_targets_and_published_promises(chain):
    data = _sections(public=True)["maluppfyllelse"]

    assert [row.problem for row in data.targets] == ["Synligt problem"]
    assert data.targets[0].status.reason == ""
    assert [(row.promise, row.achieved) for row in data.promises] == [
        ("Synligt löfte om vandringar", "2")
    ]
    assert data.promises[0].status.symbol == "✔"


def test_the_public_pdf_holds_the_control_rows_and_no_planted_marker(chain):
    text = pdf_text(render_report_pdf(build_report_data(year=YEAR, public=True)))

    assert "Synligt löfte om vandringar" in text
    assert "Synligt problem" in text
    for marker in ("HEMLIGTPROBLEM", "HEMLIGINSATS", "HEMLIGTSKÄL", "HEMLIGTLÖFTE"):
        assert marker not in text


def test_the_district_figures_show_the_latest_public_value_up_to_the_report_year(chain):
    figures = _sections(public=True)["omradesvarden"].figures

    assert [(f.name, [(v.omrade, v.value, v.year) for v in f.values]) for f in figures] == [
        ("Andel otrygga", [("Hulta", "41", YEAR)])
    ]


def test_an_empty_year_says_there_are_no_targets_promises_or_district_figures(db):
    sections = _sections(public=True)

    assert sections["maluppfyllelse"].targets == []
    assert sections["maluppfyllelse"].promises == []
    assert sections["omradesvarden"].figures == []
