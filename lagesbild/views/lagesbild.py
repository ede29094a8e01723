from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lagesbild.est_citation import est_figures_of
from lagesbild.followup import plan_problems, readable_by
from lagesbild.forms import (
    AtgardFormSet,
    AtgardsplanForm,
    FaststallForm,
    LagesbildDokumentForm,
    LagesbildForm,
    ProblemFormSet,
    StallningstagandeForm,
    SummaryForm,
    insatser_for_plans,
)
from lagesbild.models import Atgardsplan, FrozenError, Lagesbild, Problem, Underlag
from lagesbild.services import (
    comparisons_for,
    create_new_version,
    faststall_lagesbild,
    publish_summary,
    save_atgardsplan,
    save_lagesbild,
    save_positions,
    unpublish_summary,
    update_summary,
)
from organisation.models import Organ
from organisation.parsing import parse_int
from organisation.public_cache import INSATSER, LAGESBILDER, NYCKELTAL, public_page
from organisation.publication import warn_author
from organisation.rules import require

SCOPE_RELATED = ["samverkansomrade", "omrade", "fokusomrade"]

# Only these columns of a lägesbild are read for the public pages, so the internal parts
# (kartläggning, analys, övrig information, källor) never even leave the database there.
PUBLIC_COLUMNS = [
    "title",
    "slug",
    "scope",
    "samverkansomrade",
    "omrade",
    "adopted_by",
    "samverkansomrade__name",
    "samverkansomrade__slug",
    "omrade__name",
    "omrade__slug",
    "period_start",
    "period_end",
    "status",
    "adopted_by__name",
    "adopted_by__slug",
    "adopted_on",
    "version",
    "public_summary",
    "summary_published_at",
]


def _public_lagesbilder():
    return (
        Lagesbild.objects.published()
        .select_related("samverkansomrade", "omrade", "adopted_by")
        .only(*PUBLIC_COLUMNS)
    )


@login_not_required
@require_safe
@public_page(LAGESBILDER)
def public_list(request):
    lagesbilder = _public_lagesbilder().order_by("-period_start", "scope", "title", "-version")
    return render(request, "lagesbild/public_list.html", {"lagesbilder": lagesbilder})


@login_not_required
@require_safe
@public_page(LAGESBILDER, INSATSER, NYCKELTAL)
def public_detail(request, slug):
    lagesbild = get_object_or_404(_public_lagesbilder(), slug=slug)
    titles = (
        Problem.objects.published()
        .filter(lagesbild=lagesbild)
        .order_by("priority")
        .values_list("title", flat=True)
    )
    return render(
        request,
        "lagesbild/public_detail.html",
        {"lagesbild": lagesbild, "public_problem_titles": list(titles)},
    )


# ---------------------------------------------------------------------------
# Workspace: lägesbilder


def _visible(request, pk):
    return get_object_or_404(
        Lagesbild.objects.visible_to(request.user).select_related(
            *SCOPE_RELATED,
            "author_body",
            "author_forum",
            "adopted_by",
            "previous_version",
            "adopted_at_meeting",
        ),
        pk=pk,
    )


def _editable(request, pk):
    """404 for a lägesbild the user may not read; 403 for one they may only read."""
    lagesbild = get_object_or_404(
        Lagesbild.objects.visible_to(request.user).select_related(*SCOPE_RELATED), pk=pk
    )
    require(request.user, "lagesbild.change_lagesbild", lagesbild)
    return lagesbild


def _frozen(request, lagesbild):
    """What an attempt to change a fastställd lägesbild gets: why not, and what to do instead."""
    successor = Lagesbild.objects.filter(previous_version=lagesbild).first()
    return render(
        request,
        "lagesbild/lagesbild_frozen.html",
        {"lagesbild": lagesbild, "successor": successor},
        status=409,
    )


@require_safe
def lagesbild_list(request):
    lagesbilder = (
        Lagesbild.objects.visible_to(request.user)
        .select_related(*SCOPE_RELATED, "adopted_by")
        .annotate(problem_count=Count("problems"))
        .order_by("-period_start", "scope", "title", "series", "-version")
    )
    context = {
        "lagesbilder": lagesbilder,
        "can_edit": request.user.has_perm("lagesbild.edit_lagesbilder"),
    }
    return render(request, "lagesbild/lagesbild_list.html", context)


