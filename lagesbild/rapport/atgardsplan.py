"""The action plans in force and how their insatser went (internal edition only has the plans)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from lagesbild.followup import for_internal_report, plans_problems
from lagesbild.models import Atgardsplan
from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section


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


@section("atgardsplan", order=70, title=lambda: _("The action plan and how its interventions went"))
def build(context: ReportContext):
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
        in_force = list(in_force)
        followed = plans_problems(in_force, today=context.today, **for_internal_report())
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
                        for entry in followed[plan.pk]
                    ],
                )
            )
    return AtgardsplanData(public=context.public, plans=plans)
