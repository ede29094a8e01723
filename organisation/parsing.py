"""Numbers from addresses and query strings, parsed strictly.

`str.isdigit()` is true for "²" and "١", and `int()` accepts "١٢", " 7", "+7" and "1_000":
an id, year or page number is none of those. Callers decide what a refusal means (ignore the
filter, the first page, 404); this only says whether the text is a number.
"""

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
