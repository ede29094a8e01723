"""The published åtgärdsplaner, and publishing them from the workspace.

Residents read an adopted, published plan's title, period and decision, the titles of its
lägesbild's public problems, the public insatser answering them and the measures'
indicators and targets (``lagesbild/rules.py``, ``PUBLISHED_PLAN``). Expected effects,
positions' reasons, internal problems, internal or draft insatser never leave the database
here: the queries select only public rows and only the columns shown.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lagesbild.followup import indicator_progress, latest_indicator_values
from lagesbild.models import Atgard, Atgardsplan, Medborgarloften, Problem, Stallningstagande
from lagesbild.services import publish_plan, unpublish_plan
from organisation.public_cache import INSATSER, LAGESBILDER, NYCKELTAL, public_page
from organisation.rules import require
from samverkan.models import Insats

PLAN_COLUMNS = [
    "title",
    "period_start",
    "period_end",
    "status",
    "adopted_on",
    "adopted_diarienummer",
    "adopted_paragraph",
    "published_at",
    "lagesbild",
    "adopted_by",
    "adopted_by__name",
]


def _published_plans():
    return Atgardsplan.objects.published().select_related("adopted_by").only(*PLAN_COLUMNS)


@login_not_required
@require_safe
@public_page(LAGESBILDER, INSATSER)
def public_plans(request):
    plans = _published_plans().order_by("-period_start", "title")
    return render(request, "lagesbild/public_plans.html", {"plans": plans})


@login_not_required
@require_safe
@public_page(LAGESBILDER, INSATSER, NYCKELTAL)
def public_plan(request, pk):
    plan = get_object_or_404(_published_plans(), pk=pk)
    problems = list(
        Problem.objects.filter(lagesbild_id=plan.lagesbild_id, is_public=True)
        .only("pk", "title", "priority")
        .order_by("priority")
    )
    kinds = dict(
        Stallningstagande.objects.filter(problem__in=problems).values_list("problem_id", "kind")
    )
    atgarder = list(
        Atgard.objects.filter(
            atgardsplan=plan, problem__in=problems, insats__in=Insats.objects.published()
        )
        .select_related("insats", "indikator", "indikator_omrade")
        .only(
            "problem",
            "insats",
            "time_horizon",
            "indikator",
            "indikator_omrade",
            "baseline",
            "target",
            "target_year",
            "insats__title",
            "insats__slug",
            "indikator__name",
            "indikator__unit",
            "indikator__kind",
            "indikator__decimals",
            "indikator__lower_is_better",
            "indikator__code",
            "indikator_omrade__name",
        )
        .order_by("insats__title", "pk")
    )
    latest = latest_indicator_values(atgarder, public=True)
    by_problem = defaultdict(list)
    for atgard in atgarder:
        by_problem[atgard.problem_id].append(
            {"atgard": atgard, "indicator": indicator_progress(atgard, latest)}
        )
    rows = [
        {
            "problem": problem,
            "measures": by_problem.get(problem.pk, []),
            "kind": Stallningstagande.Kind(kinds[problem.pk]).label if problem.pk in kinds else "",
        }
        for problem in problems
    ]
    loften = (
        Medborgarloften.objects.published()
        .filter(atgardsplan=plan)
        .select_related("omrade")
        .order_by("-year", "omrade__name")[:50]
    )
    context = {"plan": plan, "rows": rows, "loften": loften}
    return render(request, "lagesbild/public_plan.html", context)


def _editable_plan(request, pk):
    plan = get_object_or_404(
        Atgardsplan.objects.visible_to(request.user).select_related("lagesbild"), pk=pk
    )
    require(request.user, "lagesbild.publish_atgardsplan", plan)
    return plan


@require_POST
def atgardsplan_publish(request, pk):
    plan = _editable_plan(request, pk)
    try:
        publish_plan(plan=plan, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "The action plan is published. Residents see its public problems, public "
                "interventions and targets."
            ),
        )
    return redirect("lagesbild:atgardsplan", pk=plan.pk)


@require_POST
def atgardsplan_unpublish(request, pk):
    plan = _editable_plan(request, pk)
    unpublish_plan(plan=plan, user=request.user)
    messages.success(request, _("The action plan is no longer published."))
    return redirect("lagesbild:atgardsplan", pk=plan.pk)
