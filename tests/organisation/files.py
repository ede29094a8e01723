"""Real files of each allowed kind, and files that only pretend to be one."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="presentation.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def png(name="karta.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg(name="foto.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def ooxml(name, main_part, *, macros=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
        if macros:
            package.writestr("word/vbaProject.bin", b"\x00\x01")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def odt(name="anteckningar.odt"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def windows_executable(name="protokoll.pdf"):
    return SimpleUploadedFile(
        name, b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf"
    )


def html_as_pdf(name="protokoll.pdf"):
    return SimpleUploadedFile(
        name, b"<!DOCTYPE html><script>alert(1)</script>", content_type="application/pdf"
    )


def files_in(root):
    return [path for path in root.rglob("*") if path.is_file()]
