"""Hostile attachments: bombs, polyglots and oversized uploads are refused without harm."""

import os
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse
from PIL import ImageFile

from organisation.models import Bilaga
from organisation.validators import validate_attachment
from tests.factories import MoteFactory
from tests.organisation import files

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><script>fetch('/arbetsyta/')</script></html>"


@pytest.fixture
def mote(forum):
    return MoteFactory(forum=forum)


def _upload(client, mote, upload, title="Bilaga"):
    return client.post(
        reverse("organisation:bilaga_upload", args=[mote.pk]), {"title": title, "file": upload}
    )


def _upload_file(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _peak_memory_while(function):
    tracemalloc.start()
    try:
        function()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize(
    ("name", "bomb"),
    [("bomb.odt", files.odt_bomb), ("bomb.docx", files.docx_bomb)],
    ids=["odt", "docx"],
)
def test_a_zip_bomb_is_refused_without_unpacking_it(name, bomb):
    upload = _upload_file(name, bomb())
    assert upload.size < 3 * files.MIB  # 2 GiB of zeros inside

    def validate():
        with pytest.raises(ValidationError) as refusal:
            validate_attachment(upload)
        assert refusal.value.code in {"unpacked_too_large", "compression_ratio"}

    # A worker that unpacked the entry would need 2 GiB; bounded reading stays far below.
    assert _peak_memory_while(validate) < 64 * files.MIB


def test_a_zip_whose_header_understates_an_entry_is_refused_with_bounded_memory():
    upload = _upload_file("bomb.odt", files.odt_bomb(declared=len(files.ODT_MIMETYPE)))

    def validate():
        with pytest.raises(ValidationError):
            validate_attachment(upload)

    assert _peak_memory_while(validate) < 64 * files.MIB


def test_one_highly_compressed_part_is_refused_even_when_the_total_is_small():
    upload = _upload_file("rapport.docx", files.docx_bomb(unpacked=50 * files.MIB))
    with pytest.raises(ValidationError) as refusal:
        validate_attachment(upload)
    assert refusal.value.code == "compression_ratio"


def test_a_package_with_thousands_of_parts_is_refused():
    upload = _upload_file("rapport.docx", files.package_with_entries(2_001))
    with pytest.raises(ValidationError) as refusal:
        validate_attachment(upload)
    assert refusal.value.code == "too_many_parts"


def _pdf_with_html_after_header():
    return files.MINIMAL_PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + HTML + b"\n", 1)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: files.pdf(content=_pdf_with_html_after_header()), "webbsideskod"),
        (lambda: files.pdf(content=files.MINIMAL_PDF + HTML), "webbsideskod"),
        (lambda: files.pdf(content=b"%PDF-1.7\n" + b"x" * 500), "gick inte att läsa"),
        (lambda: files.pdf(content=files.build_pdf(pages=2_001)), "högst 2000 sidor"),
        (lambda: files.png(content=files.png_bytes() + HTML), "webbsideskod"),
        (lambda: files.jpeg(content=files.jpeg_bytes() + HTML), "webbsideskod"),
        (
            lambda: files.png(content=files.png_bytes() + bytes(range(256)) * 40),
            "efter bildens slut",
        ),
        (lambda: files.png(content=files.png_claiming_size(100_000, 100_000)), "bildpunkter"),
        (lambda: files.png(content=files.png_claiming_size(8_000, 8_000)), "bildpunkter"),
        (lambda: files.png(content=files.png_bytes((400, 400))[:-200]), "gick inte att läsa"),
        (lambda: _upload_file("bomb.odt", files.odt_bomb()), "Uppackad skulle filen"),
        (
            lambda: _upload_file("rapport.docx", files.package_with_entries(2_001)),
            "fler än 2000 delar",
        ),
    ],
    ids=[
        "pdf-header-then-html",
        "html-after-pdf-eof",
        "pdf-header-then-garbage",
        "pdf-with-2001-pages",
        "png-with-html-appended",
        "jpeg-with-html-appended",
        "png-with-data-appended",
        "png-claiming-10-gigapixels",
        "png-claiming-64-megapixels",
        "truncated-png",
        "odt-zip-bomb",
        "docx-with-2001-parts",
    ],
)
def test_hostile_files_are_refused_with_a_message_and_nothing_is_written(
    client, mote, member, media_root, upload, message
):
    client.force_login(member)
    response = _upload(client, mote, upload())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Bilaga.objects.exists()
    assert files.files_in(media_root) == []


@pytest.mark.parametrize(
    "content",
    [files.png_bytes((400, 400))[:-200], files.jpeg_bytes((400, 400))[:-200]],
    ids=["png", "jpeg"],
)
def test_a_cut_short_image_is_refused_even_after_weasyprint_relaxed_pillow(monkeypatch, content):
    # Importing WeasyPrint (the annual report does) sets this for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    name = "bild.png" if content.startswith(b"\x89PNG") else "bild.jpg"
    with pytest.raises(ValidationError) as refusal:
        validate_attachment(_upload_file(name, content))
    assert refusal.value.code == "image_unreadable"


