"""The collaboration agreement with the Police and the insatser of its focus areas."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    InsatsRow,
    ReportContext,
)
from lagesbild.rapport.registry import section
from samverkan.models import Overenskommelse


@dataclass
class FokusEntry:
    name: str
    description: str
    insatser: list[InsatsRow]


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
                    FokusEntry(
                        name=fokus.name,
                        description=fokus.description,
                        insatser=sorted(by_fokus.get(fokus.pk, []), key=lambda r: r.title),
                    )
                    for fokus in agreement.fokusomraden.all()
                ],
            )
            for agreement in agreements
        ]
    )
