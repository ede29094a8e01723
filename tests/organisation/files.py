"""Real files of each allowed kind, files that only pretend to be one, and hostile ones."""

import functools
import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MIB = 1024 * 1024
GIB = 1024 * MIB


def build_pdf(lines=(), *, pages=1, title=None, comment=None) -> bytes:
    """A well-formed PDF with a cross-reference table; each page shows ``lines`` as text.

    ``title`` goes into the document information, ``comment`` into a note on each page.
    """
    font = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"
    objects = {1: b"<</Type/Catalog/Pages 2 0 R>>", 3: font}
    shown = b" ".join(
        b"("
        + line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        + b") '"
        for line in lines
    )
    content = b"BT /F1 12 Tf 72 780 Td 16 TL " + shown + b" ET"
    kids = []
    number = 4
    for _ in range(pages):
        annots = b"/Annots[<</Type/Annot/Subtype/Text/Rect[0 0 20 20]/Contents(%s)>>]" % (
            comment.encode() if comment else b""
        )
        objects[number] = (
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
            b"/Resources<</Font<</F1 3 0 R>>>>/Contents %d 0 R%s>>"
            % (number + 1, annots if comment else b"")
        )
        objects[number + 1] = b"<</Length %d>>stream\n%s\nendstream" % (len(content), content)
        kids.append(b"%d 0 R" % number)
        number += 2
    objects[2] = b"<</Type/Pages/Kids[%s]/Count %d>>" % (b" ".join(kids), pages)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for key in sorted(objects):
        offsets[key] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (key, objects[key])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % number
    out += b"".join(b"%010d 00000 n \n" % offsets[key] for key in range(1, number))
    info = b"/Info<</Title(%s)>>" % title.encode() if title else b""
    out += b"trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (number, info, xref)
    return bytes(out)


MINIMAL_PDF = build_pdf()


def pdf(name="presentation.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(4, 4), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def multi_picture_jpeg_bytes() -> bytes:
    """A JPEG followed by a second picture, as phones save depth and gain maps (MPO)."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (64, 48), "red"), Image.new("RGB", (32, 24), "blue")
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def png(name="karta.png", content=None):
    return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")


def jpeg(name="foto.jpg", content=None):
    return SimpleUploadedFile(name, content or jpeg_bytes(), content_type="image/jpeg")


def png_claiming_size(width, height) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb."""
    data = bytearray(png_bytes())
    ihdr = 8 + 8  # signature, then length and type of the first chunk
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    body = bytes(data[ihdr - 4 : ihdr + 13])
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", zlib.crc32(body))
    return bytes(data)


def _package(entries: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for part, content in entries.items():
            compression = zipfile.ZIP_STORED if part == "mimetype" else zipfile.ZIP_DEFLATED
            package.writestr(part, content, compress_type=compression)
    return buffer.getvalue()


def ooxml(name, main_part, *, macros=False, parts=None):
    entries = {"[Content_Types].xml": "<Types/>", main_part: "<document/>", **(parts or {})}
    if macros:
        entries["word/vbaProject.bin"] = b"\x00\x01"
    return SimpleUploadedFile(name, _package(entries), content_type="application/octet-stream")


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(paragraphs, name="deltagare.docx"):
    """A Word document; each paragraph is a list of runs, as Word splits text while editing."""
    body = "".join(
        "<w:p>"
        + "".join(
            f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(run)}</w:t></w:r>'
            for run in runs
        )
        + "</w:p>"
        for runs in paragraphs
    )
    document = f"<?xml version='1.0'?><w:document {W_NS}><w:body>{body}</w:body></w:document>"
    return ooxml(name, "word/document.xml", parts={"word/document.xml": document})


def pptx(slides, name="presentation.pptx"):
    parts = {}
    for number, text in enumerate(slides, start=1):
        parts[f"ppt/slides/slide{number}.xml"] = (
            '<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody>'
            f"<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p>"
            "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        )
    return ooxml(name, "ppt/presentation.xml", parts=parts)


def xlsx(shared_strings, numbers, name="statistik.xlsx"):
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared_strings)
    cells = "".join(f'<c r="A{row}"><v>{value}</v></c>' for row, value in enumerate(numbers, 1))
    parts = {
        "xl/sharedStrings.xml": f"<sst>{strings}</sst>",
        "xl/worksheets/sheet1.xml": f"<worksheet><sheetData><row>{cells}</row></sheetData></worksheet>",
    }
    return ooxml(name, "xl/workbook.xml", parts=parts)


ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def odt(name="anteckningar.odt", paragraphs=()):
    body = "".join(f"<text:p>{escape(text)}</text:p>" for text in paragraphs)
    content = (
        '<office:document-content xmlns:office="o" xmlns:text="t">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    entries = {"mimetype": ODT_MIMETYPE, "content.xml": content}
    return SimpleUploadedFile(name, _package(entries), content_type="application/octet-stream")


@functools.cache
def _zero_block() -> tuple[bytes, bytes]:
    """One MiB of zeros deflated after a full flush: every repetition compresses the same."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH), compressor.flush()


@functools.cache
def _zeros_crc(mebibytes: int) -> int:
    crc = 0
    zeros = bytes(MIB)
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return crc


def zip_bomb_bytes(*, bomb_entry="mimetype", others=None, unpacked=2 * GIB, declared=None) -> bytes:
    """A zip whose first entry inflates to ``unpacked`` bytes of zeros (2 GiB in about 2 MB).

    Built block by block from one compressed MiB, so it costs no 2 GiB of compression.
    ``declared`` makes the headers lie about the entry's size.
    """
    block, end = _zero_block()
    compressed = block * (unpacked // MIB) + end
    entries = [(bomb_entry, 8, _zeros_crc(unpacked // MIB), compressed, declared or unpacked)]
    for part, content in (others or {}).items():
        raw = content.encode()
        entries.append((part, 0, zlib.crc32(raw), raw, len(raw)))
    out = bytearray()
    central = bytearray()
    for part, method, crc, data, size in entries:
        encoded = part.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size, len(encoded), 0
        )
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    directory_offset = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), directory_offset, 0
    )
    return bytes(out)


def odt_bomb(**options) -> bytes:
    return zip_bomb_bytes(
        bomb_entry="mimetype", others={"content.xml": "<office:document-content/>"}, **options
    )


def docx_bomb(**options) -> bytes:
    return zip_bomb_bytes(
        bomb_entry="word/document.xml", others={"[Content_Types].xml": "<Types/>"}, **options
    )


def package_with_entries(count: int) -> bytes:
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>"}
    entries.update({f"word/media/image{number}.png": "" for number in range(count)})
    return _package(entries)


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
