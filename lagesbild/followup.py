"""How an åtgärdsplan is going: each problem with the insatser answering it, and what is behind.

Reads only; the views of the plan and the annual report both use them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.models import Atgard, Atgardsplan, Indikator, Indikatorvarde, Problem
from samverkan.models import Insats, Uppfoljning

FOLLOWUP_OVERDUE_DAYS = 90


@dataclass
class IndicatorProgress:
    """A measure's effect indicator: baseline, target and the latest value against them."""

    indikator: Indikator
    omrade_name: str
    baseline: Decimal | None
    target: Decimal
    latest_year: int | None
    latest_value: Decimal | None

    @property
    def lower_is_better(self) -> bool:
        if self.indikator.lower_is_better is not None:
            return self.indikator.lower_is_better
        # Without a declared direction, the target says which way the measure should go.
        return self.baseline is not None and self.target < self.baseline

    @property
    def reached(self) -> bool | None:
        """None while there is no value to compare with."""
        if self.latest_value is None:
            return None
        if self.lower_is_better:
            return self.latest_value <= self.target
        return self.latest_value >= self.target

    def shown(self, value: Decimal | None) -> str:
        return "–" if value is None else self.indikator.format_value(value)

    @property
    def baseline_text(self) -> str:
        return self.shown(self.baseline)

    @property
    def target_text(self) -> str:
        return self.shown(self.target)

    @property
    def latest_text(self) -> str:
        return self.shown(self.latest_value)


def _area_value_model():
    """The model of per-område values (``Omradesvarde``), once the app has it."""
    try:
        return apps.get_model("lagesbild", "Omradesvarde")
    except LookupError:
        return None


def latest_indicator_values(
    atgarder, *, public: bool = False
) -> dict[tuple[int, int | None], tuple[int, Decimal]]:
    """(indikator, område or None) → (year, value) of the latest value; two queries at most.

    The kommun's values come from ``Indikatorvarde``, an område's from the per-område
    values; ``public`` keeps to those any public output may show (no small samples). An
    område without such values has no value, rather than the kommun's in its place.
    """
    wanted = {(a.indikator_id, a.indikator_omrade_id) for a in atgarder if a.indikator_id}
    latest = {}
    kommun = {indikator for indikator, omrade in wanted if omrade is None}
    if kommun:
        rows = Indikatorvarde.objects.filter(indikator_id__in=kommun, value__isnull=False)
        for row in rows.order_by("year").values("indikator_id", "year", "value"):
            latest[(row["indikator_id"], None)] = (row["year"], row["value"])
    areas = {(indikator, omrade) for indikator, omrade in wanted if omrade is not None}
    model = _area_value_model()
    if areas and model is not None:
        rows = model.objects.public() if public else model.objects.all()
        rows = rows.filter(
            indikator_id__in={indikator for indikator, _omrade in areas},
            omrade_id__in={omrade for _indikator, omrade in areas},
        )
        for row in rows.order_by("year").values("indikator_id", "omrade_id", "year", "value"):
            key = (row["indikator_id"], row["omrade_id"])
            if key in areas:
                latest[key] = (row["year"], row["value"])
    return latest


def indicator_progress(atgard, latest) -> IndicatorProgress | None:
    if not atgard.indikator_id:
        return None
    year, value = latest.get((atgard.indikator_id, atgard.indikator_omrade_id), (None, None))
    return IndicatorProgress(
        indikator=atgard.indikator,
        omrade_name=atgard.indikator_omrade.name if atgard.indikator_omrade_id else "",
        baseline=atgard.baseline,
        target=atgard.target,
        latest_year=year,
        latest_value=value,
    )


@dataclass
class InsatsFollowup:
    """One insats answering a problem, as far as the reader may see it.

    ``insats`` is None when the reader may not see the linked insats: the plan then says
    that an insats they have no access to answers the problem, and nothing else of it.
    """

    atgard: Atgard
    insats: Insats | None
    latest_followup: date | None
    latest_done: str
    behind: list[str]
    indicator: IndicatorProgress | None = None

    @property
    def hidden(self) -> bool:
        return self.insats is None


@dataclass
class ProblemFollowup:
    problem: Problem
    insatser: list[InsatsFollowup]

    @property
    def position(self):
        """The kommun's position on the problem, or None."""
        return getattr(self.problem, "stallningstagande", None)

    @property
    def unanswered(self) -> bool:
        """No position at all: no insatser (a measure in a plan is the position "insatser
        planned"), no "no new measure needed", no other actor."""
        return self.position is None and not self.insatser

    @property
    def planned_without_measure(self) -> bool:
        """Insatser are said to be planned, but this plan links none to the problem."""
        position = self.position
        return position is not None and position.kind == "insatser" and not self.insatser

    @property
    def behind(self) -> bool:
        return any(entry.behind for entry in self.insatser)