def _problem_initial(lagesbild, formset_class):
    highest = 0
    if lagesbild.pk:
        highest = lagesbild.problems.aggregate(top=Max("priority"))["top"] or 0
    return [{"priority": highest + n} for n in range(1, formset_class.extra + 1)]


def _edit_form(request, lagesbild):
    """The lägesbild form and its problem formset; a saved lägesbild or a new one."""
    data = request.POST if request.method == "POST" else None
    form = LagesbildForm(data, instance=lagesbild)
    formset = ProblemFormSet(
        data,
        instance=lagesbild,
        prefix="problem",
        queryset=lagesbild.problems.order_by("priority") if lagesbild.pk else None,
        initial=_problem_initial(lagesbild, ProblemFormSet),
    )
    if data is not None:
        form_valid = form.is_valid()
        if formset.is_valid() and form_valid:
            try:
                saved = save_lagesbild(form=form, formset=formset, user=request.user)
            except FrozenError:
                return None, None, _frozen(request, lagesbild)
            messages.success(request, _("The situational picture was saved."))
            warn_author(request, saved)
            return None, None, redirect("lagesbild:detail", pk=saved.pk)
    return form, formset, None


@require_http_methods(["GET", "POST"])
def lagesbild_create(request):
    require(request.user, "lagesbild.edit_lagesbilder")
    form, formset, response = _edit_form(request, Lagesbild())
    if response is not None:
        return response
    return render(request, "lagesbild/lagesbild_form.html", {"form": form, "formset": formset})


@require_safe
def lagesbild_detail(request, pk):
    lagesbild = _visible(request, pk)
    can_edit = request.user.has_perm("lagesbild.edit_lagesbilder")
    problems = list(_problems_with_positions(lagesbild))
    context = {
        "lagesbild": lagesbild,
        "can_edit": can_edit,
        "problems": problems,
        # Positions are taken once the lägesbild is fastställd; a draft has none to lack.
        "unanswered": [
            {"problem": p}
            for p in problems
            if not hasattr(p, "stallningstagande") and not p.measure_count
        ]
        if lagesbild.is_frozen
        else [],
        "versions": lagesbild.versions().select_related("adopted_by"),
        "successor": Lagesbild.objects.filter(previous_version=lagesbild).first(),
        "comparisons": comparisons_for(lagesbild),
        "est_figures": est_figures_of(lagesbild),
        "dokument": lagesbild.dokument.select_related("uploaded_by"),
        "dokument_form": LagesbildDokumentForm() if can_edit else None,
        "atgardsplaner": Atgardsplan.objects.visible_to(request.user)
        .filter(lagesbild=lagesbild)
        .select_related("adopted_by"),
    }
    return render(request, "lagesbild/lagesbild_detail.html", context)


def _problems_with_positions(lagesbild):
    return (
        lagesbild.problems.select_related(
            "owner",
            "stallningstagande__other_actor",
            "stallningstagande__carried_from__problem__lagesbild",
        )
        .prefetch_related(
            "omraden",
            Prefetch(
                "underlag",
                queryset=Underlag.objects.select_related(
                    "indikator", "omrade", "est_grupp", "dokument"
                ).order_by("pk"),
            ),
        )
        .annotate(measure_count=Count("atgarder"))
        .order_by("priority")
    )


