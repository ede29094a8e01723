"""The public tracker of medborgarlöften: per year, and per year and område.

Only published promises (``Medborgarloften.objects.published()``, ``PUBLISHED_LOFTEN`` in
``lagesbild/rules.py``) reach these pages; the output achieved counts only public
activities, and an insats is linked only when it is public.
"""

from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from lagesbild.loften import lofte_rows
from lagesbild.models import Medborgarloften
from samverkan.models import Insats

# Years × områden stay small; the cap keeps the page bounded however many there are.
MAX_SETS = 500


def _published():
    return Medborgarloften.objects.published().select_related("omrade")


@login_not_required
@require_safe
def public_list(request):
    sets = list(_published().order_by("-year", "omrade__name")[:MAX_SETS])
    years = [(year, list(group)) for year, group in groupby(sets, key=lambda s: s.year)]
    return render(request, "lagesbild/medborgarloften_list.html", {"years": years})


@login_not_required
@require_safe
def public_detail(request, year, slug):
    loften = get_object_or_404(
        _published().select_related("atgardsplan").prefetch_related("parties"),
        year=year,
        omrade__slug=slug,
    )
    rows = lofte_rows(loften, public=True)
    public_insatser = set(
        Insats.objects.published()
        .filter(pk__in={row.lofte.insats_id for row in rows if row.lofte.insats_id})
        .values_list("pk", flat=True)
    )
    plan = loften.atgardsplan if loften.atgardsplan_id else None
    if plan is not None and not plan.is_published:
        plan = None
    context = {
        "loften": loften,
        "rows": rows,
        "public_insatser": public_insatser,
        "plan": plan,
        "other_years": Medborgarloften.objects.published()
        .filter(omrade_id=loften.omrade_id)
        .exclude(pk=loften.pk)
        .order_by("-year")
        .values_list("year", flat=True)[:20],
    }
    return render(request, "lagesbild/medborgarloften_detail.html", context)


def omrade_section(request, omrade) -> str:
    """The område page's promises (registered in LagesbildConfig.ready)."""
    sets = list(_published().filter(omrade=omrade).order_by("-year")[:20])
    if not sets:
        return ""
    return render_to_string(
        "lagesbild/partials/omrade_medborgarloften.html",
        {"omrade": omrade, "sets": sets},
        request=request,
    )
