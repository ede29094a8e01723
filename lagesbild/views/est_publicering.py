"""Deciding which quarters of an EST group's counts become public figures.

A group the user does not read or coordinate answers 404; one they read but may not decide
for (a member) answers 403. The decision records who and when; withdrawing it is kept in its
history.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lagesbild import rules as access
from lagesbild.models import EstKvartalsbeslut
from organisation.rules import require
from samverkan.models import Samverkansgrupp


class EstKvartalsbeslutForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"), coerce=int, choices=[(q, f"K{q}") for q in range(1, 5)]
    )

    def __init__(self, *args, grupp, **kwargs):
        super().__init__(*args, **kwargs)
        self.grupp = grupp

    def clean(self):
        data = super().clean()
        if "year" in data and "quarter" in data:
            decision = EstKvartalsbeslut(
                grupp=self.grupp, year=data["year"], quarter=data["quarter"]
            )
            decision.clean()
            if EstKvartalsbeslut.objects.filter(
                grupp=self.grupp, year=data["year"], quarter=data["quarter"]
            ).exists():
                raise ValidationError(_("That quarter is already published."), code="exists")
        return data


@require_http_methods(["GET", "POST"])
def est_publicering(request, slug):
    grupp = get_object_or_404(
        Samverkansgrupp.objects.filter(access.coordinated_est_groups_q(request.user)), slug=slug
    )
    require(request.user, "lagesbild.publish_est_figures", grupp)
    today = timezone.localdate()
    last_quarter = (today.month - 1) // 3 or 4
    form = EstKvartalsbeslutForm(
        grupp=grupp,
        initial={
            "year": today.year if last_quarter < 4 else today.year - 1,
            "quarter": last_quarter,
        },
    )
    if request.method == "POST" and "withdraw" in request.POST:
        decision = get_object_or_404(grupp.est_kvartalsbeslut, pk=request.POST.get("withdraw"))
        decision._history_user = request.user
        decision.delete()
        messages.success(request, _("The quarter is no longer published."))
        return redirect("lagesbild:est_publicering", slug=grupp.slug)
    if request.method == "POST":
        form = EstKvartalsbeslutForm(request.POST, grupp=grupp)
        if form.is_valid():
            try:
                with transaction.atomic():
                    decision = EstKvartalsbeslut(
                        grupp=grupp,
                        year=form.cleaned_data["year"],
                        quarter=form.cleaned_data["quarter"],
                        decided_by=request.user,
                    )
                    decision._history_user = request.user
                    decision.save()
            except IntegrityError:
                form.add_error(None, _("That quarter is already published."))
            else:
                messages.success(request, _("The quarter's counts are now public figures."))
                return redirect("lagesbild:est_publicering", slug=grupp.slug)
    decisions = grupp.est_kvartalsbeslut.select_related("decided_by")
    context = {"grupp": grupp, "form": form, "decisions": decisions}
    return render(
        request, "lagesbild/est/publicering.html", context, status=400 if form.errors else 200
    )
