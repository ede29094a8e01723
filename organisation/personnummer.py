"""Swedish personal identity numbers (personnummer and samordningsnummer) in free text.

Public text must never identify a person. The check is Luhn-based, so dates and other
ten-digit numbers only match when their check digit fits, and it reads the number in the
forms people and word processors actually produce: with a hyphen, plus sign, en dash or
minus sign, with ordinary, non-breaking or thin spaces between the groups, with
zero-width characters inside and with full-width digits.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Characters that are invisible or only hint at a line break; removed before matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"), None)
# Every dash a keyboard or a word processor makes, read as a hyphen.
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)

# 6 or 8 digits of date, optional separators, 4 digits; not part of a longer number (nor
# the tail of "033-…" style numbers, but "lista-19121212-1212.pdf" is a number).
# Between the date groups one space may stand ("12 12 12-1212"); around the separator
# before the last four digits any spaces ("19121212 - 1212").
PERSONNUMMER_RE = re.compile(
    r"(?<!\d)(?<!\d-)((?:19|20)?\d{2}) ?(\d{2}) ?(\d{2}) *[-+]? *(\d{4})(?!\d)"
)


@dataclass(frozen=True)
class PersonnummerHit:
    line: int
    masked: str


def normalise(text: str) -> str:
    """The text as the check reads it: compatibility forms folded, dashes unified.

    NFKC turns full-width digits into ASCII and non-breaking and thin spaces into spaces.
    Line breaks are kept, so line numbers in messages still fit the original text.
    """
    text = unicodedata.normalize("NFKC", text or "")
    return text.translate(_INVISIBLE).translate(_DASHES)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def find_personnummer(text: str) -> list[PersonnummerHit]:
    """Swedish personal identity (and coordination) numbers in text, Luhn-checked."""
    hits = []
    normalised = normalise(text)
    for match in PERSONNUMMER_RE.finditer(normalised):
        year, month, day, tail = match.groups()
        month_n, day_n = int(month), int(day)
        if day_n > 60:  # samordningsnummer: day + 60
            day_n -= 60
        if not (1 <= month_n <= 12 and 1 <= day_n <= 31):
            continue
        if _luhn_ok(year[-2:] + month + day + tail):
            line = normalised[: match.start()].count("\n") + 1
            hits.append(PersonnummerHit(line, f"{year[-2:]}{month}{day}-****"))
    return hits


def personnummer_errors(
    fields: dict[str, tuple[str, str]], message: str | None = None
) -> dict[str, ValidationError]:
    """Field name → an error naming the field (by its label) and the line of the number.

    ``message`` replaces the wording for text that is never published (EST, say), where
    "before publishing" would mislead; it takes the same ``%(field)s``, ``%(masked)s`` and
    ``%(line)s``. The check itself is the same whatever the wording."""
    errors = {}
    for name, (label, text) in fields.items():
        hits = find_personnummer(text)
        if hits:
            errors[name] = ValidationError(
                message
                or _(
                    "%(field)s contains what looks like a Swedish personal identity number "
                    "(%(masked)s, line %(line)s). Public text must never identify a person: "
                    "remove the number before publishing."
                ),
                code="personnummer",
                params={"field": label, "masked": hits[0].masked, "line": hits[0].line},
            )
    return errors


def refuse_personnummer(fields: dict[str, tuple[str, str]], message: str | None = None) -> None:
    """Raise a ValidationError naming each field (by its label) that holds a personnummer."""
    errors = personnummer_errors(fields, message)
    if errors:
        raise ValidationError(errors)
