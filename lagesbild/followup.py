"""How an åtgärdsplan is going: each problem with the insatser answering it, and what is behind.

Reads only; the views of the plan and the annual report both use them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.models import Atgard, Atgardsplan, Problem
from samverkan.models import Insats, Uppfoljning

FOLLOWUP_OVERDUE_DAYS = 90


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
    today = today or timezone.localdate()
    atgarder = plan.atgarder.select_related("owner").order_by("insats__title", "pk")
    atgarder = list(atgarder)
    seen = {
        insats.pk: insats
        for insats in _insatser_with_followup(insatser, uppfoljningar).filter(
            pk__in=[a.insats_id for a in atgarder]
        )
    }
    by_problem = defaultdict(list)
    for atgard in atgarder:
        insats = seen.get(atgard.insats_id)
        by_problem[atgard.problem_id].append(
            InsatsFollowup(
                atgard=atgard,
                insats=insats,
                latest_followup=insats.latest_followup if insats else None,
                latest_done=(insats.latest_done or "") if insats else "",
                behind=behind_reasons(insats, today=today) if insats else [],
            )
        )
    problems = plan.lagesbild.problems.select_related(
        "owner", "omrade", "stallningstagande__other_actor"
    ).order_by("priority")
    return [ProblemFollowup(problem=p, insatser=by_problem.get(p.pk, [])) for p in problems]
