"""The text inside an attachment, so the personnummer guard can read what a visitor would.

``extract_attachment_text`` fails closed: text it cannot read completely, within bounded
memory and time, is refused with a ValidationError rather than returned cut short, since
a number past the cut would reach the public unchecked.
"""

import html
import io
import re
import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisation.safepdf import open_pdf, pdf_limits
from organisation.safezip import ZIP_ERRORS, open_package, read_part
from organisation.validators import MAX_ATTACHMENT_BYTES

MAX_PDF_SECONDS = 10
# Across all parts of one package: the XML around the text, not only the text.
MAX_XML_BYTES = 64 * 1024 * 1024

_PACKAGE_TYPES = {"docx", "pptx", "xlsx", "odt"}
# Ends of paragraphs, rows and cells, and the empty elements that stand for whitespace:
# anything else between two runs of text is markup, and runs join with nothing between
# them, as Word splits "19121212-1212" into runs wherever an edit or spell check fell.
_BREAKS = {
    "w:p": "\n",
    "a:p": "\n",
    "text:p": "\n",
    "text:h": "\n",
    "text:list-item": "\n",
    "si": "\n",
    "row": "\n",
    "w:tc": "\t",
    "a:tc": "\t",
    "c": "\t",
    "table:table-cell": "\t",
    "w:tab": "\t",
    "text:tab": "\t",
    "w:br": "\n",
    "w:cr": "\n",
    "a:br": "\n",
    "text:line-break": "\n",
    "text:s": " ",
}
# Possessive and free of "<" inside, so text with stray brackets stays linear.
_TAG_RE = re.compile(r"<(/?)([^\s/<>!?]*+)([^<>]*+)>")


def _unreadable() -> ValidationError:
    return ValidationError(
        _(
            "The text inside the file could not be read, so it cannot be checked for "
            "personal identity numbers."
        ),
        code="text_unreadable",
    )


def _too_long(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The file holds more text than can be checked for personal identity numbers "
            "(more than %(limit)s characters)."
        ),
        code="text_too_long",
        params={"limit": limit},
    )


def extract_attachment_text(file, file_type: str, *, max_chars=2_000_000) -> str:
    """All text a reader of the attachment could see, or a ValidationError saying why not.

    ``file`` is an upload or a stored ``Bilaga.file``; ``file_type`` its ``Bilaga.Type``.
    PDF: every page, comments on pages, the document information and form field values.
    Office and OpenDocument: every XML part, paragraphs and cells on lines of their own.
    Images: "".
    """
    if file_type in {"png", "jpeg"}:
        return ""
    data = _read(file)
    if file_type == "pdf":
        parts = _pdf_text(data, max_chars)
    elif file_type in _PACKAGE_TYPES:
        parts = _package_text(data, max_chars)
    else:
        raise ValueError(f"No text extraction for file type {file_type!r}")
    return "\n".join(parts)


def _read(file) -> bytes:
    if getattr(file, "closed", False):
        file.open("rb")
    file.seek(0)
    data = file.read(MAX_ATTACHMENT_BYTES + 1)
    file.seek(0)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise _unreadable()
    return data


class _Text:
    """Parts of text collected up to the character limit."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> None:
        self.length += len(text)
        if self.length > self.max_chars:
            raise _too_long(self.max_chars)
        self.parts.append(text)


def _pdf_text(data: bytes, max_chars: int) -> list[str]:
    text = _Text(max_chars)
    deadline = time.monotonic() + MAX_PDF_SECONDS
    try:
        with pdf_limits():
            reader = open_pdf(data)
            for page in reader.pages:
                text.add(page.extract_text() or "")
                for annotation in page.get("/Annots") or []:
                    comment = annotation.get_object().get("/Contents")
                    if comment is not None:
                        text.add(str(comment))
                if time.monotonic() > deadline:
                    raise ValidationError(
                        _(
                            "Reading the text inside the file took too long, so it cannot "
                            "be checked for personal identity numbers."
                        ),
                        code="text_timeout",
                    )
            metadata = reader.metadata or {}
            for key in metadata:
                text.add(str(metadata[key]))
            for field in (reader.get_fields() or {}).values():
                if field.get("/V") is not None:
                    text.add(str(field["/V"]))
    except ValidationError as exc:
        if exc.code in {"text_too_long", "text_timeout"}:
            raise
        raise _unreadable() from exc
    # pypdf can fail in any way on hostile bytes: each means the text was not read.
    except Exception as exc:
        raise _unreadable() from exc
    return text.parts


def _package_text(data: bytes, max_chars: int) -> list[str]:
    text = _Text(max_chars)
    read_bytes = 0
    try:
        with open_package(io.BytesIO(data)) as package:
            for entry in package.infolist():
                if not entry.filename.endswith(".xml") or entry.filename == "[Content_Types].xml":
                    continue
                read_bytes += entry.file_size
                if read_bytes > MAX_XML_BYTES:
                    raise _too_long(max_chars)
                text.add(xml_text(read_part(package, entry)))
    except ValidationError as exc:
        if exc.code == "text_too_long":
            raise
        raise _unreadable() from exc
    except ZIP_ERRORS as exc:
        raise _unreadable() from exc
    return text.parts


def xml_text(data: bytes) -> str:
    """The character data of an XML part, with line and cell breaks where the layout has them."""
    encoding = "utf-16" if data[:2] in {b"\xff\xfe", b"\xfe\xff"} else "utf-8"
    markup = data.decode(encoding, errors="replace")

    def replace(tag: re.Match) -> str:
        closing, name, rest = tag.groups()
        if closing or rest.endswith("/"):
            return _BREAKS.get(name, "")
        return ""

    return html.unescape(_TAG_RE.sub(replace, markup)).strip()
