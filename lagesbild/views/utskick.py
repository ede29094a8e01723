"""The official's reminder setting: daily, weekly or no digest."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lagesbild.models import Paminnelseinstallning


class PaminnelseForm(forms.ModelForm):
    class Meta:
        model = Paminnelseinstallning
        fields = ["frekvens"]
        widgets = {"frekvens": forms.RadioSelect}


@require_http_methods(["GET", "HEAD", "POST"])
def paminnelser(request):
    """Every signed-in official keeps their own setting; no row means weekly."""
    setting = Paminnelseinstallning.objects.filter(user=request.user).first()
    setting = setting or Paminnelseinstallning(user=request.user)
    form = PaminnelseForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder setting is saved."))
        return redirect("lagesbild:paminnelser")
    return render(
        request,
        "lagesbild/utskick/paminnelser.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
