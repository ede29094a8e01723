"""Evidence per problem: several områden, cited series, EST periods and documents, the cause
analysis, the lägesbild's documents, and lägesbilder for a fokusområde."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from lagesbild.evidence import faststall_warnings
from lagesbild.models import FrozenError, Lagesbild, LagesbildDokument, Underlag
from lagesbild.services import copy_as_new_version
from tests.factories import (
    FokusomradeFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    OmradeFactory,
    SamverkansgruppFactory,
    approve,
)
from tests.lagesbild.conftest import make_lagesbild
from tests.organisation.files import build_pdf

pytestmark = pytest.mark.django_db

PERSONNUMMER = "19121212-1212"


def _document(lagesbild, title="Fullständig lägesbild 2024"):
    return LagesbildDokument.objects.create(
        lagesbild=lagesbild,
        title=title,
        kind=LagesbildDokument.Kind.RAPPORT,
        file=SimpleUploadedFile("rapport.pdf", build_pdf(["Lägesbild"])),
        original_name="rapport.pdf",
        file_type="pdf",
        size=100,
    )


def test_a_problem_concerns_several_omraden_and_keeps_them_in_a_new_version():
    hulta, norrby = OmradeFactory(name="Hulta"), OmradeFactory(name="Norrby")
    lagesbild = make_lagesbild(problems=["Skadegörelse"])
    problem = lagesbild.problems.get()
    problem.omraden.set([hulta, norrby])
    approve(lagesbild)

    copy = copy_as_new_version(lagesbild=lagesbild)

    assert set(copy.problems.get().omraden.all()) == {hulta, norrby}
    with pytest.raises(FrozenError):
        problem.omraden.remove(hulta)


def test_analyst_cites_a_series_an_est_period_and_a_document(client, analyst, area):
    lagesbild = make_lagesbild(problems=["Otrygghet i centrum"])
    problem = lagesbild.problems.get()
    indikator = IndikatorFactory(name="Andel otrygga i området")
    grupp = SamverkansgruppFactory(samverkansomrade=area, name="EST Hulta", kind="est")
    document = _document(lagesbild)
    hulta = OmradeFactory(name="Hulta")
    client.force_login(analyst)
    rows = [
        {"kind": "indikator", "indikator": indikator.pk, "omrade": hulta.pk, "note": "Ökar"},
        {"kind": "est", "est_grupp": grupp.pk, "est_from": "2024-01-01", "est_to": "2024-06-30"},
        {"kind": "dokument", "dokument": document.pk},
    ]
    data = {
        "underlag-TOTAL_FORMS": str(len(rows)),
        "underlag-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"underlag-{index}-{name}"] = value

    response = client.post(
        reverse(
            "lagesbild:problem_underlag", kwargs={"pk": lagesbild.pk, "problem_pk": problem.pk}
        ),
        data,
        follow=True,
    )

    html = response.content.decode()
    assert "Underlaget sparades." in html
    assert sorted(problem.underlag.values_list("kind", flat=True)) == [
        "dokument",
        "est",
        "indikator",
    ]
    assert "Andel otrygga i området</a> (Hulta): Ökar" in html
    assert "EST-rapporter från EST Hulta, 1 januari 2024 – 30 juni 2024" in html
    assert "Fullständig lägesbild 2024</a>" in html


def test_an_est_citation_needs_its_group_and_period_and_the_database_agrees():
    problem = make_lagesbild().problems.first()

    with pytest.raises(ValidationError) as exc:
        Underlag(problem=problem, kind="est").full_clean()
    assert "est_grupp" in exc.value.message_dict
    with pytest.raises(IntegrityError):
        Underlag.objects.create(problem=problem, kind="dokument")


def test_a_document_of_another_lagesbild_cannot_be_cited():
    problem = make_lagesbild().problems.first()
    foreign = _document(make_lagesbild(title="Annan"))

    with pytest.raises(ValidationError) as exc:
        Underlag(problem=problem, kind="dokument", dokument=foreign).full_clean()

    assert exc.value.message_dict["dokument"] == ["Dokumentet hör till en annan lägesbild."]


def test_evidence_is_frozen_with_the_lagesbild_and_old_series_ask_for_confirmation():
    lagesbild = make_lagesbild(period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
    indikator = IndikatorFactory(name="Anmälda inbrott")
    IndikatorvardeFactory(indikator=indikator, year=2021)
    underlag = Underlag.objects.create(
        problem=lagesbild.problems.first(), kind="indikator", indikator=indikator
    )
    Underlag.objects.create(
        problem=lagesbild.problems.first(), kind="dokument", dokument=_document(lagesbild)
    )

    warnings = faststall_warnings(lagesbild, date(2025, 2, 1))
    approve(lagesbild)

    assert warnings == [
        "Underlaget ”Våld i stadskärnan: Anmälda inbrott” är äldre än två år (till 31 december 2021)."
    ]
    with pytest.raises(FrozenError):
        underlag.delete()


def test_the_cause_analysis_refuses_a_personnummer_everywhere(client, analyst):
    lagesbild = make_lagesbild()
    problem = lagesbild.problems.first()
    problem.orsaksanalys = f"Gäller {PERSONNUMMER} som bor i området."

    with pytest.raises(ValidationError):
        problem.save()
    problem.orsaksanalys = "Mörka passager och få vuxna ute på kvällarna."
    problem.save()
    client.force_login(analyst)
    detail = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk})).content.decode()
    assert "Mörka passager och få vuxna ute på kvällarna." in detail


def test_documents_are_uploaded_through_the_checked_path_and_read_only_by_readers(
    client, analyst, group_member, other_official, area
):
    lagesbild = make_lagesbild(scope=Lagesbild.Scope.SAMVERKANSOMRADE, samverkansomrade=area)
    client.force_login(analyst)

    refused = client.post(
        reverse("lagesbild:dokument_upload", kwargs={"pk": lagesbild.pk}),
        {"title": "Låtsas-PDF", "kind": "underlag", "file": SimpleUploadedFile("x.pdf", b"MZ")},
        follow=True,
    )
    accepted = client.post(
        reverse("lagesbild:dokument_upload", kwargs={"pk": lagesbild.pk}),
        {
            "title": "Polisens statistik",
            "kind": "underlag",
            "file": SimpleUploadedFile("statistik.pdf", build_pdf(["Statistik"])),
        },
        follow=True,
    )

    assert "Låtsas-PDF" not in refused.content.decode()
    assert "Dokumentet bifogades." in accepted.content.decode()
    document = LagesbildDokument.objects.get()
    url = reverse("lagesbild:dokument", kwargs={"pk": document.pk})
    client.force_login(group_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(other_official)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_document_of_a_faststalld_lagesbild_stays(client, analyst):
    lagesbild = make_lagesbild()
    document = _document(lagesbild)
    approve(lagesbild)
    client.force_login(analyst)

    client.post(reverse("lagesbild:dokument_delete", kwargs={"pk": document.pk}))

    assert LagesbildDokument.objects.filter(pk=document.pk).exists()


def test_a_draft_document_can_be_removed(client, analyst):
    lagesbild = make_lagesbild()
    document = _document(lagesbild)
    client.force_login(analyst)

    client.post(reverse("lagesbild:dokument_delete", kwargs={"pk": document.pk}))

    assert not LagesbildDokument.objects.exists()


def test_a_lagesbild_for_a_fokusomrade_has_exactly_that_scope(
    strategic_member, group_member, analyst
):
    fokus = FokusomradeFactory(name="Våld i offentlig miljö")
    lagesbild = make_lagesbild(scope=Lagesbild.Scope.FOKUSOMRADE, fokusomrade=fokus)
    wrong = Lagesbild(
        title="Fel",
        scope=Lagesbild.Scope.KOMMUN,
        fokusomrade=fokus,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        author_body=lagesbild.author_body,
    )

    with pytest.raises(ValidationError) as exc:
        wrong.full_clean()
    missing = Lagesbild(scope=Lagesbild.Scope.FOKUSOMRADE)
    with pytest.raises(ValidationError) as exc_missing:
        missing.clean()

    assert "fokusomrade" in exc.value.message_dict
    assert "fokusomrade" in exc_missing.value.message_dict
    assert lagesbild.scope_label == "Fokusområde: Våld i offentlig miljö"
    assert set(Lagesbild.objects.visible_to(strategic_member)) == {lagesbild}
    assert not Lagesbild.objects.visible_to(group_member).exists()
    assert strategic_member.has_perm("lagesbild.view_lagesbild", lagesbild)
    assert not group_member.has_perm("lagesbild.view_lagesbild", lagesbild)
    with pytest.raises(IntegrityError):
        Lagesbild.objects.filter(pk=lagesbild.pk).update(fokusomrade=None)
