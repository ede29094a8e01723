"""The text inside an attachment, for the personnummer guard."""

import re
import zipfile

MAX_PART_BYTES = 8 * 1024 * 1024
_TAG = re.compile(rb"<[^>]{0,2000}>")
_PARAGRAPH_END = re.compile(rb"</(?:w:p|a:p|text:p|text:h|si|row)>")


def _xml_text(data: bytes) -> str:
    # Paragraph ends become line breaks; the runs inside a paragraph are joined without
    # a separator, so a number split over several runs is read whole.
    data = _PARAGRAPH_END.sub(b"\n", data)
    return _TAG.sub(b"", data).decode("utf-8", "replace")


def _package_text(file, parts) -> str:
    texts = []
    with zipfile.ZipFile(file) as package:
        for info in package.infolist():
            if parts(info.filename):
                with package.open(info) as handle:
                    texts.append(_xml_text(handle.read(MAX_PART_BYTES)))
    return "\n".join(texts)


def extract_attachment_text(file, file_type: str, *, max_chars: int = 2_000_000) -> str:
    """The readable text of a PDF, DOCX, PPTX, XLSX or ODT; images have none."""
    file.seek(0)
    try:
        if file_type == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(file)
            text = "\n".join((page.extract_text() or "") for page in reader.pages[:2000])
        elif file_type == "docx":
            text = _package_text(file, lambda n: n.startswith("word/") and n.endswith(".xml"))
        elif file_type == "pptx":
            text = _package_text(file, lambda n: n.startswith("ppt/slides/") and n.endswith(".xml"))
        elif file_type == "xlsx":
            text = _package_text(file, lambda n: n.startswith("xl/") and n.endswith(".xml"))
        elif file_type == "odt":
            text = _package_text(file, lambda n: n in {"content.xml", "meta.xml", "styles.xml"})
        else:
            text = ""
    finally:
        file.seek(0)
    return text[:max_chars]
