"""Server-rendered SVG charts of key figures, for the public pages and the annual report PDF.

The markup is self-contained: no script, no stylesheet, no external font (the text names
DejaVu Sans, which WeasyPrint finds on the server), and it carries its own accessible name
and a description with every value in words.
"""

import math
from collections.abc import Iterable
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext

from lagesbild.models import Indikator, Indikatorvarde
from lagesbild.models.indikatorer import format_number

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
OWN_COLOUR = "#0b5394"  # the site's primary blue, 7.6:1 on white
MEDIAN_COLOUR = "#4d4d4d"  # 8.5:1 on white; dashed and square so colour is not the only cue
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#212529"
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 24, 48, 32


def render_indicator_svg(
    indikator: Indikator,
    values: Iterable[Indikatorvarde],
    *,
    width: int,
    height: int,
    kommun_name: str | None = None,
    id_prefix: str | None = None,
    value_labels: bool = True,
) -> SafeString:
    """A line chart of the kommun's value and the national median, year by year.

    ``kommun_name`` labels the kommun's line (default: "the municipality"); ``id_prefix``
    keeps the ids of <title> and <desc> unique when one page shows a chart twice.
    ``value_labels=False`` leaves out the value printed at each point, for a chart printed
    above a table of the same values (the annual report: WeasyPrint lays out every SVG
    text on its own, and the 20 charts' labels cost more than their lines).
    Yes/no items are not charts: show them as a table.
    """
    if indikator.is_yes_no:
        raise ValueError(f"{indikator.code} is a yes/no item; show it as a table, not a chart.")
    values = sorted(values, key=lambda v: v.year)
    own_name = kommun_name or gettext("The municipality")
    median_name = gettext("Median municipality")
    own = [(v.year, v.value) for v in values if v.value is not None]
    median = [(v.year, v.national_median) for v in values if v.national_median is not None]
    prefix = id_prefix or f"diagram-{slugify(indikator.code)}"
    title_id, desc_id = f"{prefix}-titel", f"{prefix}-beskrivning"

    name, unit = indikator.tr.name, indikator.tr.unit
    title = f"{name}, {unit}"
    # An untranslated name is read out as Swedish (the title is plain text, one language).
    title_lang = ' lang="sv"' if name.fallback else ""
    desc = " ".join(
        _describe(indikator, name, points)
        for name, points in ((own_name, own), (median_name, median))
        if points
    ) or gettext("No values yet.")

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nyckeltal-diagram" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT_FAMILY}" font-size="12">',
        f'<title id="{title_id}"{title_lang}>{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    points = own + median
    if points:
        plot = _Plot(width, height, [year for year, _ in points], [v for _, v in points])
        parts += plot.grid(indikator)
        parts += _legend(own_name if own else None, median_name if median else None)
        above = _labels_above(own, median)
        parts += plot.series(
            indikator,
            median,
            MEDIAN_COLOUR,
            marker="square",
            dashed=True,
            above=above["median"],
            labels=value_labels,
        )
        parts += plot.series(
            indikator, own, OWN_COLOUR, marker="circle", above=above["own"], labels=value_labels
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside went through escape()


def _describe(indikator, name, points) -> str:
    listed = ", ".join(f"{indikator.format_value(value)} ({year})" for year, value in points)
    return f"{name}: {listed}."


def _labels_above(own, median) -> dict[str, dict[int, bool]]:
    """Per year, the higher of the two points gets its label above, the lower below."""
    own_by_year, median_by_year = dict(own), dict(median)
    result = {"own": {}, "median": {}}
    for year, value in own:
        other = median_by_year.get(year)
        result["own"][year] = other is None or value >= other
    for year, value in median:
        other = own_by_year.get(year)
        result["median"][year] = other is None or value > other
    return result


def _legend(own_name: str | None, median_name: str | None) -> list[str]:
    parts, x, y = [], MARGIN_LEFT, 18
    for name, colour, marker, dashed in (
        (own_name, OWN_COLOUR, "circle", False),
        (median_name, MEDIAN_COLOUR, "square", True),
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
        # DejaVu Sans at 12 px averages about 7.5 px a character.
        x += 36 + int(len(name) * 7.5) + 24
    return parts


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return (
            f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


class _Plot:
    def __init__(self, width: int, height: int, years: list[int], values: list[Decimal]):
        self.left, self.right = MARGIN_LEFT, width - MARGIN_RIGHT
        self.top, self.bottom = MARGIN_TOP, height - MARGIN_BOTTOM
        self.first_year, self.last_year = min(years), max(years)
        self.years = sorted(set(years))
        # A year or a value label needs about 48 px not to run into its neighbour.
        self.room_for_labels = max(2, int((self.right - self.left) // 48))
        self.low, self.high, self.step = nice_scale(
            float(min(min(values), 0)), float(max(max(values), 0))
        )

    def x(self, year: int) -> float:
        if self.first_year == self.last_year:
            return (self.left + self.right) / 2
        share = (year - self.first_year) / (self.last_year - self.first_year)
        # Keep the first and last points clear of the axis and the edge.
        inset = 24
        return self.left + inset + share * (self.right - self.left - 2 * inset)

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)

    def grid(self, indikator) -> list[str]:
        parts = []
        decimals = step_decimals(self.step)
        for index in range(round((self.high - self.low) / self.step) + 1):
            # Multiplied, not summed, so 0.1 steps do not drift to 0.30000000000000004.
            tick = self.low + index * self.step
            y = self.y(tick)
            parts.append(
                f'<line x1="{self.left}" y1="{y:.1f}" x2="{self.right}" y2="{y:.1f}" '
                f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
            label = indikator_number(tick, decimals)
            parts.append(
                f'<text x="{self.left - 8}" y="{y + 4:.1f}" text-anchor="end" '
                f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            )
        every = math.ceil(len(self.years) / self.room_for_labels)
        for year in self.years:
            if (self.last_year - year) % every:
                continue
            parts.append(
                f'<text x="{self.x(year):.1f}" y="{self.bottom + 20}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}">{year}</text>'
            )
        return parts

    def series(
        self, indikator, points, colour, *, marker, above, dashed=False, labels=True
    ) -> list[str]:
        if not points:
            return []
        coords = [(self.x(year), self.y(float(value))) for year, value in points]
        parts = []
        if len(coords) > 1:
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3" '
                f'stroke-linejoin="round"{dash}/>'
            )
        # With more points than room, the table carries the values and only the ends get labels.
        crowded = len(points) > self.room_for_labels
        for index, ((year, value), (x, y)) in enumerate(zip(points, coords, strict=True)):
            parts.append(_marker(marker, x, y, colour))
            if not labels or (crowded and index not in (0, len(points) - 1)):
                continue
            below = not above.get(year, True) and y + 20 < self.bottom - 4
            label_y = y + 20 if below else y - 10
            parts.append(
                f'<text x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle" fill="{colour}" '
                f'font-weight="bold">{escape(indikator.format_value(value))}</text>'
            )
        return parts


def nice_scale(low: float, high: float) -> tuple[float, float, float]:
    """An axis from ``low`` to ``high`` in four or five round steps (1, 2, 2.5 or 5 × 10^n)."""
    span = high - low
    if span <= 0:
        span = abs(high) or 1.0
    raw_step = span / 4
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    return math.floor(low / step) * step, math.ceil(high / step) * step or step, step


def step_decimals(step: float) -> int:
    exponent = Decimal(repr(step)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def indikator_number(value: float, decimals: int) -> str:
    return format_number(Decimal(repr(value)), decimals)
