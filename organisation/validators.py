"""Checks on uploaded files. The personnummer guard for text is in ``personnummer.py``."""

import io
import re
import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from organisation.safepdf import open_pdf, pdf_limits
from organisation.safezip import ZIP_ERRORS, open_package, read_part

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
# Encoders pad a little after an image's end; a motion photo or a second file is far more.
MAX_IMAGE_TRAILER_BYTES = 4 * 1024

# Extension -> the type the content must turn out to be.
ATTACHMENT_EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "pptx": "pptx",
    "xlsx": "xlsx",
    "odt": "odt",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
}

# The part an Office Open XML package of each kind must contain.
_OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "xlsx": "xl/workbook.xml",
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_UNSAFE_NAME_RE = re.compile(r"[\x00-\x1f\x7f/\\]|\.\.|%2[fe]|%5c", re.IGNORECASE)
# What makes a browser that sniffs the bytes treat a file as a web page.
_HTML_RE = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta)[\s/>]", re.IGNORECASE
)
# Browsers sniff the first KB; a polyglot puts its page right after the PDF header.
_PDF_SNIFFED_BYTES = 4096
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Whatever a broken image makes Pillow raise: each means "could not be read".
_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)


def _attachment_error(message, code, **params):
    return ValidationError(message, code=code, params=params)


def _read_all(upload) -> bytes:
    # Only after the size check: never more than MAX_ATTACHMENT_BYTES.
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _content_type_of(upload) -> str | None:
    """What the bytes are, judged by their structure and never by the name."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_PNG_SIGNATURE):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _package_type(upload)
    return None


def _package_type(upload) -> str | None:
    try:
        with open_package(upload) as package:
            names = package.namelist()
            if names[:1] == ["mimetype"]:
                mimetype = read_part(package, "mimetype", limit=1024).strip()
                return "odt" if mimetype == _ODT_MIMETYPE else None
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return "macro"
            for kind, part in _OOXML_MAIN_PART.items():
                if part in names:
                    return kind
    except ValidationError as exc:
        if exc.code == "part_too_large":  # a mimetype of more than 1 KB is no ODT's
            return None
        raise
    except ZIP_ERRORS:
        return None
    return None


def _check_pdf(upload) -> None:
    data = _read_all(upload)
    end = data.rfind(b"%%EOF")
    after_end = data[end + 5 :] if end >= 0 else b""
    if _HTML_RE.search(data[:_PDF_SNIFFED_BYTES]) or _HTML_RE.search(after_end):
        raise _attachment_error(
            _(
                "The PDF also contains web page code (HTML or script) that a browser could "
                "run. Export the document again as a plain PDF."
            ),
            "pdf_html",
        )
    with pdf_limits():
        open_pdf(data)


def _too_many_pixels():
    return _attachment_error(
        _(
            "The image has more than %(limit)s million pixels, more than can be checked "
            "safely. Make it smaller and try again."
        ),
        "image_too_many_pixels",
        limit=MAX_IMAGE_PIXELS // 1_000_000,
    )


def _check_image(upload, kind: str) -> None:
    data = _read_all(upload)
    try:
        with Image.open(io.BytesIO(data), formats=[kind.upper()]) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels()
            # Phones store extra pictures (depth maps, gain maps) as JPEGs after the first.
            several_pictures = image.format == "MPO"
            if kind == "jpeg":
                # Every scan is still decoded, at an eighth of the size in memory.
                image.draft(None, (1, 1))
            image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except _IMAGE_ERRORS as exc:
        raise _attachment_error(
            _("The image could not be read: it is damaged or incomplete."), "image_unreadable"
        ) from exc
    trailer = _png_trailer(data) if kind == "png" else _jpeg_trailer(data)
    while several_pictures and trailer and trailer.startswith(b"\xff\xd8"):
        trailer = _jpeg_trailer(trailer)
    if trailer is None:
        # WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, so a
        # missing end is found here rather than trusted to load().
        raise _attachment_error(
            _("The image could not be read: it is damaged or incomplete."), "image_unreadable"
        )
    trailer = trailer.strip(b"\x00 \t\r\n")
    if _HTML_RE.search(trailer):
        raise _attachment_error(
            _(
                "The image has web page code (HTML or script) appended after its end. Save the "
                "image again as a plain PNG or JPEG."
            ),
            "image_html",
        )
    if len(trailer) > MAX_IMAGE_TRAILER_BYTES:
        raise _attachment_error(
            _(
                "The image has %(size)s bytes of other data after its end (a motion photo, "
                "for example). Save the image again as a plain PNG or JPEG."
            ),
            "image_trailer",
            size=len(trailer),
        )


def _png_trailer(data: bytes) -> bytes | None:
    """What follows the IEND chunk; None when there is none."""
    position = len(_PNG_SIGNATURE)
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return data[position:]
    return None


def _jpeg_trailer(data: bytes) -> bytes | None:
    """What follows the EOI marker, found by walking the segments and the scans' data.

    None when the walk finds no end: the picture is cut short or its segments are broken.
    """
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0xD9:
            return data[position + 2 :]
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
        if marker == 0xDA:
            position = _end_of_scan(data, position)
    return None


def _end_of_scan(data: bytes, position: int) -> int:
    """The next marker after entropy-coded data, where 0xFF is followed by 0x00 or a restart."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position


def validate_attachment(upload) -> str:
    """Check an uploaded attachment by size, name and content; return its type or refuse it."""
    allowed = "PDF, DOCX, PPTX, XLSX, ODT, PNG, JPEG"
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise _attachment_error(
            _("The file is %(size)s MB. Attachments may be at most 20 MB."),
            "too_large",
            size=f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
        )
    name = upload.name or ""
    if not name.strip() or _UNSAFE_NAME_RE.search(name) or name.startswith("."):
        raise _attachment_error(
            _("The file name “%(name)s” is not allowed. Rename the file and try again."),
            "unsafe_name",
            name=name,
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = ATTACHMENT_EXTENSIONS.get(extension)
    if expected is None:
        raise _attachment_error(
            _("Files of this kind cannot be attached. Allowed: %(allowed)s."),
            "type_not_allowed",
            allowed=allowed,
        )
    actual = _content_type_of(upload)
    if actual == "macro":
        raise _attachment_error(
            _("The file contains macros. Save it without macros (as .docx, .pptx or .xlsx)."),
            "macros",
        )
    if actual != expected:
        raise _attachment_error(
            _(
                "The content of “%(name)s” is not a %(kind)s file, whatever its name says. "
                "Allowed: %(allowed)s."
            ),
            "content_mismatch",
            name=name,
            kind=extension.upper(),
            allowed=allowed,
        )
    if actual == "pdf":
        _check_pdf(upload)
    elif actual in {"png", "jpeg"}:
        _check_image(upload, actual)
    return actual
