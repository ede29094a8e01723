"""Reading zip packages (DOCX, PPTX, XLSX, ODT) sent by anyone, without unpacking a bomb.

The limits are checked on the central directory before anything is inflated, and every
read is bounded by its own byte count, so a header that lies about an entry's size cannot
make a worker inflate more than the bound either: ``zipfile`` inflates up to the number of
bytes asked for, whatever the header says.
"""

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Text and XML deflate 3–20 times; only a bomb packs a sizeable part more than 100 times.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_PART_BYTES = 10 * 1024 * 1024

_MB = 1024 * 1024

# What a damaged or unsupported package makes zipfile raise: "not this kind of file".
ZIP_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted entry
    zlib.error,
)


@contextmanager
def open_package(upload) -> Iterator[zipfile.ZipFile]:
    """The upload as a zip whose directory is within the limits; refuse it otherwise.

    Raises ``zipfile.BadZipFile`` for what is not a zip at all, so callers can tell
    "not this kind of file" from "a package made to overload the server".
    """
    upload.seek(0)
    try:
        _check_end_record(upload)
        with zipfile.ZipFile(upload) as package:
            check_directory(package)
            yield package
    finally:
        upload.seek(0)


def _check_end_record(upload) -> None:
    """Refuse a huge directory before ``ZipFile`` builds an object for each of its entries.

    A 20 MB file can list some 400 000 entries, a few hundred MB of ``ZipInfo`` objects.
    ``_EndRecData`` is the standard library's own reader of the end record (with zip64).
    """
    end = zipfile._EndRecData(upload)
    if end is None:
        raise zipfile.BadZipFile("no end of central directory")
    if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ENTRIES:
        raise _too_many_parts()
    upload.seek(0)


def _too_many_parts() -> ValidationError:
    return ValidationError(
        _(
            "The file consists of more than %(limit)s parts, far more than a document "
            "needs. Save it again from the program that made it."
        ),
        code="too_many_parts",
        params={"limit": MAX_ENTRIES},
    )


def check_directory(package: zipfile.ZipFile) -> None:
    entries = package.infolist()
    if len(entries) > MAX_ENTRIES:
        raise _too_many_parts()
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _(
                "Unpacked, the file would take up more than %(limit)s MB. Attachments may "
                "unpack to at most %(limit)s MB."
            ),
            code="unpacked_too_large",
            params={"limit": MAX_UNPACKED_BYTES // _MB},
        )
    for entry in entries:
        if entry.file_size < RATIO_CHECKED_FROM_BYTES:
            continue
        if entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise ValidationError(
                _(
                    "The part “%(part)s” is packed more than %(ratio)s times tighter than "
                    "documents ever are, so the file looks made to overload the server. "
                    "It is refused."
                ),
                code="compression_ratio",
                params={"part": entry.filename[:100], "ratio": MAX_COMPRESSION_RATIO},
            )


def read_part(package: zipfile.ZipFile, entry: zipfile.ZipInfo | str, limit=MAX_PART_BYTES):
    """At most ``limit`` bytes of one entry; a larger entry is refused, never truncated."""
    with package.open(entry) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        name = entry.filename if isinstance(entry, zipfile.ZipInfo) else entry
        raise ValidationError(
            _(
                "The part “%(part)s” is larger than %(limit)s MB when unpacked, more than can "
                "be checked. Split the document or make it smaller."
            ),
            code="part_too_large",
            params={"part": name[:100], "limit": max(limit // _MB, 1)},
        )
    return data
