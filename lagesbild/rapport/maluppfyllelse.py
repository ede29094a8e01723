"""Targets and citizen promises: the analyst's assessed status, with the figures behind it.

Each effect indicator of an åtgärdsplan in force during the year, with baseline, target and
the latest value up to the report year, and each medborgarlöfte of the year with its
planned and achieved output, each with the analyst's status as a word and a symbol.

The public edition shows only published plans' measures on public problems and published
insatser, and only published medborgarlöften; a target's reason is internal (it is not
checked by the publication guard), a promise's reason is public with the promise.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from lagesbild import rules as access
from lagesbild.loften import lofte_rows_of_sets
from lagesbild.models import Atgard, Indikatorvarde, Medborgarloften, Omradesvarde
from lagesbild.rapport.context import ReportContext
from lagesbild.rapport.registry import section

# A year has a handful of plans and one set of promises per område; the caps keep a
# report's print time bounded whatever is registered.
MAX_TARGETS = 200
MAX_PROMISE_SETS = 50


@dataclass
class Status:
    word: str
    symbol: str
    reason: str


@dataclass
class TargetRow:
    plan: str
    problem: str
    insats: str
    indicator: str
    baseline: str
    target: str
    latest: str
    status: Status


@dataclass
class PromiseRow:
    omrade: str
    promise: str
    planned: str
    achieved: str
    status: Status


@dataclass
class MaluppfyllelseData:
    public: bool
    targets: list[TargetRow]
    promises: list[PromiseRow]


def _status(row, *, with_reason: bool) -> Status:
    if not row.status:
        return Status(_("Not assessed yet"), "", "")
    word = str(row.get_status_display()).capitalize()
    return Status(word, row.status_symbol, row.status_reason if with_reason else "")


def _latest_values(atgarder, year: int) -> dict:
    """(indikator, område or None) → (year, value): the latest up to the report year."""
    wanted = {(a.indikator_id, a.indikator_omrade_id) for a in atgarder}
    latest = {}
    kommun = {i for i, omrade in wanted if omrade is None}
    rows = Indikatorvarde.objects.filter(
        indikator_id__in=kommun, year__lte=year, value__isnull=False
    ).order_by("year")
    for row in rows.values("indikator_id", "year", "value"):
        latest[(row["indikator_id"], None)] = (row["year"], row["value"])
    areas = {(i, omrade) for i, omrade in wanted if omrade is not None}
    if areas:
        rows = Omradesvarde.objects.public().filter(
            indikator_id__in={i for i, _o in areas},
            omrade_id__in={o for _i, o in areas},
            year__lte=year,
        )
        for row in rows.order_by("year").values("indikator_id", "omrade_id", "year", "value"):
            if (row["indikator_id"], row["omrade_id"]) in areas:
                latest[(row["indikator_id"], row["omrade_id"])] = (row["year"], row["value"])
    return latest


def _with_year(indikator, value, year) -> str:
    if value is None:
        return "–"
    text = indikator.format_value(value)
    return f"{text} ({year})" if year else text


def _targets(context: ReportContext) -> list[TargetRow]:
    atgarder = Atgard.objects.filter(
        indikator__isnull=False,
        atgardsplan__period_start__lte=context.last_day,
        atgardsplan__period_end__gte=context.first_day,
    )
    if context.public:
        atgarder = atgarder.filter(
            Q(atgardsplan__in=_published_plans()),
            problem__is_public=True,
            insats__in=context.insatser_queryset(),
        )
    atgarder = list(
        atgarder.select_related(
            "atgardsplan", "problem", "insats", "indikator", "indikator_omrade"
        ).order_by("atgardsplan__period_start", "atgardsplan__title", "problem__priority", "pk")[
            :MAX_TARGETS
        ]
    )
    latest = _latest_values(atgarder, context.year)
    rows = []
    for atgard in atgarder:
        indikator = atgard.indikator
        year, value = latest.get((atgard.indikator_id, atgard.indikator_omrade_id), (None, None))
        name = indikator.name
        if atgard.indikator_omrade_id:
            name = f"{name} ({atgard.indikator_omrade.name})"
        rows.append(
            TargetRow(
                plan=atgard.atgardsplan.title,
                problem=atgard.problem.title,
                insats=atgard.insats.title,
                indicator=name,
                baseline=_with_year(indikator, atgard.baseline, atgard.baseline_year),
                target=_with_year(indikator, atgard.target, atgard.target_year),
                latest=_with_year(indikator, value, year) if value is not None else _("No value"),
                status=_status(atgard, with_reason=not context.public),
            )
        )
    return rows


def _published_plans():
    from lagesbild.models import Atgardsplan

    return Atgardsplan.objects.filter(access.PUBLISHED_PLAN)


def _promises(context: ReportContext) -> list[PromiseRow]:
    sets = Medborgarloften.objects.filter(year=context.year).select_related("omrade")
    if context.public:
        sets = sets.filter(access.PUBLISHED_LOFTEN)
    sets = list(sets.order_by("omrade__name")[:MAX_PROMISE_SETS])
    promises = lofte_rows_of_sets(sets, public=context.public)
    rows = []
    for loften in sets:
        for row in promises[loften.pk]:
            achieved = "–" if row.achieved is None else str(row.achieved)
            rows.append(
                PromiseRow(
                    omrade=loften.omrade.name,
                    promise=row.lofte.promise,
                    planned=row.lofte.planned_output,
                    achieved=achieved,
                    status=_status(row.lofte, with_reason=True),
                )
            )
    return rows


@section("maluppfyllelse", order=75, title=lambda: _("Targets and citizen promises"))
def build(context: ReportContext):
    return MaluppfyllelseData(
        public=context.public, targets=_targets(context), promises=_promises(context)
    )
