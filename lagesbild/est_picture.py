"""The EST group's weekly picture: counts per district and category, a heat table, a trend.

Everything is counted in the database (`values(...).annotate(Count)`), so the number of
queries is the same for ten reports or half a million. Withdrawn reports never count.

Each count reads one run of consecutive days (`occurred_on` between a Monday and a
Sunday) rather than a list of ISO weeks: a date range over the partial index
`est_report_current_by_day` (group, day; the counted columns included; withdrawn reports
left out) is read from the index alone, where a list of (year, week) pairs made PostgreSQL
visit every report's row. The stored ISO year and week are derived from the day on every
save, so both select the same reports.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, DateField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lagesbild.charts import (
    FONT_FAMILY,
    GRID_COLOUR,
    OWN_COLOUR,
    TEXT_COLOUR,
    nice_scale,
    step_decimals,
)
from lagesbild.models import (
    EstPeriodval,
    EstPlats,
    EstPrioritering,
    Handelsekategori,
    Handelserapport,
    Prioriteringsperiod,
    period_of,
)
from organisation.parsing import parse_int

HEAT_WEEKS = 8
TREND_WEEKS = 26
PREVIOUS_WEEKS = 4

_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week: Monday to Sunday, as Swedish calendars number them."""

    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> "Week":
        year, week, _weekday = day.isocalendar()
        return cls(year, week)

    @classmethod
    def current(cls) -> "Week":
        # localdate() is the date in TIME_ZONE (Europe/Stockholm), so 23:30 on a Sunday
        # evening is still that Sunday's week, whatever the hour is in UTC.
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, value) -> "Week | None":
        """``2026-W48`` written exactly so; a week that does not exist (2025-W53) is None."""
        if not isinstance(value, str) or not _WEEK.fullmatch(value):
            return None
        year = parse_int(value[:4], min_value=2000, max_value=2100)
        week = parse_int(value[6:], min_value=1, max_value=53)
        if year is None or week is None:
            return None
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        return cls(year, week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def quarter(self) -> tuple[int, int]:
        """The quarter the week's Thursday falls in, the day that decides its ISO year too."""
        return self.period(Prioriteringsperiod.KVARTAL)

    def period(self, kind: str) -> tuple[int, int]:
        """The quarter or tertial the week's Thursday falls in."""
        return period_of(self.monday + timedelta(days=3), kind)

    def shift(self, weeks: int) -> "Week":
        return Week.of(self.monday + timedelta(weeks=weeks))

    def same_week_last_year(self) -> "Week | None":
        """Week 53 has no counterpart in a year of 52 weeks."""
        try:
            date.fromisocalendar(self.year - 1, self.week, 1)
        except ValueError:
            return None
        return Week(self.year - 1, self.week)

    @property
    def param(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def __str__(self):
        return gettext("week %(week)s, %(year)s") % {"week": self.week, "year": self.year}

    @property
    def short(self) -> str:
        return f"v{self.week:02d}"


def days_q(first: Week, last: Week) -> Q:
    """The reports from the Monday of ``first`` to the Sunday of ``last``.

    The counts below use ``Count("*")``, not a count of the primary key, which the index
    does not hold."""
    return Q(occurred_on__range=(first.monday, last.sunday))


def counted_reports(grupp):
    return Handelserapport.objects.current().filter(grupp=grupp)


@dataclass
class CategoryRow:
    kategori: Handelsekategori
    count: int
    previous_mean: Decimal
    last_year: int | None

    @property
    def change_previous(self) -> Decimal:
        return self.count - self.previous_mean

    @property
    def change_last_year(self) -> int | None:
        return None if self.last_year is None else self.count - self.last_year

    @property
    def previous_mean_text(self) -> str:
        return number_format(self.previous_mean, 1)

    @property
    def change_previous_text(self) -> str:
        return signed(self.change_previous, 1)

    @property
    def change_last_year_text(self) -> str:
        return "–" if self.change_last_year is None else signed(self.change_last_year, 0)


def signed(value, decimals: int) -> str:
    """+2, −1,5, ±0: the sign written out, with the true minus sign."""
    if not value:
        return "±0"
    text = number_format(abs(value), decimals)
    return f"+{text}" if value > 0 else f"\u2212{text}"


@dataclass
class DistrictPicture:
    omrade: object
    rows: list[CategoryRow]
    total: CategoryRow
    prioritised: bool = False


@dataclass
class HeatRow:
    plats: EstPlats | None
    cells: list[tuple[Week, int, str]]
    prioritised: bool = False

    @cached_property
    def cells_html(self) -> SafeString:
        """The row's cells as HTML, built here rather than in the template.

        About 60 places × 8 weeks of cells made the template language the slowest part of
        the page; the markup is the same: the number as text (linked to the reports behind
        it when there are any) in a cell whose class gives the colour."""
        plats = "ingen" if self.plats is None else str(self.plats.pk)
        parts = []
        for week, count, css in self.cells:
            if count:
                parts.append(
                    f'<td class="{css}"><a href="?vecka={week.param}&amp;plats={plats}'
                    f'#rapporter">{count}</a></td>'
                )
            else:
                parts.append(f'<td class="{css}">0</td>')
        # Only integers, week names and fixed class names are put together above.
        return mark_safe("".join(parts))  # noqa: S308


@dataclass
class WeeklyPicture:
    week: Week
    districts: list[DistrictPicture]
    heat_weeks: list[Week]
    heat_rows: list[HeatRow]
    trend: list[tuple[Week, int]]
    priorities: list = field(default_factory=list)
    # The counts the picture is made of: (omrade_id, kategori_id, Week) and (plats_id, Week).
    district_counts: dict = field(default_factory=dict)
    place_counts: dict = field(default_factory=dict)

    def reports_in_week(self, *, kategori=None, omrade=None, plats=None, no_place=False):
        """How many of the week's reports ``week_reports`` lists with these filters, read
        from the counts already made, so the list's pages cost no COUNT of their own;
        ``None`` when the counts do not tell (a place together with a category or
        district)."""
        if plats is not None or no_place:
            if kategori is not None or omrade is not None:
                return None
            return self.place_counts.get((plats.pk if plats else None, self.week), 0)
        return sum(
            n
            for (omrade_id, kategori_id, week), n in self.district_counts.items()
            if week == self.week
            and (kategori is None or kategori_id == kategori.pk)
            and (omrade is None or omrade_id == omrade.pk)
        )


def _mean(values) -> Decimal:
    return (Decimal(sum(values)) / PREVIOUS_WEEKS).quantize(Decimal("0.1"), ROUND_HALF_UP)


def weekly_picture(grupp, week: Week) -> WeeklyPicture:
    omraden = list(grupp.omraden.order_by("name"))
    previous = [week.shift(-n) for n in range(1, PREVIOUS_WEEKS + 1)]
    last_year = week.same_week_last_year()
    reports = counted_reports(grupp)

    heat_weeks = [week.shift(-n) for n in range(HEAT_WEEKS - 1, -1, -1)]
    trend_weeks = [week.shift(-n) for n in range(TREND_WEEKS - 1, -1, -1)]
    # This week and the four before are one run of days; last year's week is another.
    runs = [(previous[-1], week), *([(last_year, last_year)] if last_year else [])]
    counts, place_counts, day_counts = _all_counts(reports, runs, heat_weeks, trend_weeks)
    used = {kategori_id for _omrade, kategori_id, _week in counts}
    kategorier = list(Handelsekategori.objects.filter(Q(is_active=True) | Q(pk__in=used)))

    period_kind = EstPeriodval.of(grupp)
    year, number = week.period(period_kind)
    priorities = list(
        EstPrioritering.objects.filter(
            grupp=grupp, period_kind=period_kind, year=year, quarter=number
        ).select_related("omrade", "plats")
    )
    prioritised_districts = {p.omrade_id for p in priorities if p.plats_id is None}
    prioritised_places = {p.plats_id for p in priorities if p.plats_id}

    def row(kategori, omrade_ids):
        def count(w):
            return sum(counts[o, k, w] for o in omrade_ids for k in kategori_ids)

        kategori_ids = [kategori.pk] if kategori else [k.pk for k in kategorier]
        return CategoryRow(
            kategori=kategori,
            count=count(week),
            previous_mean=_mean(count(w) for w in previous),
            last_year=count(last_year) if last_year else None,
        )

    districts = [
        DistrictPicture(
            omrade=omrade,
            rows=[row(kategori, [omrade.pk]) for kategori in kategorier],
            total=row(None, [omrade.pk]),
            prioritised=omrade.pk in prioritised_districts,
        )
        for omrade in omraden
    ]
    return WeeklyPicture(
        week=week,
        districts=districts,
        heat_weeks=heat_weeks,
        heat_rows=_heat_rows(omraden, place_counts, heat_weeks, prioritised_places),
        trend=_trend(day_counts, trend_weeks),
        priorities=priorities,
        district_counts=dict(counts),
        place_counts=place_counts,
    )


def heat_class(count: int, highest: int) -> str:
    """Four steps relative to the busiest cell; every step keeps AA contrast (see est.css)."""
    if count == 0:
        return "est-heat-0"
    share = count / highest
    if share <= 1 / 3:
        return "est-heat-1"
    if share <= 2 / 3:
        return "est-heat-2"
    return "est-heat-3"


# The columns of the one counting query; a part fills those it groups by, NULL the others.
_COUNT_COLUMNS = {
    "o": "omrade_id",
    "k": "kategori_id",
    "p": "plats_id",
    "y": "iso_year",
    "w": "iso_week",
    "d": "occurred_on",
}


def _part(reports, first: Week, last: Week, part: str, grouped: tuple[str, ...]):
    columns = {
        # A typed NULL: PostgreSQL matches each column's type across the parts.
        alias: F(name)
        if alias in grouped
        else Cast(Value(None), DateField() if alias == "d" else IntegerField())
        for alias, name in _COUNT_COLUMNS.items()
    }
    return (
        reports.filter(days_q(first, last))
        .annotate(part=Value(part), **columns)
        .values("part", *_COUNT_COLUMNS)
        .annotate(n=Count("*"))
        .order_by()
    )


def _all_counts(reports, runs, heat_weeks, trend_weeks):
    """Every count of the picture in one query: a UNION ALL of grouped reads, each over its
    own run of days, so each part is still one range of the index (read from the index
    alone) and the page pays one round trip instead of four.

    Returns (omrade_id, kategori_id, Week) → count over ``runs``, (plats_id, Week) → count
    over ``heat_weeks`` (reports without a place under ``None``), and day → count over
    ``trend_weeks``."""
    parts = [_part(reports, first, last, "district", ("o", "k", "y", "w")) for first, last in runs]
    parts.append(_part(reports, heat_weeks[0], heat_weeks[-1], "place", ("p", "y", "w")))
    parts.append(_part(reports, trend_weeks[0], trend_weeks[-1], "day", ("d",)))
    districts, places, days = defaultdict(int), defaultdict(int), defaultdict(int)
    for row in parts[0].union(*parts[1:], all=True).order_by():
        if row["part"] == "district":
            districts[row["o"], row["k"], Week(row["y"], row["w"])] = row["n"]
        elif row["part"] == "place":
            places[row["p"], Week(row["y"], row["w"])] = row["n"]
        else:
            days[row["d"]] = row["n"]
    return districts, places, days


def _heat_rows(omraden, counts, weeks, prioritised_places) -> list[HeatRow]:
    seen = {plats_id for plats_id, _week in counts if plats_id}
    places = list(
        EstPlats.objects.filter(omrade__in=[o.pk for o in omraden])
        .filter(Q(status=EstPlats.Status.GODKAND) | Q(pk__in=seen))
        .select_related("omrade")
    )
    highest = max(counts.values(), default=0)
    rows = [
        HeatRow(
            plats=plats,
            cells=[
                (w, counts[plats.pk, w], heat_class(counts[plats.pk, w], highest)) for w in weeks
            ],
            prioritised=plats.pk in prioritised_places,
        )
        for plats in places
    ]
    if any(plats_id is None for plats_id, _week in counts):
        rows.append(
            HeatRow(
                plats=None,
                cells=[(w, counts[None, w], heat_class(counts[None, w], highest)) for w in weeks],
            )
        )
    return rows


def _trend(day_counts, weeks) -> list[tuple[Week, int]]:
    # Counted per day, which PostgreSQL aggregates in the index's own order without
    # hashing, and summed to weeks here: at most 182 rows.
    totals = defaultdict(int)
    for day, n in day_counts.items():
        totals[Week.of(day)] += n
    return [(w, totals[w]) for w in weeks]


def render_trend_svg(trend: list[tuple[Week, int]], *, width=720, height=260) -> SafeString:
    """A line of the group's reports per week; the table beside it carries every number."""
    left, right, top, bottom = 48, width - 16, 24, height - 36
    # At least 0 to 4, so a quiet half year still gets whole-number steps.
    low, high, step = nice_scale(0.0, float(max(4, *(n for _w, n in trend))))
    decimals = step_decimals(step)
    title = gettext("Reports per week")
    desc = ", ".join(f"{w.short} {w.year}: {n}" for w, n in trend) or gettext("No reports.")

    def x(index):
        return left + index * (right - left) / max(len(trend) - 1, 1)

    def y(value):
        return bottom - (value - low) / (high - low) * (bottom - top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="est-trend" width="100%" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="est-trend-titel '
        f'est-trend-beskrivning" font-family="{FONT_FAMILY}" font-size="12">',
        f'<title id="est-trend-titel">{escape(title)}</title>',
        f'<desc id="est-trend-beskrivning">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for index in range(round((high - low) / step) + 1):
        tick = low + index * step
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(number_format(tick, decimals))}</text>'
        )
    for index, (w, _n) in enumerate(trend):
        if (len(trend) - 1 - index) % 4 == 0:
            parts.append(
                f'<text x="{x(index):.1f}" y="{bottom + 20}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}">{escape(w.short)}</text>'
            )
    if trend:
        line = " ".join(f"{x(i):.1f},{y(n):.1f}" for i, (_w, n) in enumerate(trend))
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{OWN_COLOUR}" stroke-width="3" '
            f'stroke-linejoin="round"/>'
        )
        parts += [
            f'<circle cx="{x(i):.1f}" cy="{y(n):.1f}" r="3.5" fill="{OWN_COLOUR}"/>'
            for i, (_w, n) in enumerate(trend)
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside went through escape()


def report_rows_html(reports) -> SafeString:
    """The week's list of reports as table rows, built here rather than in the template
    (fifty rows of six cells, each through the template engine, was the page's largest
    template cost). The markup is the template's; every text goes through format_html."""
    rows = []
    for report in reports:
        when = format_html(
            '<time datetime="{}">{}</time>',
            date_filter(report.occurred_on, "Y-m-d"),
            date_filter(report.occurred_on, "D j b"),
        )
        if report.occurred_at:
            when += format_html(" {}", time_filter(report.occurred_at, "H:i"))
        elif report.part_of_day:
            when += format_html(" {}", report.get_part_of_day_display())
        place = f"{report.plats.name}, {report.omrade.name}" if report.plats else report.omrade.name
        rows.append(
            format_html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                when,
                place,
                report.kategori.name,
                report.get_people_display(),
                report.description,
                report.organ.name,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - each row is format_html's


def week_reports(grupp, week: Week, *, kategori=None, plats=None, omrade=None, no_place=False):
    """The reports behind a number of the picture, in the order they happened."""
    reports = counted_reports(grupp).filter(days_q(week, week))
    if kategori is not None:
        reports = reports.filter(kategori=kategori)
    if omrade is not None:
        reports = reports.filter(omrade=omrade)
    if plats is not None:
        reports = reports.filter(plats=plats)
    elif no_place:
        reports = reports.filter(plats__isnull=True)
    # Only what the list shows: fifty rows of four joined tables are built into objects.
    return (
        reports.select_related("kategori", "omrade", "plats", "organ")
        .only(
            "occurred_on",
            "occurred_at",
            "part_of_day",
            "people",
            "description",
            "kategori__name",
            "omrade__name",
            "plats__name",
            "organ__name",
        )
        .order_by("occurred_on", "occurred_at", "pk")
    )
