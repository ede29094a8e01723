"""The analyst's assessed status in the workspace: an åtgärdsplan's targets and medborgarlöften.

Who may set a status is ``lagesbild.assess_status`` (lagesbild/rules.py). A target is
reached through its plan, so a plan the user may not read answers 404 and a readable
plan without the right to assess 403. The medborgarlöften tracker lists every set, drafts
included, for ``lagesbild.view_loften_workspace``.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lagesbild.bedomning import BedomningForm, save_status
from lagesbild.loften import MAX_LOFTEN
from lagesbild.models import Atgard, Atgardsplan, Lofte, Medborgarloften
from organisation.rules import require

# Sets of promises on the tracker: a few områden a year; the cap keeps the page bounded.
MAX_TRACKER_SETS = 60


@require_http_methods(["GET", "POST"])
def atgard_status(request, pk, atgard_pk):
    plan = get_object_or_404(Atgardsplan.objects.visible_to(request.user), pk=pk)
    atgard = get_object_or_404(
        Atgard.objects.select_related("problem", "insats", "indikator", "status_set_by"),
        pk=atgard_pk,
        atgardsplan=plan,
        # Only a measure with an effect indicator has a target whose status can be assessed.
        indikator__isnull=False,
    )
    require(request.user, "lagesbild.assess_status", atgard)
    # As on the plan's page: an insats the user may not read is not named.
    if request.user.has_perm("samverkan.view_insats", atgard.insats):
        insats = atgard.insats.title
    else:
        insats = _("an intervention you do not have access to")
    return _status_form(
        request,
        atgard,
        heading=_("Assess the target: %(problem)s – %(insats)s")
        % {"problem": atgard.problem.title, "insats": insats},
        back_url=reverse("lagesbild:atgardsplan", kwargs={"pk": plan.pk}),
        back_label=plan.title,
    )


@require_http_methods(["GET", "POST"])
def lofte_status(request, pk):
    # Promises of draft sets are internal: outside the tracker's readers they do not exist.
    if not request.user.has_perm("lagesbild.view_loften_workspace"):
        raise Http404
    lofte = get_object_or_404(
        Lofte.objects.select_related("medborgarloften__omrade", "status_set_by"), pk=pk
    )
    require(request.user, "lagesbild.assess_status", lofte)
    loften = lofte.medborgarloften
    return _status_form(
        request,
        lofte,
        heading=_("Assess the promise: %(promise)s") % {"promise": lofte.promise},
        back_url=reverse("lagesbild:loften_arbetsyta") + f"#loften-{loften.pk}",
        back_label=f"{loften.title} ({loften.omrade.name} {loften.year})",
    )


def _status_form(request, row, *, heading, back_url, back_label):
    form = BedomningForm(request.POST if request.method == "POST" else None, instance=row)
    if form.is_bound and form.is_valid() and save_status(form, user=request.user):
        messages.success(request, _("The assessed status was saved."))
        return redirect(back_url)
    history = row.history.select_related("history_user").order_by("-history_date")[:20]
    context = {
        "form": form,
        "row": row,
        "heading": heading,
        "back_url": back_url,
        "back_label": back_label,
        "history": history,
    }
    return render(request, "lagesbild/bedomning_form.html", context)


@require_safe
def loften_arbetsyta(request):
    require(request.user, "lagesbild.view_loften_workspace")
    promises = Lofte.objects.select_related("party", "status_set_by").order_by("order", "pk")
    sets = list(
        Medborgarloften.objects.select_related("omrade")
        .prefetch_related(Prefetch("loften", queryset=promises, to_attr="promises"))
        .order_by("-year", "omrade__name")[:MAX_TRACKER_SETS]
    )
    for loften in sets:
        loften.promises = loften.promises[:MAX_LOFTEN]
    context = {
        "sets": sets,
        "can_assess": request.user.has_perm("lagesbild.assess_status"),
        "capped": len(sets) == MAX_TRACKER_SETS,
    }
    return render(request, "lagesbild/loften_arbetsyta.html", context)
