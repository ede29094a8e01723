"""EST reporting from a phone: report, correct or withdraw, and the coordinator's places.

The form works as a plain POST; est-rapport.js sends the same form with fetch (asking for
JSON) and queues it in the browser while there is no connection. A sending key the server
has seen means the report already arrived: the answer is success and nothing is saved again.
"""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lagesbild.est_forms import MergeForm, RapportForm
from lagesbild.models import EstPlats, Handelserapport, iso_week_of
from lagesbild.rules import coordinated_est_groups_q
from organisation.models import Organtillhorighet
from organisation.rules import require
from samverkan.models import Samverkansgrupp

REPORT_RELATED = ["grupp", "omrade", "plats", "kategori", "organ"]


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _organ_of(user):
    tillhorighet = Organtillhorighet.objects.filter(user=user).select_related("organ").first()
    return tillhorighet.organ if tillhorighet else None


def _my_reports_this_week(user):
    """The reporter's own reports made this ISO week: the ones they may still correct."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return (
        Handelserapport.objects.visible_to(user)
        .filter(reporter=user, created_at__date__gte=monday)
        .select_related(*REPORT_RELATED)
        .order_by("-created_at", "-pk")
    )


def _received(request, report):
    """The answer to a report that arrived, whether now or on an earlier attempt."""
    if report is not None and report.reporter_id == request.user.pk:
        url = reverse("lagesbild:est_kvitto", args=[report.pk])
    else:
        url = reverse("lagesbild:est_rapportera")
    if _wants_json(request):
        return JsonResponse({"received": True, "url": url})
    messages.success(request, _("The report has been received."))
    return redirect(url)


def _save_new_report(form):
    """Save once per sending key: a concurrent second attempt finds the first one's row."""
    try:
        with transaction.atomic():
            report = form.save(commit=False)
            report.plats = form.place()
            report.save()
    except IntegrityError:
        key = form.cleaned_data.get("client_key")
        if key is None:
            raise
        return Handelserapport.objects.filter(client_key=key).first()
    return report


@require_http_methods(["GET", "HEAD", "POST"])
def rapportera(request):
    user = request.user
    require(user, "lagesbild.report_est")
    organ = _organ_of(user)
    form = None
    if organ is not None:
        if request.method == "POST":
            key = _client_key(request.POST)
            earlier = key and Handelserapport.objects.filter(client_key=key).first()
            if earlier:
                return _received(request, earlier)
            form = RapportForm(request.POST, user=user, organ=organ)
            if form.is_valid():
                return _received(request, _save_new_report(form))
            if _wants_json(request):
                return JsonResponse(
                    {"received": False, "errors": form.errors.get_json_data()}, status=400
                )
        else:
            form = RapportForm(user=user, organ=organ)
            form.initial_from_last()
    elif request.method == "POST" and _wants_json(request):
        return JsonResponse({"received": False, "errors": {}}, status=400)
    reports = list(_my_reports_this_week(user))
    for report in reports:
        report.may_change = user.has_perm("lagesbild.change_handelserapport", report)
    return render(
        request,
        "lagesbild/est/rapport_form.html",
        {
            "form": form,
            "organ": organ,
            "my_reports": reports,
            "week": iso_week_of(timezone.localdate()),
        },
    )


def _client_key(data) -> uuid.UUID | None:
    try:
        return uuid.UUID(data.get("client_key", "").strip())
    except ValueError:
        return None


def _own_report(request, pk):
    return get_object_or_404(
        Handelserapport.objects.visible_to(request.user).select_related(*REPORT_RELATED), pk=pk
    )


@require_safe
def kvitto(request, pk):
    report = _own_report(request, pk)
    require(request.user, "lagesbild.view_handelserapport", report)
    return render(
        request,
        "lagesbild/est/rapport_kvitto.html",
        {
            "report": report,
            "may_change": request.user.has_perm("lagesbild.change_handelserapport", report),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def andra(request, pk):
    report = _own_report(request, pk)
    require(request.user, "lagesbild.change_handelserapport", report)
    if request.method == "POST":
        form = RapportForm(request.POST, instance=report, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                report = form.save(commit=False)
                report.plats = form.place()
                report.save()
            messages.success(request, _("The report has been corrected."))
            return redirect("lagesbild:est_kvitto", report.pk)
    else:
        form = RapportForm(instance=report, user=request.user)
    return render(request, "lagesbild/est/rapport_andra.html", {"form": form, "report": report})


@require_POST
def dra_tillbaka(request, pk):
    report = _own_report(request, pk)
    require(request.user, "lagesbild.change_handelserapport", report)
    report.withdrawn_at = timezone.now()
    report.save()
    messages.success(request, _("The report has been withdrawn. It no longer counts."))
    return redirect("lagesbild:est_rapportera")


# --- The coordinator's places ---------------------------------------------------------


def _coordinated_group(request, slug):
    # The area's coordinator need not be a member of the group to keep its places.
    grupp = get_object_or_404(
        Samverkansgrupp.objects.filter(coordinated_est_groups_q(request.user)), slug=slug
    )
    require(request.user, "lagesbild.coordinate_est_group", grupp)
    return grupp


def _proposed_place(grupp, pk):
    return get_object_or_404(
        EstPlats.objects.filter(
            status=EstPlats.Status.FORESLAGEN, omrade__in=grupp.omraden.all()
        ).select_related("omrade"),
        pk=pk,
    )


@require_safe
def platser(request, slug):
    grupp = _coordinated_group(request, slug)
    districts = grupp.omraden.all()
    places = list(
        EstPlats.objects.filter(status=EstPlats.Status.FORESLAGEN, omrade__in=districts)
        .select_related("omrade", "proposed_by")
        .order_by("omrade__name", "name")
    )
    # One query for every place's merge targets, however many places wait.
    approved = list(EstPlats.objects.approved().filter(omrade__in=districts).order_by("name"))
    for place in places:
        place.targets = [target for target in approved if target.omrade_id == place.omrade_id]
    return render(request, "lagesbild/est/rapport_platser.html", {"grupp": grupp, "places": places})


@require_POST
def godkann_plats(request, slug, pk):
    grupp = _coordinated_group(request, slug)
    with transaction.atomic():
        place = _proposed_place(grupp, pk)
        place.status = EstPlats.Status.GODKAND
        place.save(update_fields=["status"])
    messages.success(request, _("“%(place)s” is approved.") % {"place": place.name})
    return redirect("lagesbild:est_platser", grupp.slug)


@require_POST
def sammanfor_plats(request, slug, pk):
    grupp = _coordinated_group(request, slug)
    place = _proposed_place(grupp, pk)
    form = MergeForm(request.POST, place=place)
    if not form.is_valid():
        messages.error(request, _("Choose an approved place in the same district to merge into."))
        return redirect("lagesbild:est_platser", grupp.slug)
    target = form.cleaned_data["target"]
    with transaction.atomic():
        place = EstPlats.objects.select_for_update().get(pk=place.pk)
        # Saved one by one so each moved report keeps its history entry.
        for report in Handelserapport.objects.filter(plats=place).select_for_update():
            report.plats = target
            report.save()
        place.atgarder.update(plats=target)
        place.prioriteringar.update(plats=target)
        place.status = EstPlats.Status.SAMMANFORD
        place.merged_into = target
        place.save(update_fields=["status", "merged_into"])
    messages.success(
        request,
        _("“%(place)s” is merged into “%(target)s”; its reports moved with it.")
        % {"place": place.name, "target": target.name},
    )
    return redirect("lagesbild:est_platser", grupp.slug)
