"""Periods as people read them: "15 januari 2027 – 30 juni 2027", "15 januari 2027 –".

One tag for every page that shows a period, so an open end reads as an open range and a
period without dates as a single dash, never as "– –".
"""

from django import template
from django.template.defaultfilters import date as format_date

register = template.Library()

LONG = "j F Y"
NO_DATE = "–"


@register.simple_tag
def date_range(start, end, fmt=LONG) -> str:
    first = format_date(start, fmt) if start else ""
    last = format_date(end, fmt) if end else ""
    if first and last:
        return first if first == last else f"{first} – {last}"
    if first:
        return f"{first} –"
    if last:
        return f"– {last}"
    return NO_DATE
