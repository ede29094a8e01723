"""The interventions of each collaboration area by where they stood at the end of the year."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    InsatsRow,
    Outcome,
    OutcomeCounts,
    ReportContext,
    count_outcomes,
)
from lagesbild.rapport.registry import TocEntry, section
from samverkan.models import Samverkansomrade


@dataclass
class OutcomeGroup:
    outcome: str
    label: str
    insatser: list[InsatsRow]


@dataclass
class AreaInsatser:
    anchor: str
    name: str
    coordinating_body: str
    counts: OutcomeCounts
    groups: list[OutcomeGroup]


@dataclass
class InsatserData:
    areas: list[AreaInsatser]
    counts: OutcomeCounts
    # Public edition without a public insats: whether any insats had a part in the year at
    # all, so that "nothing published" is not printed as "nothing done".
    unpublished_exist: bool = False


@section("insatser", order=50, title=lambda: _("Interventions per collaboration area"))
def build(context: ReportContext):
    by_area: dict[int, list[InsatsRow]] = defaultdict(list)
    for row in context.insatser:
        by_area[row.area_pk].append(row)
    labels = Outcome.labels()
    areas = []
    for area in Samverkansomrade.objects.select_related("coordinating_body"):
        rows = by_area.get(area.pk, [])
        groups = [
            OutcomeGroup(
                outcome=outcome,
                label=labels[outcome],
                insatser=[row for row in rows if row.outcome == outcome],
            )
            for outcome in Outcome.ORDER
        ]
        areas.append(
            AreaInsatser(
                anchor=f"insatser-{area.slug}",
                name=area.name,
                coordinating_body=area.coordinating_body.name,
                counts=count_outcomes(rows),
                groups=[group for group in groups if group.insatser],
            )
        )
    unpublished_exist = False
    if context.public and not context.insatser:
        everything = ReportContext(year=context.year, public=False, today=context.today)
        unpublished_exist = bool(everything.insatser)
    return (
        InsatserData(
            areas=areas,
            counts=count_outcomes(context.insatser),
            unpublished_exist=unpublished_exist,
        ),
        [TocEntry(area.anchor, area.name) for area in areas],
    )
