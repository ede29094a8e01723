"""Appendix: the minutes of the year's meetings with their decisions.

The public edition has the published minutes of public meetings; the internal edition has
the minutes of every held meeting, published or not. The minutes are Markdown and are
rendered by the same renderer as the portal's pages.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.rapport.context import ReportContext
from lagesbild.rapport.registry import section
from organisation.models import Beslut, Mote


@dataclass
class DecisionEntry:
    text: str
    responsible: str
    due_date: date | None
    done: bool


@dataclass
class MinutesRow:
    forum: str
    meeting: str
    meeting_date: date
    kind: str
    published: bool
    minutes: str
    decisions: list[DecisionEntry]


@dataclass
class MinutesData:
    public: bool
    minutes: list[MinutesRow]
    # Public edition: meetings were held in the year but none has published minutes.
    held_unpublished: bool = False


@section(
    "minnesanteckningar", order=110, title=lambda: _("Appendix: minutes of the year's meetings")
)
def build(context: ReportContext):
    meetings = context.meetings_queryset()
    meetings = meetings.with_published_minutes() if context.public else meetings
    held = (
        meetings.filter(status=Mote.Status.HELD)
        .in_year(context.year)
        .select_related("forum")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Beslut.objects.select_related("responsible").order_by("pk"),
                to_attr="report_decisions",
            )
        )
        .order_by("starts_at", "pk")
    )
    rows = [
        MinutesRow(
            forum=mote.forum.short_name or mote.forum.name,
            meeting=mote.display_title,
            meeting_date=timezone.localdate(mote.starts_at),
            kind=str(mote.get_kind_display()),
            published=mote.minutes_published_at is not None,
            minutes=mote.minutes,
            decisions=[
                DecisionEntry(
                    text=beslut.text,
                    responsible=beslut.responsible.name if beslut.responsible else "",
                    due_date=beslut.due_date,
                    done=beslut.done,
                )
                for beslut in mote.report_decisions
            ],
        )
        for mote in held
    ]
    held_unpublished = (
        context.public
        and not rows
        and Mote.objects.filter(status=Mote.Status.HELD).in_year(context.year).exists()
    )
    return MinutesData(public=context.public, minutes=rows, held_unpublished=held_unpublished)
