"""Lägesbild documents in an S3 bucket: uploaded through the checked path, read by readers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lagesbild.models import Lagesbild, LagesbildDokument
from tests.lagesbild.conftest import make_lagesbild
from tests.organisation.files import build_pdf

pytestmark = pytest.mark.django_db


def test_a_document_goes_to_the_bucket_and_only_readers_get_its_bytes(
    client, analyst, group_member, other_official, area, s3_media
):
    lagesbild = make_lagesbild(scope=Lagesbild.Scope.SAMVERKANSOMRADE, samverkansomrade=area)
    content = build_pdf(["Polisens statistik"])
    client.force_login(analyst)
    client.post(
        reverse("lagesbild:dokument_upload", kwargs={"pk": lagesbild.pk}),
        {
            "title": "Polisens statistik",
            "kind": "underlag",
            "file": SimpleUploadedFile("statistik.pdf", content),
        },
    )
    document = LagesbildDokument.objects.get()
    assert s3_media.object_keys() == [document.file.name]
    url = reverse("lagesbild:dokument", kwargs={"pk": document.pk})

    client.force_login(group_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == s3_media.read(document.file.name)
    client.force_login(other_official)
    assert client.get(url).status_code == 404
