"""Appendix: the minutes of the year's meetings with their decisions."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section
from organisation.models import Mote


@dataclass
class MinutesRow:
    forum: str
    meeting: str
    meeting_date: date
    kind: str
    published: bool


@dataclass
class MinutesData:
    public: bool
    minutes: list[MinutesRow]


@section(
    "minnesanteckningar", order=110, title=lambda: _("Appendix: minutes of the year's meetings")
)
def build(context: ReportContext):
    """Appendix: the minutes of the year's held meetings."""
    meetings = context.meetings_queryset()
    meetings = meetings.with_published_minutes() if context.public else meetings
    held = (
        meetings.filter(status=Mote.Status.HELD)
        .in_year(context.year)
        .select_related("forum")
        .order_by("starts_at", "pk")
    )
    return MinutesData(
        public=context.public,
        minutes=[
            MinutesRow(
                forum=mote.forum.short_name or mote.forum.name,
                meeting=mote.display_title,
                meeting_date=timezone.localdate(mote.starts_at),
                kind=str(mote.get_kind_display()),
                published=mote.minutes_published_at is not None,
            )
            for mote in held
        ],
    )
