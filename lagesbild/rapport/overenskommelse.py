"""The collaboration agreement with the Police and the insatser of its focus areas.

A focus area with many insatser (more than the insatser chapter's ``COMPACT_AFTER``) has
its counts by outcome and its insatser named in one run of text instead of a list item
each: the chapter Interventions per collaboration area lists them with their facts.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    InsatsRow,
    OutcomeCounts,
    ReportContext,
    count_outcomes,
)
from lagesbild.rapport.insatser import COMPACT_AFTER
from lagesbild.rapport.registry import section
from samverkan.models import Overenskommelse


@dataclass
class FokusEntry:
    name: str
    description: str
    insatser: list[InsatsRow]
    counts: OutcomeCounts
    compact: bool = False


@dataclass
class AgreementEntry:
    name: str
    summary: str
    period_start: date
    period_end: date
    parties: list[str]
    fokusomraden: list[FokusEntry]


@dataclass
class AgreementData:
    agreements: list[AgreementEntry]


@section(
    "overenskommelse", order=60, title=lambda: _("The collaboration agreement with the Police")
)
def build(context: ReportContext):
    """The police agreements valid during the year, each focus area with its insatser."""
    agreements = (
        Overenskommelse.objects.filter(
            period_start__lte=context.last_day, period_end__gte=context.first_day
        )
        .prefetch_related("parties", "fokusomraden")
        .order_by("period_start", "pk")
    )
    by_fokus: dict[int, list[InsatsRow]] = defaultdict(list)
    for row in context.insatser:
        for pk in row.fokus_pks:
            by_fokus[pk].append(row)
    return AgreementData(
        agreements=[
            AgreementEntry(
                name=agreement.name,
                summary=agreement.summary,
                period_start=agreement.period_start,
                period_end=agreement.period_end,
                parties=[party.name for party in agreement.parties.all()],
                fokusomraden=[
                    _fokus_entry(fokus, by_fokus.get(fokus.pk, []))
                    for fokus in agreement.fokusomraden.all()
                ],
            )
            for agreement in agreements
        ]
    )


def _fokus_entry(fokus, rows: list[InsatsRow]) -> FokusEntry:
    return FokusEntry(
        name=fokus.name,
        description=fokus.description,
        insatser=sorted(rows, key=lambda r: r.title),
        counts=count_outcomes(rows),
        compact=len(rows) > COMPACT_AFTER,
    )
