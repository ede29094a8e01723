"""Sammanfattning: the analyst's assessment and conclusions, then the year in figures."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    OutcomeCounts,
    ReportContext,
    count_outcomes,
)
from lagesbild.rapport.forslag import AnalystText, analyst_text
from lagesbild.rapport.registry import section
from organisation.models import Forum
from samverkan.models import Samverkansomrade


@dataclass
class Fact:
    label: str
    value: int


@dataclass
class SummaryData:
    facts: list[Fact]
    insatser: OutcomeCounts
    area_count: int
    followup_count: int
    participants: int
    places_visited: int
    text: AnalystText


@section("sammanfattning", order=20, title=lambda: _("Summary"))
def build(context: ReportContext):
    rows = context.insatser
    counts = count_outcomes(rows)
    followups = [entry for row in rows for entry in row.followups]
    participants = sum(entry.participants or 0 for entry in followups)
    places = sum(entry.places_visited or 0 for entry in followups)
    area_count = Samverkansomrade.objects.count()
    facts = [
        Fact(_("Collaboration areas"), area_count),
        Fact(_("Forums"), Forum.objects.count()),
        Fact(_("Interventions during the year"), counts.total),
        Fact(_("of which started during the year"), counts.started),
        Fact(_("of which finished during the year"), counts.avslutad),
        Fact(_("of which cancelled during the year"), counts.installd),
        Fact(_("Follow-ups during the year"), len(followups)),
        Fact(_("Participants reported in follow-ups"), participants),
    ]
    return SummaryData(
        facts=facts,
        insatser=counts,
        area_count=area_count,
        followup_count=len(followups),
        participants=participants,
        places_visited=places,
        text=analyst_text(context),
    )
