"""The data of Kommunstyrelsen's annual follow-up report (årsuppföljning), section by section.

The report is a list of sections. Each section is built by one function in
``SECTION_BUILDERS`` that takes a ``ReportContext`` and returns a ``Section`` whose
``data`` is plain data: dataclasses of str, int, bool, date and lists, never model
instances. The partial ``templates/lagesbild/rapport/<key>.html`` renders it, in the
HTML preview and in the PDF alike. Adding a section is one builder plus one partial.

Because the data is plain it serialises to canonical JSON; its SHA-256 is the checksum
that tells whether the current data still matches a version submitted to
Kommunstyrelsen.

The public edition is built from the same builders with ``public=True``: every query
then goes through the models' ``published()`` / ``public()`` methods, the one place that
decides what residents may see.
"""

import dataclasses
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.db.models import Min, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lagesbild.charts import render_indicator_svg
from lagesbild.followup import for_internal_report, plan_problems
from lagesbild.models import Atgardsplan, Indikator, Lagesbild, Problem
from lagesbild.models.rapport import REPORT_YEAR_MIN, REPORT_YEARS_AHEAD, Arsuppfoljningsversion
from organisation.models import Beslut, Forum, Forumdeltagande, Kommun, Mote, Organ
from organisation.rules import forum_is_public
from organisation.services import cadence_overview
from samverkan.models import (
    Insats,
    Overenskommelse,
    Samverkansgrupp,
    Samverkansomrade,
    Uppfoljning,
)


def year_is_reportable(year: int, *, today: date) -> bool:
    return REPORT_YEAR_MIN <= year <= today.year + REPORT_YEARS_AHEAD


# ---------------------------------------------------------------------------
# The report as a whole


@dataclass
class TocEntry:
    anchor: str
    title: str


@dataclass
class Section:
    """One chapter of the report: its anchor, heading and the data its partial renders."""

    key: str
    title: str
    data: Any
    subsections: list[TocEntry] = field(default_factory=list)

    @property
    def template(self) -> str:
        return f"lagesbild/rapport/{self.key}.html"


@dataclass
class Submission:
    """Printed on the cover of a submitted version; not part of the checksum."""

    number: int
    submitted_at: datetime
    submitted_by: str
    note: str = ""


@dataclass
class ReportData:
    year: int
    public: bool
    title: str
    kommun: str
    programme: str
    sections: list[Section]
    # When and as what the document was printed say nothing about the data: they are left
    # out of the checksum.
    generated_at: datetime
    submission: Submission | None = None

    def canonical_json(self) -> str:
        content = {
            "year": self.year,
            "public": self.public,
            "kommun": self.kommun,
            "programme": self.programme,
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "data": _plain(section.data),
                }
                for section in self.sections
            ],
        }
        return json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_encode
        )

    def checksum(self) -> str:
        return checksum_of(self.canonical_json())


