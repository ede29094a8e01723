"""Numbers from addresses and query strings, parsed strictly.

`str.isdigit()` is true for "²" and "١", and `int()` accepts "١٢", " 7", "+7" and "1_000":
an id, year or page number is none of those. Callers decide what a refusal means (ignore the
filter, the first page, 404); this only says whether the text is a number.
"""

import re

# Ids are bigint; anything longer cannot be one and would only make int() and the database work.
MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse_int(value, *, min_value: int = 0, max_value: int = MAX_ID) -> int | None:
    """The number written in plain ASCII digits, within the bounds; otherwise None."""
    if not isinstance(value, str) or not value or len(value) > _MAX_DIGITS:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    if not min_value <= number <= max_value:
        return None
    return number


# What a text read from a file may not hold: C0 controls other than tab, newline and carriage
# return, and DEL. PostgreSQL refuses NUL outright, and the others only garble a page.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character_places(data, where: str = "") -> list[str]:
    """Where (`omraden[2].name`) a parsed file has a string with a control character."""
    if isinstance(data, str):
        return [where or "(texten)"] if _CONTROL_IN_TEXT.search(data) else []
    if isinstance(data, dict):
        places = []
        for key, value in data.items():
            name = f"{where}.{key}" if where else str(key)
            places += control_character_places(key, name) + control_character_places(value, name)
        return places
    if isinstance(data, list):
        return [
            place
            for index, value in enumerate(data)
            for place in control_character_places(value, f"{where}[{index}]")
        ]
    return []
