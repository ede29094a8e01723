"""Reading the report PDFs back, as a screen reader or a search would."""

import io

from pypdf import PdfReader


def read_pdf(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """All text of a PDF with whitespace collapsed, so that wrapped lines read as one."""
    reader = read_pdf(content)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