def checksum_of(canonical_json: str) -> str:
    return hashlib.sha256(canonical_json.encode("utf-8")).hexdigest()


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def _encode(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not plain report data")


class ReportContext:
    """What every section builder needs: the year, the edition and the year's insatser."""

    def __init__(self, *, year: int, public: bool, today: date):
        self.year = year
        self.public = public
        self.today = today
        self.first_day = date(year, 1, 1)
        self.last_day = date(year, 12, 31)

    def insatser_queryset(self):
        return Insats.objects.published() if self.public else Insats.objects.active()

    def uppfoljningar_queryset(self):
        return Uppfoljning.objects.published() if self.public else Uppfoljning.objects.all()

    def forums_queryset(self):
        return Forum.objects.public() if self.public else Forum.objects.all()

    def meetings_queryset(self):
        return Mote.objects.public() if self.public else Mote.objects.all()

    def groups_queryset(self):
        return Samverkansgrupp.objects.public() if self.public else Samverkansgrupp.objects.all()

    @cached_property
    def insatser(self) -> list["InsatsRow"]:
        """The insatser of the year with their outcome, ordered by area and title."""
        return _insats_rows(self)


def build_report_data(
    *, year: int, public: bool, today: date | None = None, now: datetime | None = None
) -> ReportData:
    """The whole report for a year, in Swedish whatever language the request uses."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    context = ReportContext(year=year, public=public, today=today)
    kommun = Kommun.objects.first()
    with translation.override("sv"):
        sections = [builder(context) for builder in SECTION_BUILDERS]
        return ReportData(
            year=year,
            public=public,
            title=_("Annual follow-up %(year)s") % {"year": year},
            kommun=kommun.name if kommun else "",
            programme=kommun.programme_name if kommun else "Säker och trygg kommun",
            sections=sections,
            generated_at=now,
        )


# ---------------------------------------------------------------------------
# Insatser of a year


class Outcome:
    """Where an insats stood in the report year. The order is the order of the report."""

    NY = "ny"
    PAGAENDE = "pagaende"
    AVSLUTAD = "avslutad"
    INSTALLD = "installd"
    PLANERAD = "planerad"

    ORDER = [NY, PAGAENDE, AVSLUTAD, INSTALLD, PLANERAD]

    @staticmethod
    def labels() -> dict[str, str]:
        return {
            Outcome.NY: _("Started during the year"),
            Outcome.PAGAENDE: _("Ongoing since earlier years"),
            Outcome.AVSLUTAD: _("Finished during the year"),
            Outcome.INSTALLD: _("Cancelled during the year"),
            Outcome.PLANERAD: _("Planned"),
        }


@dataclass
class FollowupRow:
    date: date
    done: str
    result: str
    participants: int | None
    places_visited: int | None
    # Marked public by its author; residents read it only when the insats is public too.
    marked_public: bool


@dataclass
class InsatsRow:
    pk: int
    title: str
    area_pk: int
    responsible: str
    group: str
    start_date: date | None
    end_date: date | None
    status_label: str
    outcome: str
    outcome_label: str
    started_in_year: bool
    # Visibility as set on the insats; whether residents see it is samverkan.rules'
    # insats_is_public, which also asks for publication.
    is_internal: bool
    is_draft: bool
    fokus_pks: list[int]
    followups: list[FollowupRow]

    @property
    def participants(self) -> int:
        return sum(entry.participants or 0 for entry in self.followups)


def year_outcome(insats: Insats, *, first: date, last: date, today: date, cancelled_on=None):
    """What happened to an insats in the year ``first``–``last``; None if it had no part in it.

    A planned insats belongs to every year from its creation to today. Any other insats
    belongs to the years from its start date to its end: the end date when finished, the
    day it was cancelled when cancelled, and today while it goes on, so that years to come
    stay empty until they come.
    """
    if insats.status == Insats.Status.PLANERAD:
        created = timezone.localdate(insats.created_at)
        return Outcome.PLANERAD if created <= last and today >= first else None
    start = insats.start_date
    if start is None or start > last:
        return None
    if insats.status == Insats.Status.AVSLUTAD:
        end = insats.end_date
    elif insats.status == Insats.Status.INSTALLD:
        end = insats.end_date or cancelled_on or timezone.localdate(insats.updated_at)
    else:
        end = min(insats.end_date or today, today)
    if end < first:
        return None
    if end <= last and insats.status == Insats.Status.AVSLUTAD:
        return Outcome.AVSLUTAD
    if end <= last and insats.status == Insats.Status.INSTALLD:
        return Outcome.INSTALLD
    return Outcome.NY if start >= first else Outcome.PAGAENDE


def _cancellation_dates(insatser: list[Insats]) -> dict[int, date]:
    """The day each cancelled insats without an end date was first saved as cancelled."""
    ids = [i.pk for i in insatser if i.status == Insats.Status.INSTALLD and i.end_date is None]
    if not ids:
        return {}
    first_saved = (
        Insats.history.filter(id__in=ids, status=Insats.Status.INSTALLD)
        .values("id")
        .annotate(first=Min("history_date"))
    )
    return {row["id"]: timezone.localdate(row["first"]) for row in first_saved}


def _insats_rows(context: ReportContext) -> list[InsatsRow]:
    first, last = context.first_day, context.last_day
    followups = (
        context.uppfoljningar_queryset().filter(date__range=(first, last)).order_by("date", "pk")
    )
    candidates = list(
        context.insatser_queryset()
        .filter(
            Q(status=Insats.Status.PLANERAD, created_at__date__lte=last)
            | Q(start_date__lte=last, end_date__gte=first)
            | Q(start_date__lte=last, end_date__isnull=True)
        )
        .select_related("samverkansomrade", "responsible", "grupp")
        .prefetch_related(
            Prefetch("uppfoljningar", queryset=followups, to_attr="year_followups"),
            Prefetch("fokusomraden", to_attr="fokus_list"),
        )
        .order_by("samverkansomrade__order", "samverkansomrade__name", "title", "pk")
    )
    cancelled_on = _cancellation_dates(candidates)
    status_labels = dict(Insats.Status.choices)
    outcome_labels = Outcome.labels()
    rows = []
    for insats in candidates:
        outcome = year_outcome(
            insats,
            first=first,
            last=last,
            today=context.today,
            cancelled_on=cancelled_on.get(insats.pk),
        )
        if outcome is None:
            continue
        rows.append(
            InsatsRow(
                pk=insats.pk,
                title=insats.title,
                area_pk=insats.samverkansomrade_id,
                responsible=insats.responsible.name,
                group=insats.grupp.name if insats.grupp and _group_shown(context, insats) else "",
                start_date=insats.start_date,
                end_date=insats.end_date,
                status_label=str(status_labels[insats.status]),
                outcome=outcome,
                outcome_label=outcome_labels[outcome],
                started_in_year=outcome != Outcome.PLANERAD and insats.start_date >= first,
                is_internal=insats.visibility == Insats.Visibility.INTERNAL,
                is_draft=not insats.is_published,
                fokus_pks=sorted(f.pk for f in insats.fokus_list),
                followups=[
                    FollowupRow(
                        date=entry.date,
                        done=entry.done,
                        result=entry.result,
                        participants=entry.participants,
                        places_visited=entry.places_visited,
                        marked_public=entry.is_public,
                    )
                    for entry in insats.year_followups
                ],
            )
        )
    return rows


def _group_shown(context: ReportContext, insats: Insats) -> bool:
    return not context.public or insats.grupp.is_public


@dataclass
class OutcomeCounts:
    total: int = 0
    ny: int = 0
    pagaende: int = 0
    avslutad: int = 0
    installd: int = 0
    planerad: int = 0
    started: int = 0


def _count(rows: list[InsatsRow]) -> OutcomeCounts:
    counts = OutcomeCounts(total=len(rows))
    for row in rows:
        setattr(counts, row.outcome, getattr(counts, row.outcome) + 1)
        counts.started += row.started_in_year
    return counts


# ---------------------------------------------------------------------------
# Sections


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


def build_summary(context: ReportContext) -> Section:
    rows = context.insatser
    counts = _count(rows)
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
    return Section(
        key="sammanfattning",
        title=_("Summary"),
        data=SummaryData(
            facts=facts,
            insatser=counts,
            area_count=area_count,
            followup_count=len(followups),
            participants=participants,
            places_visited=places,
        ),
    )


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


def build_organisation(context: ReportContext) -> Section:
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
    return Section(
        key="organisation",
        title=_("The organisation"),
        data=OrganisationData(
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
        ),
    )


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


def build_meetings(context: ReportContext) -> Section:
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
    return Section(
        key="moten",
        title=_("The forums' meetings"),
        data=MeetingsData(
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
        ),
    )


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


@dataclass
class InsatserData:
    areas: list[AreaInsatser]
    counts: OutcomeCounts


def build_insatser(context: ReportContext) -> Section:
    by_area: dict[int, list[InsatsRow]] = defaultdict(list)
    for row in context.insatser:
        by_area[row.area_pk].append(row)
    labels = Outcome.labels()
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
        areas.append(
            AreaInsatser(
                anchor=f"insatser-{area.slug}",
                name=area.name,
                coordinating_body=area.coordinating_body.name,
                counts=_count(rows),
                groups=[group for group in groups if group.insatser],
            )
        )
    return Section(
        key="insatser",
        title=_("Interventions per collaboration area"),
        data=InsatserData(areas=areas, counts=_count(context.insatser)),
        subsections=[TocEntry(area.anchor, area.name) for area in areas],
    )


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


def build_agreement(context: ReportContext) -> Section:
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
    return Section(
        key="overenskommelse",
        title=_("The collaboration agreement with the Police"),
        data=AgreementData(
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
        ),
    )


@dataclass
class DecisionRow:
    forum: str
    meeting: str
    meeting_date: date
    text: str
    responsible: str
    due_date: date | None
    overdue: bool


@dataclass
class DecisionsData:
    decisions: list[DecisionRow]


def build_decisions(context: ReportContext) -> Section:
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
    return Section(
        key="beslut",
        title=_("Decisions still open"),
        data=DecisionsData(
            decisions=[
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
        ),
    )


@dataclass
class LagesbildEntry:
    title: str
    scope: str
    period_start: date
    period_end: date
    adopted_on: date
    adopted_by: str
    summary: str
    problems: list[str]


@dataclass
class LagesbilderData:
    lagesbilder: list[LagesbildEntry]


def build_lagesbilder(context: ReportContext) -> Section:
    """The lägesbilder fastställda during the year, by their summaries: never the analysis."""
    if context.public:
        lagesbilder = Lagesbild.objects.published()
        problems = Problem.objects.published()
    else:
        lagesbilder = Lagesbild.objects.filter(status=Lagesbild.Status.FASTSTALLD)
        problems = Problem.objects.all()
    lagesbilder = (
        lagesbilder.filter(adopted_on__year=context.year)
        .select_related("samverkansomrade", "omrade", "adopted_by")
        .prefetch_related(Prefetch("problems", queryset=problems.order_by("priority")))
        .order_by("adopted_on", "title")
    )
    return Section(
        key="lagesbilder",
        title=_("Situational pictures approved during the year"),
        data=LagesbilderData(
            lagesbilder=[
                LagesbildEntry(
                    title=lagesbild.title,
                    scope=str(lagesbild.scope_label),
                    period_start=lagesbild.period_start,
                    period_end=lagesbild.period_end,
                    adopted_on=lagesbild.adopted_on,
                    adopted_by=lagesbild.adopted_by.name if lagesbild.adopted_by else "",
                    summary=lagesbild.public_summary
                    if (lagesbild.is_summary_published or not context.public)
                    else "",
                    problems=[problem.title for problem in lagesbild.problems.all()],
                )
                for lagesbild in lagesbilder
            ]
        ),
    )


@dataclass
class PlanInsats:
    title: str
    status: str
    latest_followup: date | None
    behind: list[str]


@dataclass
class PlanProblem:
    priority: int
    title: str
    insatser: list[PlanInsats]


@dataclass
class PlanEntry:
    title: str
    period_start: date
    period_end: date
    status: str
    adopted: str
    problems: list[PlanProblem]


@dataclass
class AtgardsplanData:
    public: bool
    plans: list[PlanEntry]


def build_atgardsplan(context: ReportContext) -> Section:
    """The action plans in force during the year: each problem and how its insatser went.

    Plans are internal working documents, so the public edition only says where they are.
    """
    plans = []
    if not context.public:
        in_force = (
            Atgardsplan.objects.filter(
                period_start__lte=context.last_day, period_end__gte=context.first_day
            )
            .select_related("lagesbild", "adopted_by")
            .order_by("period_start", "title")
        )
        for plan in in_force:
            plans.append(
                PlanEntry(
                    title=plan.title,
                    period_start=plan.period_start,
                    period_end=plan.period_end,
                    status=str(plan.get_status_display()),
                    adopted=(
                        f"{plan.adopted_by.name}, {plan.adopted_on.isoformat()}"
                        if plan.adopted_by and plan.adopted_on
                        else ""
                    ),
                    problems=[
                        PlanProblem(
                            priority=entry.problem.priority,
                            title=entry.problem.title,
                            insatser=[
                                PlanInsats(
                                    title=item.insats.title,
                                    status=str(item.insats.get_status_display()),
                                    latest_followup=item.latest_followup,
                                    behind=[str(reason) for reason in item.behind],
                                )
                                for item in entry.insatser
                            ],
                        )
                        for entry in plan_problems(
                            plan=plan, today=context.today, **for_internal_report()
                        )
                    ],
                )
            )
    return Section(
        key="atgardsplan",
        title=_("The action plan and how its interventions went"),
        data=AtgardsplanData(public=context.public, plans=plans),
    )


@dataclass
class KeyFigure:
    code: str
    name: str
    unit: str
    source: str
    chart: str
    columns: list[str]
    rows: list[tuple[int, list[str]]]
    notes: list[str]
    trend: str
    median: str


@dataclass
class KeyFiguresData:
    figures: list[KeyFigure]


# The report shows each key figure over the five years up to its own year: enough for a
# trend, and a busy year's report stays within its print time.
KEY_FIGURE_YEARS = 5


def _in_key_figure_window(year: int, report_year: int) -> bool:
    return report_year - KEY_FIGURE_YEARS < year <= report_year


def build_nyckeltal(context: ReportContext) -> Section:
    """Each key figure over the five years up to the report's: chart, table, trend, median."""
    kommun = Kommun.objects.first()
    kommun_name = kommun.name if kommun else _("The municipality")
    figures = []
    for indikator in Indikator.objects.published().with_series():
        values = [v for v in indikator.series if _in_key_figure_window(v.year, context.year)]
        if not values:
            continue
        table = indikator.table(kommun_name=kommun_name)
        # Trend and median speak of the latest year; a report of an earlier year omits them.
        current = indikator.series[-1].year <= context.year
        trend = indikator.trend() if current else None
        median = indikator.median_comparison() if current else None
        chart = ""
        if not indikator.is_yes_no:
            chart = str(
                render_indicator_svg(
                    indikator,
                    values,
                    width=520,
                    height=240,
                    kommun_name=kommun_name,
                    id_prefix=f"rapport-{indikator.code}",
                )
            )
        figures.append(
            KeyFigure(
                code=indikator.code,
                name=indikator.name,
                unit="" if indikator.is_yes_no else indikator.unit,
                source=indikator.source,
                chart=chart,
                columns=table.columns,
                rows=[
                    (year, cells)
                    for year, cells in table.rows
                    if _in_key_figure_window(year, context.year)
                ],
                notes=table.notes,
                trend=f"{trend.text} – {trend.verdict_text}".rstrip(" –") if trend else "",
                median=median.text if median else "",
            )
        )
    return Section(
        key="nyckeltal",
        title=_("Key figures"),
        data=KeyFiguresData(figures=figures),
    )


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


def build_minutes(context: ReportContext) -> Section:
    """Appendix: the minutes of the year's held meetings."""
    meetings = context.meetings_queryset()
    meetings = meetings.with_published_minutes() if context.public else meetings
    held = (
        meetings.filter(status=Mote.Status.HELD)
        .in_year(context.year)
        .select_related("forum")
        .order_by("starts_at", "pk")
    )
    return Section(
        key="minnesanteckningar",
        title=_("Appendix: minutes of the year's meetings"),
        data=MinutesData(
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
        ),
    )


@dataclass
class AppendixData:
    public: bool
    first_day: date
    last_day: date


def build_appendix(context: ReportContext) -> Section:
    """How the figures are counted and where they come from."""
    return Section(
        key="bilaga",
        title=_("Appendix: about the data"),
        data=AppendixData(
            public=context.public, first_day=context.first_day, last_day=context.last_day
        ),
    )


# The report's chapters in order. The cover and the table of contents come before them.
SECTION_BUILDERS: list[Callable[[ReportContext], Section]] = [
    build_summary,
    build_organisation,
    build_meetings,
    build_insatser,
    build_agreement,
    build_atgardsplan,
    build_lagesbilder,
    build_nyckeltal,
    build_decisions,
    build_minutes,
    build_appendix,
]


# ---------------------------------------------------------------------------
# Years


def report_years(*, public: bool, today: date) -> list[int]:
    """Years, newest first, that have insatser, follow-ups or a submitted version."""
    years: set[int] = set()
    insatser = Insats.objects.published() if public else Insats.objects.active()
    for status, start, end, created in insatser.values_list(
        "status", "start_date", "end_date", "created_at"
    ):
        if status == Insats.Status.PLANERAD or start is None:
            first_year = timezone.localdate(created).year
            last_year = today.year
        else:
            first_year = start.year
            last_year = min(end, today).year if end else today.year
        years.update(range(first_year, last_year + 1))
    followups = Uppfoljning.objects.published() if public else Uppfoljning.objects.all()
    years.update(d.year for d in followups.dates("date", "year"))
    if not public:
        years.update(Arsuppfoljningsversion.objects.values_list("arsuppfoljning__year", flat=True))
    return sorted((year for year in years if REPORT_YEAR_MIN <= year <= today.year), reverse=True)
