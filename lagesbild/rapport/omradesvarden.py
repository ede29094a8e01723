"""Figures per område: each indicator's latest value per område up to the report year.

Both editions show only what any public output may (``Omradesvarde.objects.public()``: no
survey result from fewer than 30 respondents); a result with a wide confidence interval is
marked uncertain, and each value carries its year, so an old value says so.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.models import Indikator, Omradesvarde
from lagesbild.rapport.context import ReportContext
from lagesbild.rapport.registry import section

# Områden and indicators are tens, not thousands; the caps bound the print whatever is stored.
MAX_INDICATORS = 40
MAX_VALUES = 4000


@dataclass
class AreaValue:
    omrade: str
    value: str
    year: int
    uncertain: bool


@dataclass
class AreaFigure:
    name: str
    unit: str
    values: list[AreaValue]


@dataclass
class OmradesvardenData:
    figures: list[AreaFigure]


@section("omradesvarden", order=92, title=lambda: _("Figures per district"))
def build(context: ReportContext):
    values = (
        Omradesvarde.objects.public()
        .filter(year__lte=context.year)
        .select_related("indikator", "omrade")
        .order_by("indikator__order", "indikator__name", "omrade__name", "year")[:MAX_VALUES]
    )
    latest: dict[int, dict[int, Omradesvarde]] = {}
    indikatorer: dict[int, Indikator] = {}
    for value in values:
        indikatorer[value.indikator_id] = value.indikator
        latest.setdefault(value.indikator_id, {})[value.omrade_id] = value
    figures = []
    for indikator_id, by_omrade in list(latest.items())[:MAX_INDICATORS]:
        indikator = indikatorer[indikator_id]
        figures.append(
            AreaFigure(
                name=indikator.name,
                unit=indikator.unit,
                values=[
                    AreaValue(
                        omrade=value.omrade.name,
                        value=indikator.format_value(value.value),
                        year=value.year,
                        uncertain=value.is_uncertain,
                    )
                    for value in by_omrade.values()
                ],
            )
        )
    return OmradesvardenData(figures=figures)
