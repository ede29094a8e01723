"""Key figures: the latest values up to the report year."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.charts import render_indicator_svg
from lagesbild.models import Indikator
from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section
from organisation.models import Kommun


@dataclass
class KeyFigure:
    code: str
    name: str
    unit: str
    source: str
    chart: str
    columns: list[str]
    rows: list[tuple[int, list[str]]]
    notes: list[str]
    trend: str
    median: str


@dataclass
class KeyFiguresData:
    figures: list[KeyFigure]


# The report shows each key figure over the five years up to its own year: enough for a
# trend, and a busy year's report stays within its print time.
KEY_FIGURE_YEARS = 5


def _in_key_figure_window(year: int, report_year: int) -> bool:
    return report_year - KEY_FIGURE_YEARS < year <= report_year


@section("nyckeltal", order=90, title=lambda: _("Key figures"))
def build(context: ReportContext):
    """Each key figure over the five years up to the report's: chart, table, trend, median."""
    kommun = Kommun.objects.first()
    kommun_name = kommun.name if kommun else _("The municipality")
    figures = []
    for indikator in Indikator.objects.published().with_series():
        values = [v for v in indikator.series if _in_key_figure_window(v.year, context.year)]
        if not values:
            continue
        table = indikator.table(kommun_name=kommun_name)
        # Trend and median speak of the latest year; a report of an earlier year omits them.
        current = indikator.series[-1].year <= context.year
        trend = indikator.trend() if current else None
        median = indikator.median_comparison() if current else None
        chart = ""
        if not indikator.is_yes_no:
            chart = str(
                render_indicator_svg(
                    indikator,
                    values,
                    width=520,
                    height=240,
                    kommun_name=kommun_name,
                    id_prefix=f"rapport-{indikator.code}",
                )
            )
        figures.append(
            KeyFigure(
                code=indikator.code,
                name=indikator.name,
                unit="" if indikator.is_yes_no else indikator.unit,
                source=indikator.source,
                chart=chart,
                columns=table.columns,
                rows=[
                    (year, cells)
                    for year, cells in table.rows
                    if _in_key_figure_window(year, context.year)
                ],
                notes=table.notes,
                trend=f"{trend.text} – {trend.verdict_text}".rstrip(" –") if trend else "",
                median=median.text if median else "",
            )
        )
    return KeyFiguresData(figures=figures)
