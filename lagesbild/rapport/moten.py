"""The forums' meetings held in the year against their required rhythm."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section
from organisation.models import Mote
from organisation.services import cadence_overview


@dataclass
class RhythmRow:
    kind: str
    kind_label: str
    min_per_year: int
    max_per_year: int
    held: int
    planned: int
    missing: int


@dataclass
class ForumMeetings:
    name: str
    cadence_note: str
    rules: list[RhythmRow]
    held_total: int


@dataclass
class MeetingsData:
    forums: list[ForumMeetings]


@section("moten", order=40, title=lambda: _("The forums' meetings"))
def build(context: ReportContext):
    """Each forum's meetings held in the year against its required rhythm.

    The public edition counts public meetings of public forums only.
    """
    forums = list(context.forums_queryset().prefetch_related("cadence_rules"))
    meetings = context.meetings_queryset()
    overview = cadence_overview(forums=forums, year=context.year, meetings=meetings)
    held_totals = Counter(
        meetings.filter(forum__in=forums, status=Mote.Status.HELD)
        .in_year(context.year)
        .values_list("forum_id", flat=True)
    )
    return MeetingsData(
        forums=[
            ForumMeetings(
                name=forum.name,
                cadence_note=forum.cadence_note,
                rules=[
                    RhythmRow(
                        kind=row.kind,
                        kind_label=str(row.label),
                        min_per_year=row.required,
                        max_per_year=row.maximum,
                        held=row.held,
                        planned=row.planned,
                        missing=row.missing,
                    )
                    for row in overview[forum.pk]
                ],
                held_total=held_totals.get(forum.pk, 0),
            )
            for forum in forums
        ]
    )
