"""The text inside attachments, for the personnummer guard: every place a number can hide."""

import os
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from organisation.filetext import extract_attachment_text
from organisation.personnummer import find_personnummer
from tests.organisation import files

NUMBER = "19121212-1212"


def _has_number(text):
    return bool(find_personnummer(text))


def test_text_of_a_pdf_is_found_on_every_page():
    content = files.build_pdf(["Deltagarlista", f"Anna Andersson {NUMBER}"], pages=2)
    text = extract_attachment_text(files.pdf(content=content), "pdf")
    assert text.count(NUMBER) == 2
    assert "Deltagarlista" in text


@pytest.mark.parametrize(
    "where",
    [{"title": f"Deltagare {NUMBER}"}, {"comment": f"Ring {NUMBER}"}],
    ids=["title", "note"],
)
def test_a_number_in_the_title_or_a_note_of_a_pdf_is_found(where):
    content = files.build_pdf(["Dagordning"], **where)
    assert _has_number(extract_attachment_text(files.pdf(content=content), "pdf"))


def test_text_of_a_pdf_made_by_weasyprint_is_found():
    from weasyprint import HTML

    content = HTML(string=f"<h1>Deltagare</h1><p>Kalle Karlsson, {NUMBER}</p>").write_pdf()
    text = extract_attachment_text(files.pdf(content=content), "pdf")
    assert _has_number(text)


def test_a_number_split_across_runs_of_a_word_paragraph_is_found_whole():
    upload = files.docx([["Deltagare: ", "1912", "1212", "-12", "12"], ["Nästa stycke"]])
    text = extract_attachment_text(upload, "docx")
    assert NUMBER in text
    assert _has_number(text)


def test_paragraphs_of_a_word_document_do_not_run_together():
    upload = files.docx([["Möte 2024"], ["1212-1212"]])
    text = extract_attachment_text(upload, "docx")
    assert "2024\n" in text
    assert not _has_number(text)


def test_xml_entities_in_a_word_document_are_decoded():
    text = extract_attachment_text(files.docx([["Polis & kommun <samverkan>"]]), "docx")
    assert "Polis & kommun <samverkan>" in text


def test_text_on_a_slide_is_found():
    text = extract_attachment_text(files.pptx(["Agenda", f"Kontakt {NUMBER}"]), "pptx")
    assert _has_number(text)


@pytest.mark.parametrize(
    ("shared_strings", "numbers"),
    [([f"Deltagare {NUMBER}"], [3]), (["Antal"], ["191212121212"])],
    ids=["in-a-text-cell", "typed-as-a-number"],
)
def test_a_number_in_a_spreadsheet_is_found(shared_strings, numbers):
    text = extract_attachment_text(files.xlsx(shared_strings, numbers), "xlsx")
    assert _has_number(text)


def test_neighbouring_spreadsheet_cells_do_not_merge_into_a_number():
    text = extract_attachment_text(files.xlsx([], ["191212", "121212"]), "xlsx")
    assert not _has_number(text)


def test_text_of_an_opendocument_is_found():
    upload = files.odt(paragraphs=["Minnesanteckningar", f"Närvarande: {NUMBER}"])
    assert _has_number(extract_attachment_text(upload, "odt"))


@pytest.mark.parametrize("file_type", ["png", "jpeg"])
def test_images_have_no_text(file_type):
    upload = files.png() if file_type == "png" else files.jpeg()
    assert extract_attachment_text(upload, file_type) == ""


def test_more_text_than_can_be_checked_is_refused_rather_than_cut_short():
    upload = files.docx([["Text " * 1_000, NUMBER]])
    with pytest.raises(ValidationError) as refusal:
        extract_attachment_text(upload, "docx", max_chars=1_000)
    assert refusal.value.code == "text_too_long"


def test_a_pdf_that_cannot_be_read_is_refused_rather_than_passed_as_empty():
    upload = files.pdf(content=b"%PDF-1.7\n" + b"x" * 500)
    with pytest.raises(ValidationError) as refusal:
        extract_attachment_text(upload, "pdf")
    assert refusal.value.code == "text_unreadable"


def test_a_zip_bomb_is_refused_with_bounded_memory():
    upload = SimpleUploadedFile("bomb.docx", files.docx_bomb())

    def extract():
        with pytest.raises(ValidationError):
            extract_attachment_text(upload, "docx")

    tracemalloc.start()
    try:
        extract()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 64 * files.MIB


def test_a_part_whose_header_understates_its_size_is_refused_with_bounded_memory():
    upload = SimpleUploadedFile("bomb.docx", files.docx_bomb(declared=100))
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            extract_attachment_text(upload, "docx")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 64 * files.MIB


def test_a_part_larger_than_can_be_read_is_refused_rather_than_cut_short():
    # 12 MB of text that packs only twice over: no bomb, but past the 10 MB read bound.
    upload = files.docx([[os.urandom(6 * files.MIB).hex(), NUMBER]])
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refusal:
            extract_attachment_text(upload, "docx")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert refusal.value.code == "text_unreadable"
    assert peak < 64 * files.MIB
