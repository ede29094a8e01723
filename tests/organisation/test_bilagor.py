"""Attachments: only real files of the allowed kinds are stored, under generated names."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisation.models import Bilaga
from tests.factories import MoteFactory
from tests.organisation import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def mote(forum):
    return MoteFactory(forum=forum)


def _upload(client, mote, upload, title="Bilaga"):
    return client.post(
        reverse("organisation:bilaga_upload", args=[mote.pk]), {"title": title, "file": upload}
    )


@pytest.mark.parametrize(
    ("upload", "file_type"),
    [
        (files.pdf, "pdf"),
        (files.png, "png"),
        (files.jpeg, "jpeg"),
        (lambda: files.ooxml("presentation.pptx", "ppt/presentation.xml"), "pptx"),
        (lambda: files.ooxml("anteckningar.docx", "word/document.xml"), "docx"),
        (lambda: files.ooxml("statistik.xlsx", "xl/workbook.xml"), "xlsx"),
        (files.odt, "odt"),
    ],
)
def test_member_attaches_each_allowed_kind(client, mote, member, media_root, upload, file_type):
    client.force_login(member)
    response = _upload(client, mote, upload())
    assert response.status_code == 302
    attachment = Bilaga.objects.get()
    assert attachment.file_type == file_type
    stored = files.files_in(media_root)
    assert len(stored) == 1
    # The stored name is generated; the uploader's name is kept only for display.
    assert stored[0].name != attachment.original_name
    assert stored[0].parent.name == "bilagor"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (files.windows_executable, "inte en PDF-fil"),
        (files.html_as_pdf, "inte en PDF-fil"),
        (lambda: files.windows_executable("program.exe"), "kan inte bifogas"),
        (lambda: files.pdf("..%2F..%2Fsettings.pdf"), "är inte tillåtet"),
        (lambda: files.pdf("rapport..pdf"), "är inte tillåtet"),
        (lambda: files.pdf(".htaccess.pdf"), "är inte tillåtet"),
        (lambda: files.png("bild.pdf"), "inte en PDF-fil"),
        (lambda: files.ooxml("makro.docx", "word/document.xml", macros=True), "makron"),
        (lambda: files.ooxml("falsk.docx", "xl/workbook.xml"), "inte en DOCX-fil"),
        (
            lambda: SimpleUploadedFile(
                "stor.pdf", files.MINIMAL_PDF + b"0" * (20 * 1024 * 1024), "application/pdf"
            ),
            "högst 20 MB",
        ),
    ],
    ids=[
        "renamed-executable",
        "html-named-pdf",
        "executable",
        "encoded-traversal",
        "dot-dot",
        "dotfile",
        "png-named-pdf",
        "docx-with-macros",
        "xlsx-named-docx",
        "over-20-mb",
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_written(
    client, mote, member, media_root, upload, message
):
    client.force_login(member)
    response = _upload(client, mote, upload())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Bilaga.objects.exists()
    assert files.files_in(media_root) == []


def test_a_path_in_the_file_name_never_becomes_a_path_on_disk(
    client, mote, member, media_root, tmp_path
):
    client.force_login(member)
    upload = files.pdf("../../../../outside.pdf")
    response = _upload(client, mote, upload)
    assert response.status_code == 302
    stored = files.files_in(media_root)
    assert len(stored) == 1 and stored[0].parent == media_root / "bilagor"
    assert not list(tmp_path.rglob("outside.pdf"))
    assert Bilaga.objects.get().original_name == "outside.pdf"


def test_outsider_cannot_attach_files(client, mote, outsider, media_root):
    client.force_login(outsider)
    assert _upload(client, mote, files.pdf()).status_code == 403
    assert files.files_in(media_root) == []


def test_removing_an_attachment_deletes_the_file(
    client, mote, member, media_root, django_capture_on_commit_callbacks
):
    client.force_login(member)
    _upload(client, mote, files.pdf())
    attachment = Bilaga.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisation:bilaga_delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Bilaga.objects.exists()
    assert files.files_in(media_root) == []


def test_remove_asks_on_a_page_of_its_own_before_anything_is_removed(
    client, mote, member, media_root
):
    client.force_login(member)
    _upload(client, mote, files.pdf(), title="Presentation om belysning")
    attachment = Bilaga.objects.get()
    workspace = client.get(reverse("organisation:arbetsyta_mote", args=[mote.pk])).content.decode()
    confirm_url = reverse("organisation:bilaga_delete", args=[attachment.pk])
    assert f'href="{confirm_url}"' in workspace

    page = client.get(confirm_url)

    assert page.status_code == 200
    assert "Ta bort bilagan?" in page.content.decode()
    assert "Presentation om belysning" in page.content.decode()
    assert Bilaga.objects.filter(pk=attachment.pk).exists()
    assert len(files.files_in(media_root)) == 1
