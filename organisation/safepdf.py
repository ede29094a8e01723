"""Opening PDFs sent by anyone with pypdf, within limits fitted to a 20 MB attachment."""

import io
from contextlib import contextmanager

import pypdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PAGES = 2_000
_MAX_STREAM_OUTPUT = 32 * 1024 * 1024

# pypdf's defaults suit documents of any size; an attachment is at most 20 MB, so no stream
# in it may inflate past a few times that. The configuration is a context variable, so
# setting it here changes nothing for the annual report's own PDF handling.
_LIMITS = {
    "maximum_declared_stream_length": 25 * 1024 * 1024,
    "array_based_stream_maximum_output_length": _MAX_STREAM_OUTPUT,
    "zlib_maximum_output_length": _MAX_STREAM_OUTPUT,
    "lzw_maximum_output_length": _MAX_STREAM_OUTPUT,
    "run_length_maximum_output_length": _MAX_STREAM_OUTPUT,
    "brotli_maximum_output_length": _MAX_STREAM_OUTPUT,
    "jbig2_maximum_output_length": _MAX_STREAM_OUTPUT,
    "image_maximum_buffer_size": _MAX_STREAM_OUTPUT,
    "stream_decoding_work_maximum_length": 4 * _MAX_STREAM_OUTPUT,
    "xform_maximum_invocations_per_extraction": 1_000,
    # Never run an external decoder on an uploaded file.
    "jbig2dec_binary": None,
}


@contextmanager
def pdf_limits():
    """pypdf parses lazily: keep every use of a reader from ``open_pdf`` inside this."""
    with pypdf.apply_configuration(**_LIMITS):
        yield


def unreadable_pdf() -> ValidationError:
    return ValidationError(
        _(
            "The PDF could not be read: it is damaged or not a real PDF. Save or export it "
            "as PDF again and try again."
        ),
        code="pdf_unreadable",
    )


def open_pdf(data: bytes) -> pypdf.PdfReader:
    """A reader for the PDF whose pages can be counted, or a ValidationError saying why not.

    Call inside ``pdf_limits()``.
    """
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _encrypted()
        pages = len(reader.pages)
    except ValidationError:
        raise
    except pypdf.errors.DependencyError as exc:  # AES needs a crypto library we do not ship
        raise _encrypted() from exc
    # A parser fed hostile bytes can fail in any way; each is "could not be read", not a 500.
    except Exception as exc:
        raise unreadable_pdf() from exc
    if pages > MAX_PAGES:
        raise ValidationError(
            _("The PDF has %(pages)s pages; attachments may have at most %(limit)s pages."),
            code="pdf_too_many_pages",
            params={"pages": pages, "limit": MAX_PAGES},
        )
    return reader


def _encrypted() -> ValidationError:
    return ValidationError(
        _(
            "The PDF is encrypted or password-protected, so its content cannot be checked. "
            "Save it without a password and try again."
        ),
        code="pdf_encrypted",
    )
