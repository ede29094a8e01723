"""The interventions of each collaboration area by where they stood at the end of the year.

An area with few insatser has a block per insats: its facts and its latest result. An area
with many (more than ``COMPACT_AFTER``) would fill pages with blocks that say much the
same, so its insatser are listed in tables instead, one line each, every insats of the
year included, and at most ``DETAILED_PER_AREA`` of them get their block below the tables:
in the internal edition those in an action plan in force first, then those most recently
followed up. The public edition never chooses by the action plans, which are internal.
"""

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.models import Atgard
from lagesbild.rapport.context import (
    InsatsRow,
    Outcome,
    OutcomeCounts,
    ReportContext,
    count_outcomes,
)
from lagesbild.rapport.registry import TocEntry, section
from samverkan.models import Samverkansomrade

# An area with more insatser in the year than this is printed in the compact form.
COMPACT_AFTER = 15
# At most this many of a compact area's insatser are described with their latest result.
DETAILED_PER_AREA = 5


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
    # The compact form: every insats on a line of its group's list, and these few described.
    compact: bool = False
    detailed: list[InsatsRow] = dataclasses.field(default_factory=list)


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
    in_plans = set() if context.public else _in_action_plans(context)
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
        compact = len(rows) > COMPACT_AFTER
        areas.append(
            AreaInsatser(
                anchor=f"insatser-{area.slug}",
                name=area.name,
                coordinating_body=area.coordinating_body.name,
                counts=count_outcomes(rows),
                groups=[group for group in groups if group.insatser],
                compact=compact,
                detailed=_detailed(rows, in_plans) if compact else [],
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


def _in_action_plans(context: ReportContext) -> set[int]:
    """The insatser that are an åtgärd of an action plan in force during the year."""
    return set(
        Atgard.objects.filter(
            atgardsplan__period_start__lte=context.last_day,
            atgardsplan__period_end__gte=context.first_day,
        ).values_list("insats_id", flat=True)
    )


def _detailed(rows: list[InsatsRow], in_plans: set[int]) -> list[InsatsRow]:
    """A compact area's insatser to describe: in an action plan first, then the most
    recently followed up (an insats without a follow-up in the year only when it is in a
    plan); in the order of the list."""

    def latest(row: InsatsRow):
        return row.followups[-1].date.toordinal() if row.followups else 0

    candidates = [row for row in rows if row.pk in in_plans or row.followups]
    ranked = sorted(candidates, key=lambda row: (row.pk not in in_plans, -latest(row), row.title))
    chosen = {row.pk for row in ranked[:DETAILED_PER_AREA]}
    return [
        row
        for outcome in Outcome.ORDER
        for row in rows
        if row.outcome == outcome and row.pk in chosen
    ]
