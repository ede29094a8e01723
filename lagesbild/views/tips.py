"""The residents' side of tips: the form, the receipt and the private status page.

No login. Nothing the resident's browser or address says is stored with the tip; the
address is only counted, hashed, in the shared cache (lagesbild/tips_abuse.py).
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from lagesbild import tips_abuse
from lagesbild.models import Tips
from lagesbild.tips_forms import TipsForm
from lagesbild.tips_services import submit_tip
from organisation.models import Kommun


def _render_form(request, form, status=200, refusal=""):
    return render(
        request,
        "lagesbild/tips/form.html",
        {
            "form": form,
            "opened": tips_abuse.form_opened_token(),
            "refusal": refusal,
            "fault_report_url": getattr(Kommun.objects.first(), "fault_report_url", ""),
        },
        status=status,
    )


def _not_a_person(request) -> bool:
    payload = request.POST.get("altcha", "")
    if payload:
        # With JavaScript: the proof of work decides; a forged or replayed one is refused
        # even if the no-JavaScript checks would pass.
        return not tips_abuse.proof_of_work_ok(payload)
    return not tips_abuse.filled_by_a_person(
        request.POST.get("opened", ""), request.POST.get("website", "")
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def tips_form(request):
    if request.method != "POST":
        return _render_form(request, TipsForm())
    if tips_abuse.over_rate_limit(request):
        return _render_form(
            request,
            TipsForm(request.POST),
            status=429,
            refusal=_(
                "Many tips have been sent from your connection in a short time, so this one "
                "was not received. The tips you sent earlier have arrived. Wait an hour and "
                "try again."
            ),
        )
    form = TipsForm(request.POST, request.FILES)
    if _not_a_person(request):
        return _render_form(
            request,
            form,
            status=400,
            refusal=_(
                "The check that the tip was sent by a person did not succeed, so it was not "
                "received. Check your answers and send the tip again."
            ),
        )
    if not form.is_valid():
        return _render_form(request, form, status=400)
    tip = submit_tip(tip=form.save(commit=False))
    return redirect("lagesbild:tips_kvitto", token=tip.status_token)


@login_not_required
@never_cache
@require_safe
def tips_challenge(request):
    """A fresh proof-of-work challenge for the widget."""
    return JsonResponse(tips_abuse.new_challenge())


def _tip_by_token(token: str) -> Tips:
    # A full-length token only: a short one cannot match, and is not looked up.
    if len(token) < 40:
        raise Http404
    tip = (
        Tips.objects.select_related("arende", "omrade", "arende__est_rapport")
        .filter(status_token=token)
        .first()
    )
    if tip is None:
        raise Http404
    return tip


@login_not_required
@never_cache
@require_safe
def tips_kvitto(request, token):
    tip = _tip_by_token(token)
    status_url = request.build_absolute_uri(reverse("lagesbild:tips_status", args=[token]))
    return render(request, "lagesbild/tips/kvitto.html", {"tip": tip, "status_url": status_url})


@login_not_required
@never_cache
@require_safe
def tips_status(request, token):
    tip = _tip_by_token(token)
    arende = tip.arende
    return render(
        request,
        "lagesbild/tips/status.html",
        {
            "tip": tip,
            "arende": arende,
            "in_lagesbild": arende.problems.exists(),
            "in_est": arende.est_rapport_id is not None,
        },
    )
