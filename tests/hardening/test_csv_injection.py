"""The open-data CSV never hands a spreadsheet program a formula (OWASP's CSV injection rule)."""

import csv
import io

import pytest
from django.urls import reverse

from organisation.spreadsheets import neutralise_formula
from tests.factories import InsatsFactory, OmradeFactory


def _csv_rows(client):
    response = client.get(reverse("samverkan:insatser_csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_title_written_as_a_hyperlink_formula_is_exported_as_text(db, client):
    InsatsFactory(title='=HYPERLINK("http://x","y")', slug="formel", published=True)
    [row] = _csv_rows(client)
    assert row["titel"] == '\'=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_cell_starting_like_a_formula_is_prefixed_with_a_quote(db, client, start):
    InsatsFactory(
        title=f"{start}1+1",
        summary=f"{start}cmd|' /C calc'!A0",
        contact=f"{start}SUM(A1:A9)",
        slug="formel",
        published=True,
        omraden=[OmradeFactory(name=f"{start}Hulta")],
    )
    [row] = _csv_rows(client)
    for column in ["titel", "sammanfattning", "kontakt", "omraden"]:
        assert row[column].startswith("'" + start), column


def test_ordinary_text_and_numbers_are_exported_unchanged(db, client):
    insats = InsatsFactory(title="Trygghetsvandring i Hulta", slug="vandring", published=True)
    [row] = _csv_rows(client)
    assert row["titel"] == "Trygghetsvandring i Hulta"
    assert row["id"] == str(insats.pk)
    assert row["startdatum"] == "2024-03-01"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1", "'=1"), ("a=1", "a=1"), ("", ""), (42, 42), (None, None), ("'=1", "'=1")],
)
def test_neutralise_formula_only_touches_text_that_starts_like_a_formula(value, expected):
    assert neutralise_formula(value) == expected
