"""Checks on uploaded files. The personnummer guard for text is in ``personnummer.py``."""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

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
_UNSAFE_NAME_RE = re.compile(r"[\x00-\x1f\x7f/\\]|\.\.|%2[fe]|%5c", re.IGNORECASE)


def _attachment_error(message, code, **params):
    return ValidationError(message, code=code, params=params)


def _content_type_of(upload) -> str | None:
    """What the bytes are, judged by their structure and never by the name."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return _image_type(upload)
    if head.startswith(b"PK\x03\x04"):
        return _package_type(upload)
    return None


def _image_type(upload) -> str | None:
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    return {"PNG": "png", "JPEG": "jpeg"}.get(image_format)


def _package_type(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if package.namelist()[:1] == ["mimetype"]:
                mimetype = package.read("mimetype").strip()
                return "odt" if mimetype == b"application/vnd.oasis.opendocument.text" else None
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return "macro"
            for kind, part in _OOXML_MAIN_PART.items():
                if part in names:
                    return kind
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


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
    return actual