@require_http_methods(["GET", "POST"])
def lagesbild_positions(request, pk):
    """The kommun's position on each prioritised problem of a fastställd lägesbild."""
    lagesbild = _editable(request, pk)
    require(request.user, "lagesbild.change_stallningstagande", lagesbild)
    problems = list(_problems_with_positions(lagesbild))
    if not lagesbild.is_frozen:
        return render(
            request,
            "lagesbild/lagesbild_positions.html",
            {"lagesbild": lagesbild, "rows": []},
            status=409,
        )
    data = request.POST if request.method == "POST" else None
    actors = list(Organ.objects.order_by("name").values_list("pk", "name"))
    rows = [
        (
            problem,
            StallningstagandeForm(
                data,
                instance=getattr(problem, "stallningstagande", None),
                problem=problem,
                measures=problem.measure_count,
                actors=actors,
            ),
        )
        for problem in problems
    ]
    if data is not None:
        forms_valid = [form.is_valid() for _problem, form in rows]
        if all(forms_valid):
            save_positions(
                lagesbild=lagesbild, forms=[form for _p, form in rows], user=request.user
            )
            messages.success(request, _("The positions were saved."))
            return redirect("lagesbild:detail", pk=lagesbild.pk)
    return render(
        request,
        "lagesbild/lagesbild_positions.html",
        {"lagesbild": lagesbild, "rows": rows, "has_errors": data is not None},
    )


@require_http_methods(["GET", "POST"])
def lagesbild_edit(request, pk):
    lagesbild = _editable(request, pk)
    if lagesbild.is_frozen:
        return _frozen(request, lagesbild)
    form, formset, response = _edit_form(request, lagesbild)
    if response is not None:
        return response
    return render(
        request,
        "lagesbild/lagesbild_form.html",
        {"form": form, "formset": formset, "lagesbild": lagesbild},
    )


@require_http_methods(["GET", "POST"])
def lagesbild_faststall(request, pk):
    lagesbild = _editable(request, pk)
    if lagesbild.is_frozen:
        return _frozen(request, lagesbild)
    form = FaststallForm(request.POST or None, user=request.user, lagesbild=lagesbild)
    if request.method == "POST" and form.is_valid():
        try:
            faststall_lagesbild(
                lagesbild=lagesbild,
                forum=form.cleaned_data["forum"],
                on=form.cleaned_data["on"],
                mote=form.cleaned_data["mote"],
                paragraph=form.cleaned_data["paragraph"],
                diarienummer=form.cleaned_data["diarienummer"],
                user=request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The situational picture is approved. Changes from now on make a new version."),
            )
            return redirect("lagesbild:detail", pk=lagesbild.pk)
    return render(
        request, "lagesbild/lagesbild_faststall.html", {"form": form, "lagesbild": lagesbild}
    )


