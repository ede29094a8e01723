"""Checks on free text that is about to be published."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# 6 or 8 digits of date, optional separator, 4 digits; not part of a longer number.
PERSONNUMMER_RE = re.compile(r"(?<![\d-])((?:19|20)?\d{2})(\d{2})(\d{2})[-+ ]?(\d{4})(?![\d])")


@dataclass(frozen=True)
class PersonnummerHit:
    start: int
    masked: str


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def find_personnummer(text: str) -> list[PersonnummerHit]:
    """Swedish personal identity (and coordination) numbers in text, Luhn-checked."""
    hits = []
    for match in PERSONNUMMER_RE.finditer(text or ""):
        year, month, day, tail = match.groups()
        month_n, day_n = int(month), int(day)
        if day_n > 60:  # samordningsnummer: day + 60
            day_n -= 60
        if not (1 <= month_n <= 12 and 1 <= day_n <= 31):
            continue
        if _luhn_ok(year[-2:] + month + day + tail):
            hits.append(PersonnummerHit(match.start(), f"{year[-2:]}{month}{day}-****"))
    return hits


def refuse_personnummer(fields: dict[str, tuple[str, str]]) -> None:
    """Raise a ValidationError naming each field (by its label) that holds a personnummer."""
    errors = {}
    for name, (label, text) in fields.items():
        hits = find_personnummer(text)
        if hits:
            line = (text[: hits[0].start].count("\n")) + 1
            errors[name] = ValidationError(
                _(
                    "%(field)s contains what looks like a Swedish personal identity number "
                    "(%(masked)s, line %(line)s). Public text must never identify a person: "
                    "remove the number before publishing."
                ),
                code="personnummer",
                params={"field": label, "masked": hits[0].masked, "line": line},
            )
    if errors:
        raise ValidationError(errors)
