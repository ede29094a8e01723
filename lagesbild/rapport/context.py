"""What every section of the annual report shares: the year, the edition and its insatser.

``ReportContext`` is handed to each registered section builder. The public edition's
querysets go through the models' ``published()`` / ``public()`` methods, the one place
that decides what residents may see.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Forum, Mote
from samverkan.models import Insats, Samverkansgrupp, Uppfoljning


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
        return insats_rows(self)


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


def insats_rows(context: ReportContext) -> list[InsatsRow]:
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


def count_outcomes(rows: list[InsatsRow]) -> OutcomeCounts:
    counts = OutcomeCounts(total=len(rows))
    for row in rows:
        setattr(counts, row.outcome, getattr(counts, row.outcome) + 1)
        counts.started += row.started_in_year
    return counts
