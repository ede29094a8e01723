"""Decisions of the forums still open at the end of the year.

Up to ``TABLE_UP_TO`` decisions are a table; more are a list, one line of text each, which
WeasyPrint lays out in half the time of table rows (a busy year has 800 open decisions).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section
from organisation.models import Beslut


@dataclass
class DecisionRow:
    forum: str
    meeting: str
    meeting_date: date
    text: str
    responsible: str
    due_date: date | None
    overdue: bool


TABLE_UP_TO = 30


@dataclass
class DecisionsData:
    decisions: list[DecisionRow]
    as_list: bool = False


@section("beslut", order=100, title=lambda: _("Decisions still open"))
def build(context: ReportContext):
    """Decisions of the year's meetings and earlier ones that are still not done."""
    meetings = context.meetings_queryset()
    if context.public:
        meetings = meetings.with_published_minutes()
    decisions = (
        Beslut.objects.open()
        .filter(mote__in=meetings.values("pk"), mote__starts_at__date__lte=context.last_day)
        .select_related("mote__forum", "responsible")
        .order_by("due_date", "mote__starts_at", "pk")
    )
    rows = [
        DecisionRow(
            forum=beslut.mote.forum.short_name or beslut.mote.forum.name,
            meeting=beslut.mote.display_title,
            meeting_date=timezone.localdate(beslut.mote.starts_at),
            text=beslut.text,
            responsible=beslut.responsible.name if beslut.responsible else "",
            due_date=beslut.due_date,
            overdue=beslut.due_date is not None and beslut.due_date < context.today,
        )
        for beslut in decisions
    ]
    return DecisionsData(decisions=rows, as_list=len(rows) > TABLE_UP_TO)
