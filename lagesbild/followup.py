"""How an åtgärdsplan is going: each problem with the insatser answering it, and what is behind.

Reads only; the views of the plan and the annual report both use them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.models import Atgard, Atgardsplan, Problem
from samverkan.models import Insats, Uppfoljning

FOLLOWUP_OVERDUE_DAYS = 90


@dataclass
class InsatsFollowup:
    atgard: Atgard
    insats: Insats
    latest_followup: date | None
    latest_done: str
    behind: list[str]


@dataclass
class ProblemFollowup:
    problem: Problem
    insatser: list[InsatsFollowup]

    @property
    def unanswered(self) -> bool:
        return not self.insatser

    @property
    def behind(self) -> bool:
        return any(entry.behind for entry in self.insatser)


def _insatser_with_followup():
    latest = Uppfoljning.objects.filter(insats=OuterRef("pk")).order_by("-date", "-pk")
    return (
        Insats.objects.with_latest_followup()
        .annotate(latest_done=Subquery(latest.values("done")[:1]))
        .select_related("samverkansomrade")
    )


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


def plan_problems(*, plan: Atgardsplan, today: date | None = None) -> list[ProblemFollowup]:
    """Each problem of the plan's lägesbild with the insatser answering it and how they go.

    A fixed number of queries however many problems and åtgärder the plan has.
    """
    today = today or timezone.localdate()
    atgarder = (
        plan.atgarder.select_related("owner")
        .prefetch_related(Prefetch("insats", queryset=_insatser_with_followup()))
        .order_by("insats__title", "pk")
    )
    by_problem = defaultdict(list)
    for atgard in atgarder:
        insats = atgard.insats
        by_problem[atgard.problem_id].append(
            InsatsFollowup(
                atgard=atgard,
                insats=insats,
                latest_followup=insats.latest_followup,
                latest_done=insats.latest_done or "",
                behind=behind_reasons(insats, today=today),
            )
        )
    problems = plan.lagesbild.problems.select_related("owner", "omrade").order_by("priority")
    return [ProblemFollowup(problem=p, insatser=by_problem.get(p.pk, [])) for p in problems]