@require_POST
def lagesbild_new_version(request, pk):
    lagesbild = _editable(request, pk)
    try:
        version = create_new_version(lagesbild=lagesbild, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("lagesbild:detail", pk=lagesbild.pk)
    messages.success(
        request,
        _("Version %(version)s is a draft copy with the same problems. Make your changes here.")
        % {"version": version.version},
    )
    return redirect("lagesbild:edit", pk=version.pk)


@require_http_methods(["GET", "POST"])
def lagesbild_summary(request, pk):
    lagesbild = _editable(request, pk)
    form = SummaryForm(request.POST or None, instance=lagesbild)
    if request.method == "POST" and form.is_valid():
        try:
            update_summary(
                lagesbild=lagesbild,
                text=form.cleaned_data["public_summary"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error("public_summary" if hasattr(exc, "error_dict") else None, exc)
        else:
            messages.success(request, _("The public summary was saved."))
            return redirect("lagesbild:detail", pk=lagesbild.pk)
    return render(
        request, "lagesbild/lagesbild_summary.html", {"form": form, "lagesbild": lagesbild}
    )


@require_POST
def lagesbild_publish(request, pk):
    lagesbild = _editable(request, pk)
    try:
        publish_summary(lagesbild=lagesbild, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The summary is published. Residents see it under Situational pictures.")
        )
    return redirect("lagesbild:detail", pk=lagesbild.pk)


@require_POST
def lagesbild_unpublish(request, pk):
    lagesbild = _editable(request, pk)
    unpublish_summary(lagesbild=lagesbild, user=request.user)
    messages.success(request, _("The summary is no longer published."))
    return redirect("lagesbild:detail", pk=lagesbild.pk)


# ---------------------------------------------------------------------------
# Workspace: åtgärdsplaner


def _visible_plan(request, pk):
    return get_object_or_404(
        Atgardsplan.objects.visible_to(request.user).select_related(
            "adopted_by", "lagesbild__samverkansomrade", "lagesbild__omrade"
        ),
        pk=pk,
    )


@require_safe
def atgardsplan_list(request):
    plans = (
        Atgardsplan.objects.visible_to(request.user)
        .select_related("adopted_by", "lagesbild__samverkansomrade", "lagesbild__omrade")
        .annotate(
            atgard_count=Count("atgarder", distinct=True),
            unanswered_count=Coalesce(
                Subquery(
                    Problem.objects.filter(lagesbild=OuterRef("lagesbild"))
                    .without_position()
                    .values("lagesbild")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        .order_by("-period_start", "title")
    )
    context = {"plans": plans, "can_edit": request.user.has_perm("lagesbild.edit_lagesbilder")}
    return render(request, "lagesbild/atgardsplan_list.html", context)


@require_http_methods(["GET", "POST"])
def atgardsplan_create(request):
    require(request.user, "lagesbild.edit_lagesbilder")
    lagesbilder = Lagesbild.objects.editable_by(request.user)
    initial = {}
    based_on = parse_int(request.GET.get("lagesbild"))
    if based_on is not None:
        source = lagesbilder.filter(pk=based_on, status=Lagesbild.Status.FASTSTALLD).first()
        if source is not None:
            initial = {
                "lagesbild": source,
                "title": _("Action plan: %(title)s") % {"title": source.title},
                "period_start": source.period_start,
                "period_end": source.period_end,
            }
    form = AtgardsplanForm(request.POST or None, lagesbilder=lagesbilder, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = save_atgardsplan(form=form, user=request.user)
        messages.success(
            request, _("The action plan was created. Now link its problems to interventions.")
        )
        return redirect("lagesbild:atgardsplan_edit", pk=plan.pk)
    return render(request, "lagesbild/atgardsplan_form.html", {"form": form})


@require_safe
def atgardsplan_detail(request, pk):
    plan = _visible_plan(request, pk)
    rows = plan_problems(plan=plan, **readable_by(request.user))
    context = {
        "plan": plan,
        "rows": rows,
        "unanswered": [row for row in rows if row.unanswered],
        "can_edit": request.user.has_perm("lagesbild.edit_lagesbilder"),
        "can_assess": request.user.has_perm("lagesbild.assess_status"),
    }
    return render(request, "lagesbild/atgardsplan_detail.html", context)


@require_http_methods(["GET", "POST"])
def atgardsplan_edit(request, pk):
    plan = _visible_plan(request, pk)
    require(request.user, "lagesbild.change_atgardsplan", plan)
    data = request.POST if request.method == "POST" else None
    form = AtgardsplanForm(
        data, instance=plan, lagesbilder=Lagesbild.objects.editable_by(request.user)
    )
    formset = AtgardFormSet(
        data,
        instance=plan,
        prefix="atgard",
        queryset=plan.atgarder.select_related("problem", "insats").order_by(
            "problem__priority", "insats__title"
        ),
        form_kwargs={
            "problems": plan.lagesbild.problems.order_by("priority"),
            "insatser": insatser_for_plans(request.user, plan),
        },
    )
    if data is not None:
        form_valid = form.is_valid()
        if formset.is_valid() and form_valid:
            save_atgardsplan(form=form, formset=formset, user=request.user)
            messages.success(request, _("The action plan was saved."))
            return redirect("lagesbild:atgardsplan", pk=plan.pk)
    rows = plan_problems(plan=plan, **readable_by(request.user))
    context = {
        "plan": plan,
        "form": form,
        "formset": formset,
        "unanswered": [row for row in rows if row.unanswered],
    }
    return render(request, "lagesbild/atgardsplan_form.html", context)


@require_safe
def atgardsplan_followup(request, pk):
    plan = _visible_plan(request, pk)
    rows = plan_problems(plan=plan, **readable_by(request.user))
    context = {
        "plan": plan,
        "rows": rows,
        "behind_count": sum(1 for row in rows for entry in row.insatser if entry.behind),
        "unanswered": [row for row in rows if row.unanswered],
    }
    return render(request, "lagesbild/atgardsplan_followup.html", context)
