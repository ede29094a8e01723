"""Attachments in an S3 bucket: stored private, served only through the portal's check."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from organisation.models import Bilaga
from saker_trygg import media_storage
from tests.factories import MoteFactory
from tests.organisation import files

pytestmark = pytest.mark.django_db
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def _attach(mote):
    return Bilaga.objects.create(
        mote=mote,
        title="Presentation",
        file=files.pdf(),
        original_name="presentation.pdf",
        file_type="pdf",
        size=len(files.MINIMAL_PDF),
    )


def test_without_a_bucket_uploads_stay_in_the_media_directory(monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    assert media_storage.default_storage() == {"BACKEND": media_storage.FILESYSTEM_BACKEND}


def test_a_bucket_from_the_environment_never_overwrites_and_never_sets_a_public_acl(monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "trygghet-media")
    monkeypatch.setenv("S3_ADDRESSING_STYLE", "virtual")
    monkeypatch.setenv("S3_PREFIX", "/portal/")
    options = media_storage.default_storage()["OPTIONS"]
    assert options["bucket_name"] == "trygghet-media"
    assert options["addressing_style"] == "virtual"
    assert options["location"] == "portal"
    assert options["file_overwrite"] is False
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True


def test_an_unknown_addressing_style_stops_the_start_with_a_swedish_message(monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "trygghet-media")
    monkeypatch.setenv("S3_ADDRESSING_STYLE", "subdomain")
    with pytest.raises(ImproperlyConfigured, match="ska vara auto, path eller virtual"):
        media_storage.default_storage()


def test_every_uploaded_file_field_is_one_the_s3_tests_cover():
    """A new FileField fails here until it has an S3 test (this file, tests/lagesbild/)."""
    from django.apps import apps
    from django.db.models import FileField

    fields = {
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    }
    assert fields == {"Bilaga.file", "LagesbildDokument.file", "Tips.photo"}


def test_a_public_attachment_is_stored_private_in_the_bucket_and_streamed_by_the_portal(
    client, forum, s3_media, settings
):
    attachment = _attach(MoteFactory(forum=forum, published=True, minutes="Publicerat"))

    assert attachment.file.name.startswith("bilagor/")
    assert s3_media.object_keys() == [attachment.file.name]
    assert s3_media.read(attachment.file.name) == files.MINIMAL_PDF
    assert not any(Path(settings.MEDIA_ROOT).rglob("*"))
    grants = s3_media.client.get_object_acl(Bucket=s3_media.name, Key=attachment.file.name)
    assert {g["Grantee"].get("URI") for g in grants["Grants"]} & PUBLIC_GRANTEES == set()

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert "Location" not in response
    assert response["Content-Length"] == str(len(files.MINIMAL_PDF))
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == files.MINIMAL_PDF


def test_an_attachment_of_unpublished_minutes_is_404_and_names_no_bucket(
    client, forum, member, s3_media
):
    attachment = _attach(MoteFactory(forum=forum, minutes="Opublicerat"))

    refused = client.get(attachment.get_absolute_url())

    assert refused.status_code == 404
    assert s3_media.name.encode() not in refused.content
    assert s3_media.endpoint_url.encode() not in refused.content
    client.force_login(member)
    allowed = client.get(attachment.get_absolute_url())
    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == files.MINIMAL_PDF


def test_an_attachment_whose_object_is_gone_answers_404(client, forum, s3_media):
    attachment = _attach(MoteFactory(forum=forum, published=True, minutes="Publicerat"))
    s3_media.client.delete_object(Bucket=s3_media.name, Key=attachment.file.name)

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_deleting_an_attachment_deletes_its_object_after_the_commit(
    forum, s3_media, django_capture_on_commit_callbacks
):
    attachment = _attach(MoteFactory(forum=forum, published=True, minutes="Publicerat"))
    keep = _attach(MoteFactory(forum=forum, published=True, minutes="Publicerat"))

    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()

    assert s3_media.object_keys() == [keep.file.name]
    assert storages["default"].exists(keep.file.name)
