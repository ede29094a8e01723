"""Reading the report PDFs back, as a screen reader or a search would."""

import hashlib
import io

from pypdf import PdfReader

# Text by the PDF's checksum: the same printed report is read by many tests (see
# pytest_runtest_setup in tests/conftest.py), and reading it back takes as long as printing.
_texts: dict[bytes, str] = {}


def read_pdf(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """All text of a PDF with whitespace collapsed, so that wrapped lines read as one."""
    key = hashlib.sha256(content).digest()
    if key not in _texts:
        reader = read_pdf(content)
        _texts[key] = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return _texts[key]


def overlapping_words(content: bytes) -> list[str]:
    """Places where text is printed over text, as "page: 'word' över 'word'".

    pdfplumber gives the box of every character as the PDF draws it. Text that runs out of
    its table cell into the next is merged into one "word" by word extraction, so the test
    compares characters: two characters overlap when they share more than half of the
    narrower one's width and of the lower one's height (kerning, as in "r.", overlaps a third).
    """
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = [c for c in page.chars if c["text"].strip()]
            chars.sort(key=lambda c: (c["top"], c["x0"]))
            for index, first in enumerate(chars):
                for second in chars[index + 1 :]:
                    if second["top"] >= first["bottom"]:
                        break
                    width = min(first["x1"] - first["x0"], second["x1"] - second["x0"])
                    height = min(first["bottom"] - first["top"], second["bottom"] - second["top"])
                    dx = min(first["x1"], second["x1"]) - max(first["x0"], second["x0"])
                    dy = min(first["bottom"], second["bottom"]) - max(first["top"], second["top"])
                    if dx > width / 2 and dy > height / 2:
                        found.append(
                            f"sida {number}: {_word_at(page, first)!r} över "
                            f"{_word_at(page, second)!r}"
                        )
    return sorted(set(found))


def _word_at(page, char) -> str:
    line = [
        c for c in page.chars if abs(c["top"] - char["top"]) < 1 and abs(c["x0"] - char["x0"]) < 60
    ]
    line.sort(key=lambda c: c["x0"])
    return "".join(c["text"] for c in line)