def _insatser_with_followup(insatser, uppfoljningar):
    latest = uppfoljningar.filter(insats=OuterRef("pk")).order_by("-date", "-pk")
    return insatser.annotate(
        latest_followup=Subquery(latest.values("date")[:1]),
        latest_done=Subquery(latest.values("done")[:1]),
    ).select_related("samverkansomrade")


def readable_by(user) -> dict:
    """The insatser and follow-ups a reader of a plan may see, for ``plan_problems``."""
    return {
        "insatser": Insats.objects.visible_to(user),
        "uppfoljningar": Uppfoljning.objects.visible_to(user),
    }


def for_internal_report() -> dict:
    """The internal annual report is read by the roles that see every insats."""
    return {"insatser": Insats.objects.all(), "uppfoljningar": Uppfoljning.objects.all()}


def behind_reasons(insats: Insats, *, today: date) -> list[str]:
    """What is behind with an insats that answers a problem, in words for the officials."""
    reasons = []
    latest = getattr(insats, "latest_followup", None)
    if insats.archived_at is not None:
        reasons.append(_("The intervention is archived."))
    if insats.status == Insats.Status.INSTALLD:
        reasons.append(_("The intervention is cancelled."))
    if insats.status == Insats.Status.PAGAENDE:
        if latest is None:
            reasons.append(_("Never followed up."))
        elif latest < today - timedelta(days=FOLLOWUP_OVERDUE_DAYS):
            reasons.append(_("No follow-up for %(days)s days.") % {"days": (today - latest).days})
    if (
        insats.status == Insats.Status.PLANERAD
        and insats.start_date is not None
        and insats.start_date < today
    ):
        reasons.append(
            _("Planned to start on %(date)s but has not started.")
            % {"date": insats.start_date.isoformat()}
        )
    if (
        insats.status in {Insats.Status.PLANERAD, Insats.Status.PAGAENDE}
        and insats.end_date is not None
        and insats.end_date < today
    ):
        reasons.append(
            _("Planned to end on %(date)s but is not finished.")
            % {"date": insats.end_date.isoformat()}
        )
    return reasons


def plan_problems(
    *, plan: Atgardsplan, insatser, uppfoljningar, today: date | None = None
) -> list[ProblemFollowup]:
    """Each problem of the plan's lägesbild with the insatser answering it and how they go.

    ``insatser`` and ``uppfoljningar`` are what the reader may see (``readable_by(user)``);
    a linked insats outside them is listed without its title, status or follow-ups.
    A fixed number of queries however many problems and åtgärder the plan has.
    """
    return plans_problems([plan], insatser=insatser, uppfoljningar=uppfoljningar, today=today)[
        plan.pk
    ]


def plans_problems(
    plans, *, insatser, uppfoljningar, today: date | None = None
) -> dict[int, list[ProblemFollowup]]:
    """``plan_problems`` for several plans at once (plan pk → its problems), in the same
    fixed number of queries however many plans there are: the annual report has every plan
    in force during the year."""
    today = today or timezone.localdate()
    plans = list(plans)
    atgarder = list(
        Atgard.objects.filter(atgardsplan__in=[plan.pk for plan in plans])
        .select_related("owner", "indikator", "indikator_omrade")
        .order_by("insats__title", "pk")
    )
    latest = latest_indicator_values(atgarder)
    seen = {
        insats.pk: insats
        for insats in _insatser_with_followup(insatser, uppfoljningar).filter(
            pk__in=[a.insats_id for a in atgarder]
        )
    }
    by_problem = defaultdict(list)
    for atgard in atgarder:
        insats = seen.get(atgard.insats_id)
        by_problem[(atgard.atgardsplan_id, atgard.problem_id)].append(
            InsatsFollowup(
                atgard=atgard,
                insats=insats,
                latest_followup=insats.latest_followup if insats else None,
                latest_done=(insats.latest_done or "") if insats else "",
                behind=behind_reasons(insats, today=today) if insats else [],
                indicator=indicator_progress(atgard, latest),
            )
        )
    problems = defaultdict(list)
    rows = Problem.objects.filter(lagesbild__in={plan.lagesbild_id for plan in plans})
    for problem in rows.select_related("owner", "stallningstagande__other_actor").order_by(
        "priority", "pk"
    ):
        problems[problem.lagesbild_id].append(problem)
    return {
        plan.pk: [
            ProblemFollowup(problem=p, insatser=by_problem.get((plan.pk, p.pk), []))
            for p in problems[plan.lagesbild_id]
        ]
        for plan in plans
    }
