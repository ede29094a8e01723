"""The personnummer guard reads numbers as people and word processors write them.

A word processor turns the hyphen into an en dash, a copy from a PDF brings non-breaking
or thin spaces and zero-width characters, a form on a phone may give full-width digits.
Each of those must still be found; organisation numbers, phone numbers and dates not.
"""

import pytest

from organisation.personnummer import find_personnummer

NBSP, THIN, NARROW, ZWSP, ZWJ, SHY = "\u00a0", "\u2009", "\u202f", "\u200b", "\u200d", "\u00ad"


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


FOUND = [
    "121212-1212",
    "1212121212",
    "19121212-1212",
    "191212121212",
    "121212+1212",  # over a hundred years old
    "121212\u20131212",  # en dash, what word processors make of a hyphen
    "121212\u20141212",  # em dash
    "121212\u22121212",  # minus sign
    "121212\u20111212",  # non-breaking hyphen
    "121212\u20101212",  # hyphen
    "121212\ufe631212",  # small hyphen-minus
    "121212\uff0d1212",  # full-width hyphen-minus
    "121212 1212",
    "121212 - 1212",
    "19121212 - 1212",
    "19121212 -1212",
    "19121212- 1212",
    "12 12 12-1212",
    "12 12 12 1212",
    "1912 12 12-1212",
    f"121212{NBSP}1212",
    f"121212{NBSP}-{NBSP}1212",
    f"121212{THIN}1212",
    f"12{THIN}12{THIN}12-1212",
    f"121212{NARROW}1212",
    f"1212{ZWSP}12-1212",
    f"121212-{ZWSP}1212",
    f"12{ZWJ}1212-12{ZWJ}12",
    f"121212{SHY}-1212",
    fullwidth("121212-1212"),
    fullwidth("19121212-1212"),
    fullwidth("1212121212"),
    "121272-1219",  # samordningsnummer: day + 60
    "Kontakt: 121212-1212.",
    "(121212-1212)",
    "pnr:121212-1212",
    "Anna Andersson, 19121212-1212, Hulta",
    "rad ett\nrad två 121212–1212",
    "811218-9876",
    "198112189876",
]

NOT_FOUND = [
    "212000-1561",  # Borås Stad's organisationsnummer
    "556036-0793",  # a company's organisationsnummer
    "202100-6255",
    "033-35 70 00",  # Borås Stad's switchboard
    "033-357000",
    "070-123 45 67",
    "+46 70 123 45 67",
    "0701234567",
    "2024-01-15",
    "2024-01-15 14:30",
    "121212-1213",  # wrong check digit
    "121212–1213",
    "121332-1212",  # no 32nd day
    "121312-1212",  # no 13th month
    "1212121212121",  # part of a longer number
    "12-12-12-1212-5",
    "Sida 12 av 1212",
    "Ärende KS 2024/00123",
    "121212\t1212",  # two cells of a spreadsheet row, not one number
]


@pytest.mark.parametrize("text", FOUND)
def test_the_guard_finds_a_personnummer_however_it_is_typed(text):
    assert find_personnummer(text), repr(text)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_the_guard_leaves_organisation_and_phone_numbers_and_dates_alone(text):
    assert find_personnummer(text) == [], repr(text)


def test_the_line_of_the_number_is_reported_in_the_original_text():
    hits = find_personnummer(f"Första raden\nAndra{ZWSP} raden\nTredje 12{THIN}12{THIN}12–1212")

    assert [(hit.line, hit.masked) for hit in hits] == [(3, "121212-****")]
