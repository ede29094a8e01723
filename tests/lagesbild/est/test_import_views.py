"""The workspace upload and the CSV export of an EST group."""

# The fixtures of test_import are imported by name, which pytest uses and ruff reads as
# redefinitions; a conftest shared with the other EST tests would tie them together.
# ruff: noqa: F811

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lagesbild.est_import import MAX_BYTES
from lagesbild.models import Handelsekategori, Handelserapport
from organisation.models import Organtillhorighet
from organisation.roles import ANALYTIKER
from tests.factories import GruppmedlemskapFactory, SamverkansgruppFactory, UserFactory
from tests.lagesbild.est.test_import import HEADER, est_grupp, hulta, polisen  # noqa: F401


@pytest.fixture
def reporter(est_grupp, polisen):
    user = UserFactory(username="falt")
    GruppmedlemskapFactory(user=user, grupp=est_grupp)
    Organtillhorighet.objects.create(user=user, organ=polisen)
    return user


@pytest.fixture
def other_group_reader(db):
    other = SamverkansgruppFactory(name="EST Norrby", slug="est-norrby", kind="est")
    user = UserFactory(username="norrby")
    GruppmedlemskapFactory(user=user, grupp=other)
    return user


def _report(grupp, organ, **fields):
    defaults = {
        "omrade": grupp.omraden.get(),
        "occurred_on": date(2025, 4, 1),
        "kategori": Handelsekategori.objects.get(slug="klotter"),
    }
    return Handelserapport.objects.create(grupp=grupp, organ=organ, **(defaults | fields))


def _export(client, grupp, **params):
    params = {"fran": "2025-01-01", "till": "2025-12-31"} | params
    response = client.get(reverse("lagesbild:est_export", args=[grupp.slug]), params)
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_an_upload_imports_the_file_for_the_members_organisation(client, reporter, est_grupp):
    client.force_login(reporter)
    upload = SimpleUploadedFile(
        "polisen.csv", (HEADER + "U-1;2025-04-01;;;Hulta;;Klotter;;\n").encode()
    )

    response = client.post(
        reverse("lagesbild:est_import", args=[est_grupp.slug]), {"file": upload}, follow=True
    )

    assert "1 rapporter lästes in, 0 hoppades över (redan inlästa)" in response.content.decode()
    report = Handelserapport.objects.get()
    assert report.organ.slug == "polisen" and report.grupp == est_grupp
    assert report.history.get().history_user == reporter


def test_an_upload_with_bad_rows_shows_every_row_and_saves_nothing(client, reporter, est_grupp):
    client.force_login(reporter)
    content = HEADER + "U-1;2025-04-01;;;Hulta;;Klotter;;\nU-2;2025-04-01;;;Hulta;;Ingen;;\n"

    response = client.post(
        reverse("lagesbild:est_import", args=[est_grupp.slug]),
        {"file": SimpleUploadedFile("fel.csv", content.encode())},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "ingenting sparades" in page
    assert "Rad 3: kategorin ”Ingen”" in page
    assert not Handelserapport.objects.exists()


def test_an_analyst_reads_the_group_but_may_not_import(client, est_grupp):
    client.force_login(UserFactory(roles=[ANALYTIKER]))

    response = client.get(reverse("lagesbild:est_import", args=[est_grupp.slug]))

    assert response.status_code == 403


def test_another_groups_reader_gets_404_for_import_and_export(
    client, other_group_reader, est_grupp
):
    client.force_login(other_group_reader)

    assert client.get(reverse("lagesbild:est_import", args=[est_grupp.slug])).status_code == 404
    assert client.get(reverse("lagesbild:est_export", args=[est_grupp.slug])).status_code == 404


def test_the_export_neutralises_formulas_and_leaves_out_withdrawn_reports(
    client, reporter, est_grupp, polisen
):
    _report(est_grupp, polisen, description='=HYPERLINK("http://x")', source_id="-1")
    withdrawn = _report(est_grupp, polisen, description="Återkallad")
    Handelserapport.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    _report(est_grupp, polisen, description="Utanför perioden", occurred_on=date(2024, 6, 1))
    client.force_login(reporter)

    rows = _export(client, est_grupp)

    assert rows[0][:3] == ["id", "kallid", "datum"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["beskrivning"] == '\'=HYPERLINK("http://x")'
    assert row["kallid"] == "'-1"
    assert row["omrade"] == "Hulta" and row["kategori"] == "Klotter"
    assert row["vecka"] == "2025-W14"


def test_the_export_refuses_a_period_that_is_not_one(client, reporter, est_grupp):
    client.force_login(reporter)
    url = reverse("lagesbild:est_export", args=[est_grupp.slug])

    response = client.get(url, {"fran": "2025-12-01", "till": "2025-01-01"})

    assert response.status_code == 400
    assert "fran=" in response.content.decode()
    assert client.get(url, {"fran": "igår"}).status_code == 400


def test_a_member_without_an_organisation_is_told_why_the_upload_is_missing(client, est_grupp):
    user = UserFactory()
    GruppmedlemskapFactory(user=user, grupp=est_grupp)
    client.force_login(user)

    response = client.get(reverse("lagesbild:est_import", args=[est_grupp.slug]))

    page = response.content.decode()
    assert "hör inte till någon organisation" in page
    assert 'type="file"' not in page


def test_an_upload_past_the_size_limit_is_refused_as_too_large(client, reporter, est_grupp):
    client.force_login(reporter)
    content = (HEADER + "U-1;2025-04-01;;;Hulta;;Klotter;;\n").encode() + b" " * MAX_BYTES

    response = client.post(
        reverse("lagesbild:est_import", args=[est_grupp.slug]),
        {"file": SimpleUploadedFile("stor.csv", content)},
    )

    assert "större än 20 MB" in response.content.decode()
    assert not Handelserapport.objects.exists()


def test_an_upload_without_the_csrf_token_is_refused(reporter, est_grupp):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    upload = SimpleUploadedFile("a.csv", (HEADER + "U-1;2025-04-01;;;Hulta;;Klotter;;\n").encode())

    response = client.post(reverse("lagesbild:est_import", args=[est_grupp.slug]), {"file": upload})

    assert response.status_code == 403
    assert not Handelserapport.objects.exists()
