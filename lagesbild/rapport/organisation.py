"""The organisation as it is registered: forums, their participants, areas, partners."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section
from organisation.models import Forum, Forumdeltagande, Organ
from organisation.rules import forum_is_public
from samverkan.models import Samverkansomrade


@dataclass
class Participant:
    body: str
    role: str
    represented_by: str


@dataclass
class ForumEntry:
    name: str
    short_name: str
    level: str
    purpose: str
    description: str
    responsible: str
    coordinator: str
    chair: str
    reports_to: str
    is_public: bool
    participants: list[Participant]


@dataclass
class AreaEntry:
    name: str
    coordinating_body: str
    forum: str
    groups: list[str]


@dataclass
class OrganisationData:
    board: str
    analysis_units: list[str]
    forums: list[ForumEntry]
    areas: list[AreaEntry]
    partners: list[str]


@section("organisation", order=30, title=lambda: _("The organisation"))
def build(context: ReportContext):
    """The organisation as it is registered now: forums and groups carry no validity dates."""
    bodies = list(Organ.objects.all())
    forums = Forum.objects.select_related("responsible", "coordinator", "reports_to")
    forums = forums.prefetch_related(
        Prefetch("participations", queryset=Forumdeltagande.objects.select_related("organ"))
    )
    role_labels = dict(Forumdeltagande.Role.choices)
    level_labels = dict(Forum.Level.choices)
    forum_entries = []
    for forum in forums:
        # An internal forum is shown as on the public forum page: that it exists and why.
        details = forum_is_public(forum) or not context.public
        forum_entries.append(
            ForumEntry(
                name=forum.name,
                short_name=forum.short_name,
                level=str(level_labels[forum.level]),
                purpose=forum.purpose,
                description=forum.description if details else "",
                responsible=forum.responsible.name,
                coordinator=forum.coordinator.name
                if forum.coordinator and forum.coordinator != forum.responsible
                else "",
                chair=forum.chair,
                reports_to=forum.reports_to.name if forum.reports_to else "",
                is_public=forum_is_public(forum),
                participants=[
                    Participant(
                        body=part.organ.name,
                        role=str(role_labels[part.role]),
                        represented_by=part.represented_by,
                    )
                    for part in forum.participations.all()
                ]
                if details
                else [],
            )
        )
    areas = Samverkansomrade.objects.select_related("coordinating_body", "forum")
    areas = areas.prefetch_related(
        Prefetch("groups", queryset=context.groups_queryset(), to_attr="report_groups")
    )
    board = next((o for o in bodies if o.kind == Organ.Kind.KOMMUNSTYRELSE), None)
    return OrganisationData(
        board=board.name if board else "",
        analysis_units=[o.display_name for o in bodies if o.kind == Organ.Kind.AVDELNING],
        forums=forum_entries,
        areas=[
            AreaEntry(
                name=area.name,
                coordinating_body=area.coordinating_body.name,
                forum=area.forum.name if area.forum else "",
                groups=[group.name for group in area.report_groups],
            )
            for area in areas
        ],
        partners=[o.name for o in bodies if o.kind == Organ.Kind.EXTERN],
    )
