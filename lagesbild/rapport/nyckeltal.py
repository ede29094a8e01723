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
    # The year of the latest value up to the report year, and how many years before the
    # report year it is: a figure measured long ago is shown, and said to be old.
    latest_year: int
    years_old: int


@dataclass
class KeyFiguresData:
    figures: list[KeyFigure]


# The report shows each key figure over the five years up to its latest value in the report
# year or before: enough for a trend, and a busy year's report stays within its print time.
# A figure last measured long before the report year is still shown, with its age, rather
# than left out as if nothing had been registered.
KEY_FIGURE_YEARS = 5


def _in_key_figure_window(year: int, latest_year: int) -> bool:
    return latest_year - KEY_FIGURE_YEARS < year <= latest_year


@section("nyckeltal", order=90, title=lambda: _("Key figures"))
def build(context: ReportContext):
    """Each key figure up to its latest value by the report year: chart, table, trend, median."""
    kommun = Kommun.objects.first()
    kommun_name = kommun.name if kommun else _("The municipality")
    figures = []
    for indikator in Indikator.objects.published().with_series():
        up_to_year = [v for v in indikator.series if v.year <= context.year]
        if not up_to_year:
            continue
        latest_year = up_to_year[-1].year
        values = [v for v in up_to_year if _in_key_figure_window(v.year, latest_year)]
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
                    # The table below the chart has every value.
                    value_labels=False,
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
                    if _in_key_figure_window(year, latest_year)
                ],
                notes=table.notes,
                trend=f"{trend.text} – {trend.verdict_text}".rstrip(" –") if trend else "",
                median=median.text if median else "",
                latest_year=latest_year,
                years_old=context.year - latest_year,
            )
        )
    return KeyFiguresData(figures=figures)