@pytest.mark.parametrize(
    "upload",
    [
        lambda: files.pdf(content=files.build_pdf(["Dagordning"], pages=3)),
        lambda: files.pdf(content=files.MINIMAL_PDF + b"\r\n"),
        lambda: files.jpeg(content=files.jpeg_bytes((64, 48), progressive=True)),
        lambda: files.jpeg(content=files.multi_picture_jpeg_bytes()),
        lambda: files.png(content=files.png_bytes((64, 48)) + bytes(16)),
    ],
    ids=[
        "pdf-with-pages",
        "pdf-with-newline-after-eof",
        "progressive-jpeg",
        "phone-jpeg-with-a-second-picture",
        "png-with-padding",
    ],
)
def test_ordinary_files_with_harmless_quirks_are_still_accepted(client, mote, member, upload):
    client.force_login(member)
    response = _upload(client, mote, upload())
    assert response.status_code == 302
    assert Bilaga.objects.count() == 1


class RecordingTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """The handler that writes to disk, noting how much it was given and where it wrote."""

    received = 0
    paths: list = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        type(self).paths.append(self.file.temporary_file_path())

    def receive_data_chunk(self, raw_data, start):
        type(self).received += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture
def recording_disk_handler(settings):
    RecordingTemporaryFileUploadHandler.received = 0
    RecordingTemporaryFileUploadHandler.paths = []
    settings.FILE_UPLOAD_HANDLERS = [
        *[h for h in settings.FILE_UPLOAD_HANDLERS if not h.endswith("TemporaryFileUploadHandler")],
        f"{__name__}.RecordingTemporaryFileUploadHandler",
    ]
    return RecordingTemporaryFileUploadHandler


def test_an_oversized_upload_is_stopped_while_it_streams_and_leaves_no_file(
    client, mote, member, media_root, recording_disk_handler
):
    client.force_login(member)
    content = files.MINIMAL_PDF + bytes(25 * files.MIB)
    response = _upload(client, mote, files.pdf("stor.pdf", content))
    assert response.status_code == 400
    assert "Filen är 25,0 MB. Bilagor får vara högst 20 MB." in response.content.decode()
    # Nothing past the limit reached the disk, and what did is gone once refused.
    assert recording_disk_handler.received <= 20 * files.MIB
    assert recording_disk_handler.paths
    assert not any(os.path.exists(path) for path in recording_disk_handler.paths)
    assert not Bilaga.objects.exists()
    assert files.files_in(media_root) == []


def test_files_sent_to_any_other_page_are_not_stored_past_the_limit(
    client, member, recording_disk_handler
):
    client.force_login(member)
    upload = files.pdf("stor.pdf", bytes(25 * files.MIB))
    client.post(reverse("organisation:login"), {"file": upload})
    assert recording_disk_handler.received <= 20 * files.MIB


def test_the_attachment_upload_still_requires_the_csrf_token(mote, member, media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = _upload(client, mote, files.pdf())
    assert response.status_code == 403
    assert not Bilaga.objects.exists()


# --- Downloads: what shared caches may keep -------------------------------------------------


def _attach(mote):
    return Bilaga.objects.create(
        mote=mote,
        title="Presentation",
        file=files.pdf(),
        original_name="presentation.pdf",
        file_type="pdf",
        size=len(files.MINIMAL_PDF),
    )


def test_a_public_attachment_must_be_revalidated_and_carries_a_validator(client, forum):
    attachment = _attach(MoteFactory(forum=forum, published=True))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert response["ETag"]
    assert b"".join(response.streaming_content) == files.MINIMAL_PDF


def test_a_public_attachment_answers_304_when_the_copy_is_current(client, forum):
    attachment = _attach(MoteFactory(forum=forum, published=True))
    etag = client.get(attachment.get_absolute_url())["ETag"]
    response = client.get(attachment.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "no-cache"


def test_a_cached_public_attachment_is_gone_once_the_minutes_are_unpublished(client, forum):
    mote = MoteFactory(forum=forum, published=True)
    attachment = _attach(mote)
    etag = client.get(attachment.get_absolute_url())["ETag"]
    mote.minutes_published_at = None
    mote.save()
    response = client.get(attachment.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 404


def test_an_attachment_that_is_not_public_is_never_stored_by_any_cache(client, mote, member):
    attachment = _attach(mote)
    client.force_login(member)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")


def test_a_member_downloading_a_public_attachment_gets_the_public_headers(client, forum, member):
    attachment = _attach(MoteFactory(forum=forum, published=True))
    client.force_login(member)
    response = client.get(attachment.get_absolute_url())
    assert response["Cache-Control"] == "no-cache"
