"""The lägesbilder fastställda during the year, by their summaries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lagesbild.models import Lagesbild, Problem
from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section


@dataclass
class LagesbildEntry:
    title: str
    scope: str
    period_start: date
    period_end: date
    adopted_on: date
    adopted_by: str
    summary: str
    problems: list[str]


@dataclass
class LagesbilderData:
    lagesbilder: list[LagesbildEntry]
    # Public edition: how many lägesbilder were fastställda in the year without a published
    # summary. Residents learn that the work was done, not what it found, so the report does
    # not say "none was fastställd" when one was.
    unpublished: int = 0


@section("lagesbilder", order=80, title=lambda: _("Situational pictures approved during the year"))
def build(context: ReportContext):
    """The lägesbilder fastställda during the year, by their summaries: never the analysis."""
    if context.public:
        lagesbilder = Lagesbild.objects.published()
        problems = Problem.objects.published()
    else:
        lagesbilder = Lagesbild.objects.filter(status=Lagesbild.Status.FASTSTALLD)
        problems = Problem.objects.all()
    lagesbilder = (
        lagesbilder.filter(adopted_on__year=context.year)
        .select_related("samverkansomrade", "omrade", "adopted_by")
        .prefetch_related(Prefetch("problems", queryset=problems.order_by("priority")))
        .order_by("adopted_on", "title")
    )
    unpublished = 0
    if context.public:
        unpublished = (
            Lagesbild.objects.filter(
                status=Lagesbild.Status.FASTSTALLD, adopted_on__year=context.year
            )
            .exclude(pk__in=lagesbilder.values("pk"))
            .count()
        )
    return LagesbilderData(
        unpublished=unpublished,
        lagesbilder=[
            LagesbildEntry(
                title=lagesbild.title,
                scope=str(lagesbild.scope_label),
                period_start=lagesbild.period_start,
                period_end=lagesbild.period_end,
                adopted_on=lagesbild.adopted_on,
                adopted_by=lagesbild.adopted_by.name if lagesbild.adopted_by else "",
                summary=lagesbild.public_summary
                if (lagesbild.is_summary_published or not context.public)
                else "",
                problems=[problem.title for problem in lagesbild.problems.all()],
            )
            for lagesbild in lagesbilder
        ],
    )
