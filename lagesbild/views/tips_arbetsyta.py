"""The receivers' inbox of residents' tips: triage, notes, answers, EST and lägesbild."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lagesbild.models import Lagesbild, Problem, Tips, Tipsarende
from lagesbild.tips_forms import ArendeForm, CiteForm, EstReportForm, NoteForm
from lagesbild.tips_services import add_note, cite_on_problem, make_est_report, update_case
from lagesbild.views.est_rapport import _organ_of
from organisation.downloads import stored_file_response
from organisation.publication import add_errors
from organisation.rules import require

INBOX_LIMIT = 200


def _visible_case(request, pk) -> Tipsarende:
    arende = get_object_or_404(
        Tipsarende.objects.visible_to(request.user).select_related("omrade", "est_rapport"),
        pk=pk,
    )
    return arende


@require_safe
def inbox(request):
    require(request.user, "lagesbild.read_tips")
    status = request.GET.get("status", "open")
    cases = Tipsarende.objects.visible_to(request.user).select_related("omrade")
    if status == "open":
        cases = cases.open()
    elif status in Tipsarende.Status.values:
        cases = cases.filter(status=status)
    else:
        status = ""
    cases = cases.annotate(tip_count=Count("tips"), latest=Max("tips__created_at")).order_by(
        "-last_tip_at", "-pk"
    )[:INBOX_LIMIT]
    return render(
        request,
        "lagesbild/tips/inbox.html",
        {
            "cases": cases,
            "status": status,
            "statuses": Tipsarende.Status.choices,
            "limit": INBOX_LIMIT,
        },
    )


def _problems_for(user):
    """Problems of the lägesbilder the user may edit: only they cite evidence on them."""
    lagesbilder = Lagesbild.objects.filter(pk__in=_editable_lagesbild_ids(user))
    return Problem.objects.filter(lagesbild__in=lagesbilder).select_related("lagesbild")


def _editable_lagesbild_ids(user):
    from lagesbild.rules import editable_q

    return Lagesbild.objects.filter(editable_q(user)).values("pk")


@require_http_methods(["GET", "HEAD", "POST"])
def case_detail(request, pk):
    arende = _visible_case(request, pk)
    require(request.user, "lagesbild.view_tipsarende", arende)
    form = ArendeForm(instance=arende)
    note_form = NoteForm()
    if request.method == "POST":
        require(request.user, "lagesbild.change_tipsarende", arende)
        if "note" in request.POST:
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                add_note(arende=arende, note=note_form.save(commit=False), user=request.user)
                messages.success(request, _("The note has been saved."))
                return redirect("lagesbild:tips_arende", pk=arende.pk)
        else:
            form = ArendeForm(request.POST, instance=arende)
            if form.is_valid():
                try:
                    sent = update_case(arende=form.instance, closing=form.closing, request=request)
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    messages.success(request, _("The case has been saved."))
                    if sent:
                        messages.info(
                            request,
                            _("A reply was sent by e-mail to %(count)s resident(s).")
                            % {"count": sent},
                        )
                    return redirect("lagesbild:tips_arende", pk=arende.pk)
    tips = list(arende.tips.order_by("-created_at"))
    problems = _problems_for(request.user)
    return render(
        request,
        "lagesbild/tips/arende.html",
        {
            "arende": arende,
            "tips": tips,
            "notes": arende.notes.select_related("author"),
            "form": form,
            "note_form": note_form,
            "est_form": EstReportForm(arende=arende),
            "cite_form": CiteForm(problems=problems),
            "cited": arende.problems.select_related("lagesbild"),
        },
    )


@require_POST
def case_est(request, pk):
    arende = _visible_case(request, pk)
    require(request.user, "lagesbild.change_tipsarende", arende)
    form = EstReportForm(request.POST, arende=arende)
    if not form.is_valid() or arende.est_rapport_id:
        messages.error(
            request,
            _(
                "The case could not become an EST report: choose the district's EST group. "
                "A case becomes one report."
            ),
        )
        return redirect("lagesbild:tips_arende", pk=arende.pk)
    grupp = form.cleaned_data["grupp"]
    # The report is made for the official's organisation; without one, for the body that
    # answers for the group (or coordinates its samverkansområde).
    organ = _organ_of(request.user) or grupp.responsible or grupp.samverkansomrade.coordinating_body
    make_est_report(arende=arende, grupp=grupp, organ=organ, user=request.user)
    messages.success(request, _("The case is now an EST report of the group."))
    return redirect("lagesbild:tips_arende", pk=arende.pk)


@require_POST
def case_cite(request, pk):
    arende = _visible_case(request, pk)
    require(request.user, "lagesbild.change_tipsarende", arende)
    form = CiteForm(request.POST, problems=_problems_for(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a problem of a lägesbild you may edit."))
    else:
        cite_on_problem(arende=arende, problem=form.cleaned_data["problem"])
        messages.success(request, _("The case is cited as evidence on the problem."))
    return redirect("lagesbild:tips_arende", pk=arende.pk)


@require_safe
def tips_photo(request, pk):
    tip = get_object_or_404(Tips.objects.visible_to(request.user).select_related("arende"), pk=pk)
    require(request.user, "lagesbild.view_tips", tip)
    if not tip.photo:
        raise Http404
    try:
        response = stored_file_response(tip.photo, content_type=_content_type(tip.photo.name))
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def _content_type(name: str) -> str:
    return "image/png" if name.lower().endswith(".png") else "image/jpeg"
