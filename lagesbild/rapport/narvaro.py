"""Attendance: which nämnder and partners attended how many of each forum's meetings.

Kommunstyrelsen's decision of 2017 asks it to follow up the way of working; attendance is
recorded on each meeting (``Mote.attended_by``). The public edition counts the public
meetings of public forums only, as the chapter on the meetings does.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.rapport.context import ReportContext
from lagesbild.rapport.registry import section
from organisation.models import Forumdeltagande, Mote


@dataclass
class AttendanceRow:
    body: str
    attended: int
    # A body registered as taking part in the forum; others attended as guests.
    member: bool


@dataclass
class ForumAttendance:
    name: str
    held: int
    rows: list[AttendanceRow]


@dataclass
class AttendanceData:
    forums: list[ForumAttendance]


@section("narvaro", order=45, title=lambda: _("Attendance at the forums' meetings"))
def build(context: ReportContext):
    forums = list(context.forums_queryset().order_by("order", "name"))
    held = (
        context.meetings_queryset()
        .filter(forum__in=forums, status=Mote.Status.HELD)
        .in_year(context.year)
    )
    held_per_forum = Counter(held.values_list("forum_id", flat=True))
    attended = Counter(
        held.values_list("forum_id", "attended_by__name").exclude(attended_by__isnull=True)
    )
    members: dict[int, set[str]] = {}
    for forum_id, name in Forumdeltagande.objects.filter(forum__in=forums).values_list(
        "forum_id", "organ__name"
    ):
        members.setdefault(forum_id, set()).add(name)
    result = []
    for forum in forums:
        names = members.get(forum.pk, set()) | {
            name for (forum_id, name) in attended if forum_id == forum.pk
        }
        rows = [
            AttendanceRow(
                body=name,
                attended=attended.get((forum.pk, name), 0),
                member=name in members.get(forum.pk, set()),
            )
            for name in names
        ]
        rows.sort(key=lambda row: (-row.attended, row.body))
        result.append(ForumAttendance(name=forum.name, held=held_per_forum[forum.pk], rows=rows))
    return AttendanceData(forums=result)
