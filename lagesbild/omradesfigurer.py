"""What residents read about an område's figures: per indicator a chart, a table, the trend
and the comparison with the kommun; and on /nyckeltal/ one indicator compared across områden.

Everything here reads ``Omradesvarde.objects.public()`` only, so a survey result from fewer
than 30 respondents cannot reach a page, a chart or a table. The queries are a fixed number
whatever the number of områden, years and values. EST counts appear only for the quarters
an analyst or coordinator decided to publish, and only as counts (``est_quarters``).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext

from lagesbild import rules as access
from lagesbild.charts_omrade import render_area_svg, segments
from lagesbild.models import (
    EstKvartalsbeslut,
    Handelserapport,
    Indikator,
    Indikatorvarde,
    Metodbyte,
    Omradesvarde,
    SeriesBreak,
    Trygghetsmatning,
    series_breaks,
)

# Figures whose newest value is older than this many years say so.
STALE_AFTER_YEARS = 2


@dataclass(frozen=True)
class Row:
    year: int
    value: str
    uncertain: bool
    respondents: str
    interval: str
    kommun: str
    note: str


@dataclass(frozen=True)
class AreaCard:
    indikator: Indikator
    chart: SafeString | None
    rows: list[Row]
    trend: str
    comparison: str
    age: str
    stale: bool
    sources: list[str]
    waves: list[Trygghetsmatning]


def age_text(year: int, today_year: int) -> tuple[str, bool]:
    age = today_year - year
    if age <= 0:
        return gettext("Newest value from %(year)s, this year.") % {"year": year}, False
    stale = age > STALE_AFTER_YEARS
    text = gettext("Newest value from %(year)s, %(age)s years old.") % {"year": year, "age": age}
    if age == 1:
        text = gettext("Newest value from %(year)s, one year old.") % {"year": year}
    if stale:
        text += " " + gettext("The figure is more than two years old and may no longer hold.")
    return text, stale


def _verdict(indikator, difference) -> str | None:
    if difference == 0 or indikator.lower_is_better is None:
        return None
    return "better" if (difference < 0) == indikator.lower_is_better else "worse"


def _trend(indikator, series: list[Omradesvarde], breaks: list[SeriesBreak]) -> str:
    if len(series) < 2:
        return ""
    previous, latest = series[-2], series[-1]
    if segments([(v.year, v.value) for v in (previous, latest)], [b.year for b in breaks])[1:]:
        return gettext(
            "%(year)s cannot be compared with earlier years: the way it is measured changed."
        ) % {"year": latest.year}
    words = {
        "previous": indikator.format_value(previous.value),
        "previous_year": previous.year,
        "latest": indikator.format_value(latest.value),
        "latest_year": latest.year,
    }
    difference = indikator._shown(latest.value) - indikator._shown(previous.value)
    if difference > 0:
        text = gettext(
            "Increased from %(previous)s in %(previous_year)s to %(latest)s in %(latest_year)s"
        )
    elif difference < 0:
        text = gettext(
            "Decreased from %(previous)s in %(previous_year)s to %(latest)s in %(latest_year)s"
        )
    else:
        text = gettext("Unchanged at %(latest)s in %(latest_year)s, as in %(previous_year)s")
    text %= words
    verdict = _verdict(indikator, difference)
    if verdict == "better":
        text += " – " + gettext("an improvement")
    elif verdict == "worse":
        text += " – " + gettext("a deterioration")
    if previous.is_uncertain or latest.is_uncertain:
        text += " (" + gettext("uncertain: the confidence interval is wide") + ")"
    return text + "."


@dataclass(frozen=True)
class KommunComparison:
    verdict: str | None  # "better", "worse", "same" or None when no direction is better
    symbol: str
    text: str


def compare_with_kommun(indikator, value: Decimal, kommun_value: Decimal | None, year: int):
    if kommun_value is None:
        return None
    difference = indikator._shown(value) - indikator._shown(kommun_value)
    words = {
        "year": year,
        "value": indikator.format_value(value),
        "kommun": indikator.format_value(kommun_value),
    }
    if difference == 0:
        return KommunComparison(
            "same",
            "=",
            gettext("The same as the municipality as a whole in %(year)s (%(value)s)") % words,
        )
    verdict = _verdict(indikator, difference)
    symbol = "▲" if difference > 0 else "▼"
    if verdict == "better":
        text = gettext(
            "Better than the municipality as a whole in %(year)s (%(value)s against %(kommun)s)"
        )
    elif verdict == "worse":
        text = gettext(
            "Worse than the municipality as a whole in %(year)s (%(value)s against %(kommun)s)"
        )
    elif difference > 0:
        text = gettext(
            "Above the municipality as a whole in %(year)s (%(value)s against %(kommun)s)"
        )
    else:
        text = gettext(
            "Below the municipality as a whole in %(year)s (%(value)s against %(kommun)s)"
        )
    return KommunComparison(verdict, symbol, text % words)


def area_cards(omrade, *, kommun_name: str) -> list[AreaCard]:
    """One card per indicator with public values for the område: two queries in all (the
    kommun's value of the same indicator and year comes with each row)."""
    kommun_value = Indikatorvarde.objects.filter(
        indikator=OuterRef("indikator"), year=OuterRef("year"), value__isnull=False
    ).values("value")[:1]
    values = list(
        Omradesvarde.objects.public()
        .filter(omrade=omrade)
        .select_related("indikator", "matning")
        .annotate(kommun_value=Subquery(kommun_value))
        .order_by("indikator__order", "indikator__name", "indikator_id", "year")
    )
    indikator_ids = {v.indikator_id for v in values}
    kommun_values: dict[tuple[int, int], Decimal] = {
        (v.indikator_id, v.year): v.kommun_value for v in values if v.kommun_value is not None
    }
    declared: dict[int, list[Metodbyte]] = {}
    for metodbyte in Metodbyte.objects.filter(indikator__in=indikator_ids):
        declared.setdefault(metodbyte.indikator_id, []).append(metodbyte)
    by_indikator: dict[int, list[Omradesvarde]] = {}
    for value in values:
        by_indikator.setdefault(value.indikator_id, []).append(value)
    today_year = timezone.localdate().year
    return [
        _card(series, kommun_values, declared.get(pk, []), omrade, kommun_name, today_year)
        for pk, series in by_indikator.items()
    ]


def _card(series, kommun_values, declared, omrade, kommun_name, today_year) -> AreaCard:
    indikator = series[0].indikator
    breaks = series_breaks(series, declared)
    reasons = {b.year: b.reason for b in breaks}
    kommun = [
        (v.year, kommun_values[(indikator.pk, v.year)])
        for v in series
        if (indikator.pk, v.year) in kommun_values
    ]
    rows = []
    for v in series:
        own_kommun = kommun_values.get((indikator.pk, v.year))
        note = ""
        if v.year in reasons:
            note = gettext("Method break: %(reason)s") % {"reason": reasons[v.year]}
        rows.append(
            Row(
                year=v.year,
                value=indikator.format_value(v.value),
                uncertain=v.is_uncertain,
                respondents="" if v.respondents is None else str(v.respondents),
                interval=v.interval_text(),
                kommun=indikator.format_value(own_kommun),
                note=note,
            )
        )
    chart = None
    if not indikator.is_yes_no:
        chart = render_area_svg(
            indikator,
            [(v.year, v.value, v.is_uncertain) for v in series],
            kommun,
            breaks,
            area_name=omrade.name,
            kommun_name=kommun_name,
            id_prefix=f"omradesdiagram-{slugify(indikator.code)}",
        )
    latest = series[-1]
    comparison = compare_with_kommun(
        indikator, latest.value, kommun_values.get((indikator.pk, latest.year)), latest.year
    )
    age, stale = age_text(latest.year, today_year)
    waves = []
    for v in series:
        if v.matning is not None and v.matning not in waves:
            waves.append(v.matning)
    return AreaCard(
        indikator=indikator,
        chart=chart,
        rows=rows,
        trend=_trend(indikator, series, breaks),
        comparison=f"{comparison.text}." if comparison else "",
        age=age,
        stale=stale,
        sources=sorted({v.source for v in series}),
        waves=waves,
    )


# --- The area comparison on /nyckeltal/ -------------------------------------------------

SORT_KEYS = ("omrade", "varde", "ar")


@dataclass(frozen=True)
class ComparisonRow:
    omrade: object
    year: int
    value: str
    raw: Decimal
    uncertain: bool
    respondents: str
    versus: KommunComparison | None
    stale: bool


@dataclass(frozen=True)
class AreaComparison:
    indikatorer: list[Indikator]
    indikator: Indikator | None
    rows: list[ComparisonRow]
    sort: str
    order: str
    kommun_value: str


def area_comparison(code: str | None, sort: str | None, order: str | None) -> AreaComparison:
    """Each område's newest public value of one indicator; three queries whatever the size."""
    indikatorer = list(
        Indikator.objects.filter(
            Exists(Omradesvarde.objects.public().filter(indikator=OuterRef("pk")))
        )
    )
    sort = sort if sort in SORT_KEYS else "omrade"
    order = order if order in ("asc", "desc") else "asc"
    chosen = next((i for i in indikatorer if i.code == code), None) or (
        indikatorer[0] if indikatorer else None
    )
    if chosen is None:
        return AreaComparison([], None, [], sort, order, "")
    latest: dict[int, Omradesvarde] = {}
    for value in (
        Omradesvarde.objects.public()
        .filter(indikator=chosen)
        .select_related("omrade")
        .order_by("omrade_id", "year")
    ):
        value.indikator = chosen
        latest[value.omrade_id] = value
    kommun_values = dict(
        Indikatorvarde.objects.filter(indikator=chosen, value__isnull=False).values_list(
            "year", "value"
        )
    )
    today_year = timezone.localdate().year
    rows = [
        ComparisonRow(
            omrade=v.omrade,
            year=v.year,
            value=chosen.format_value(v.value),
            raw=v.value,
            uncertain=v.is_uncertain,
            respondents="" if v.respondents is None else str(v.respondents),
            versus=compare_with_kommun(chosen, v.value, kommun_values.get(v.year), v.year),
            stale=today_year - v.year > STALE_AFTER_YEARS,
        )
        for v in latest.values()
    ]
    key = {
        "omrade": lambda r: r.omrade.name.casefold(),
        "varde": lambda r: (r.raw, r.omrade.name.casefold()),
        "ar": lambda r: (r.year, r.omrade.name.casefold()),
    }[sort]
    rows.sort(key=key, reverse=order == "desc")
    newest_kommun = max(kommun_values) if kommun_values else None
    kommun_text = (
        f"{chosen.format_value(kommun_values[newest_kommun])} ({newest_kommun})"
        if newest_kommun
        else ""
    )
    return AreaComparison(indikatorer, chosen, rows, sort, order, kommun_text)


# --- EST counts of decided quarters -----------------------------------------------------


def public_est_count_text(count: int) -> str:
    """An EST count as a public page prints it: below the threshold only "fewer than N"."""
    if access.est_count_is_public(count):
        return str(count)
    return gettext("fewer than %(n)s") % {"n": settings.EST_PUBLIC_MIN_COUNT}


@dataclass(frozen=True)
class EstQuarter:
    """A decided quarter's counts per category, as text: small counts are never printed."""

    year: int
    quarter: int
    counts: list[tuple[str, str]]  # category, reports as a public page prints them


def est_quarters(omrade) -> list[EstQuarter]:
    """Counts per category for the quarters decided public: two queries, aggregates only."""
    decisions = list(EstKvartalsbeslut.objects.filter(grupp__omraden=omrade))
    if not decisions:
        return []
    rows = (
        Handelserapport.objects.current()
        .filter(access.public_est_counts_q(decisions), omrade=omrade)
        .annotate(y=ExtractYear("occurred_on"), q=ExtractQuarter("occurred_on"))
        .values("y", "q", "kategori__name")
        .annotate(n=Count("pk"))
        .order_by("-y", "-q", "kategori__name")
    )
    quarters: dict[tuple[int, int], list[tuple[str, int]]] = {
        (d.year, d.quarter): [] for d in sorted(decisions, key=lambda d: (-d.year, -d.quarter))
    }
    for row in rows:
        quarters.setdefault((row["y"], row["q"]), []).append(
            (row["kategori__name"], public_est_count_text(row["n"]))
        )
    # No total: with one category suppressed, a total would give its count away.
    return [EstQuarter(year, quarter, counts) for (year, quarter), counts in quarters.items()]
