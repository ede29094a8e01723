"""The SVG line chart of one område's figure against the kommun as a whole.

Built on the key-figure chart's scale and markers (``lagesbild/charts.py``). Two things are
its own: a method break cuts both lines, with a marked gap that names the break, so values
measured differently are never joined; an uncertain survey result is drawn hollow and its
label says "osäker", so the mark is not colour or shape alone.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lagesbild.charts import (
    FONT_FAMILY,
    MEDIAN_COLOUR,
    OWN_COLOUR,
    TEXT_COLOUR,
    _marker,
    _Plot,
)
from lagesbild.models import Indikator, SeriesBreak

AreaPoint = tuple[int, Decimal, bool]  # year, value, uncertain
KommunPoint = tuple[int, Decimal]


def render_area_svg(
    indikator: Indikator,
    area: Sequence[AreaPoint],
    kommun: Sequence[KommunPoint],
    breaks: Sequence[SeriesBreak],
    *,
    area_name: str,
    kommun_name: str,
    id_prefix: str,
    width: int = 560,
    height: int = 280,
) -> SafeString:
    title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beskrivning"
    name, unit = indikator.tr.name, indikator.tr.unit
    title = f"{name}, {unit}"
    # An untranslated name is read out as Swedish (the title is plain text, one language).
    title_lang = ' lang="sv"' if name.fallback else ""
    desc = _description(indikator, area, kommun, breaks, area_name, kommun_name)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nyckeltal-diagram" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT_FAMILY}" font-size="12">',
        f'<title id="{title_id}"{title_lang}>{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    values = [v for _y, v, _u in area] + [v for _y, v in kommun]
    if values:
        years = [y for y, _v, _u in area] + [y for y, _v in kommun]
        plot = _Plot(width, height, years, values)
        parts += plot.grid(indikator)
        parts += _legend(area_name if area else None, kommun_name if kommun else None)
        break_years = sorted(b.year for b in breaks)
        parts += _break_marks(plot, break_years, years)
        parts += _line(plot, [(y, v) for y, v in kommun], break_years, MEDIAN_COLOUR, True)
        parts += _line(plot, [(y, v) for y, v, _u in area], break_years, OWN_COLOUR, False)
        for year, value in kommun:
            parts.append(_marker("square", plot.x(year), plot.y(float(value)), MEDIAN_COLOUR))
        for year, value, uncertain in area:
            x, y = plot.x(year), plot.y(float(value))
            if uncertain:
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#ffffff" '
                    f'stroke="{OWN_COLOUR}" stroke-width="2"/>'
                )
            else:
                parts.append(_marker("circle", x, y, OWN_COLOUR))
            label = indikator.format_value(value)
            if uncertain:
                label = f"{label} ({gettext('uncertain')})"
            parts.append(
                f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" fill="{OWN_COLOUR}" '
                f'font-weight="bold">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside went through escape()


def segments(points: Sequence[KommunPoint], break_years: Sequence[int]) -> list[list]:
    """The points cut before every break year: one list per stretch measured the same way."""
    result: list[list] = []
    for year, value in sorted(points):
        starts_new = not result or any(result[-1][-1][0] < b <= year for b in break_years)
        if starts_new:
            result.append([])
        result[-1].append((year, value))
    return result


def _line(plot, points, break_years, colour, dashed) -> list[str]:
    parts = []
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    for stretch in segments(points, break_years):
        if len(stretch) < 2:
            continue
        line = " ".join(f"{plot.x(y):.1f},{plot.y(float(v)):.1f}" for y, v in stretch)
        parts.append(
            f'<polyline class="serie" points="{line}" fill="none" stroke="{colour}" '
            f'stroke-width="3" stroke-linejoin="round"{dash}/>'
        )
    return parts


def _break_marks(plot, break_years, years) -> list[str]:
    parts = []
    known = sorted(set(years))
    for year in break_years:
        before = [y for y in known if y < year]
        if not before or year > known[-1]:
            continue
        x = (plot.x(before[-1]) + plot.x(min(y for y in known if y >= year))) / 2
        parts.append(
            f'<line class="metodbyte" x1="{x:.1f}" y1="{plot.top}" x2="{x:.1f}" '
            f'y2="{plot.bottom}" stroke="{TEXT_COLOUR}" stroke-width="1.5" '
            f'stroke-dasharray="2 3"/>'
        )
        parts.append(
            f'<text x="{x + 4:.1f}" y="{plot.top + 12}" fill="{TEXT_COLOUR}">'
            f"{escape(gettext('Method break'))}</text>"
        )
    return parts


def _legend(area_name, kommun_name) -> list[str]:
    parts, x, y = [], 64, 18
    for name, colour, marker, dashed in (
        (area_name, OWN_COLOUR, "circle", False),
        (kommun_name, MEDIAN_COLOUR, "square", True),
    ):
        if name is None:
            continue
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" stroke="{colour}" '
            f'stroke-width="3"{dash}/>'
        )
        parts.append(_marker(marker, x + 14, y, colour))
        parts.append(f'<text x="{x + 36}" y="{y + 4}" fill="{TEXT_COLOUR}">{escape(name)}</text>')
        x += 36 + int(len(name) * 7.5) + 24
    return parts


def _description(indikator, area, kommun, breaks, area_name, kommun_name) -> str:
    texts = []
    if area:
        listed = ", ".join(
            f"{indikator.format_value(v)} ({y}{', ' + gettext('uncertain') if u else ''})"
            for y, v, u in area
        )
        texts.append(f"{area_name}: {listed}.")
    if kommun:
        listed = ", ".join(f"{indikator.format_value(v)} ({y})" for y, v in kommun)
        texts.append(f"{kommun_name}: {listed}.")
    for item in breaks:
        texts.append(
            gettext("The line is broken before %(year)s: %(reason)s.")
            % {"year": item.year, "reason": item.reason}
        )
    return " ".join(texts) or gettext("No values yet.")
