"""Cells for files that people open in spreadsheet programs.

Excel and LibreOffice run a cell that starts with =, +, - or @ (and tab or carriage return,
which they skip first) as a formula: a title `=HYPERLINK(...)` in open data would become a link
in every downloader's spreadsheet. OWASP's rule is to make such a cell text with a leading '.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """`value`, with a ' in front when it is text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
