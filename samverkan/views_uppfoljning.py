"""Correcting and removing a follow-up in the workspace.

The follow-up's author and the insats's editors may (``samverkan.change_uppfoljning``);
every change and the removal are kept in the follow-up's history (django-simple-history),
and a follow-up made public afterwards passes the publication guard (the form and the
model's save both refuse a personnummer in public text).
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from organisation.publication import warn_author
from organisation.rules import require
from samverkan.forms import UppfoljningForm
from samverkan.models import Uppfoljning

VERSIONS_SHOWN = 20


def _uppfoljning(request, pk, uppfoljning_pk, perm):
    """404 when the user may not see it, 403 when they may see but not change it."""
    entry = get_object_or_404(
        Uppfoljning.objects.visible_to(request.user).select_related("insats"),
        pk=uppfoljning_pk,
        insats_id=pk,
    )
    require(request.user, perm, entry)
    return entry


def _heading(entry):
    return _("Follow-up of %(date)s") % {"date": entry.date}


@require_http_methods(["GET", "POST"])
def uppfoljning_edit(request, pk, uppfoljning_pk):
    entry = _uppfoljning(request, pk, uppfoljning_pk, "samverkan.change_uppfoljning")
    form = UppfoljningForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The follow-up was saved."))
        warn_author(request, entry)
        return redirect("samverkan:arbetsyta_insats", pk=entry.insats_id)
    versions = entry.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "samverkan/child_form.html",
        {
            "form": form,
            "insats": entry.insats,
            "heading": _heading(entry),
            "uppfoljning": entry,
            "versions": versions[:VERSIONS_SHOWN],
        },
    )


@require_http_methods(["GET", "POST"])
def uppfoljning_delete(request, pk, uppfoljning_pk):
    """A confirmation page, then the removal: works without JavaScript."""
    entry = _uppfoljning(request, pk, uppfoljning_pk, "samverkan.delete_uppfoljning")
    if request.method == "POST":
        insats_pk = entry.insats_id
        with transaction.atomic():
            entry.delete()
        messages.success(request, _("The follow-up was deleted. Its history is kept."))
        return redirect("samverkan:arbetsyta_insats", pk=insats_pk)
    return render(
        request,
        "samverkan/uppfoljning_delete.html",
        {"insats": entry.insats, "uppfoljning": entry, "heading": _heading(entry)},
    )
