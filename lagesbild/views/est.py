"""The EST group's workspace: the weekly picture, the weekly meeting, the quarter's priorities.

A group the user may not read answers 404; a readable group whose meeting the user may not
keep answers 403 to a change.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lagesbild.est_picture import (
    Week,
    render_trend_svg,
    report_rows_html,
    week_reports,
    weekly_picture,
)
from lagesbild.est_vecka_forms import EstAtgardForm, EstFollowUpForm, EstPrioriteringForm
from lagesbild.models import (
    EstAtgard,
    EstPeriodval,
    EstPlats,
    EstPrioritering,
    Handelsekategori,
)
from lagesbild.rules import readable_est_groups_q
from organisation.parsing import parse_int
from organisation.rules import require
from samverkan.models import Samverkansgrupp

REPORTS_PER_PAGE = 50


class SteadyPaginator(Paginator):
    """A Paginator that asks for the page's rows even when there are none.

    Django slices an empty list as [0:0] and skips that SELECT, so the weekly page made one
    query fewer for a week without reports than for a week with them: its query count
    followed the data. One SELECT that finds nothing keeps the count the same.
    """

    def __init__(self, *args, count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:  # known already: no COUNT query (Paginator.count is cached)
            self.__dict__["count"] = count

    def page(self, number):
        page = super().page(number)
        if self.count == 0:
            page.object_list = self.object_list[: self.per_page]
        return page


def _readable_group(user, slug):
    return get_object_or_404(
        # The group's choice of quarters or tertials with it (EstPeriodval.of).
        Samverkansgrupp.objects.filter(readable_est_groups_q(user)).select_related(
            "samverkansomrade", "est_periodval"
        ),
        slug=slug,
    )


def _reporting_url(user):
    """The reporting form, once it is installed: this page does not depend on it."""
    if not user.has_perm("lagesbild.report_est"):
        return None
    try:
        return reverse("lagesbild:est_rapportera")
    except NoReverseMatch:
        return None


def _week_from(request) -> Week:
    # A week typed wrongly or one that does not exist shows the current week, not an error.
    return Week.parse(request.GET.get("vecka")) or Week.current()


def _week_url(grupp, week: Week, anchor="") -> str:
    url = reverse("lagesbild:est_grupp", kwargs={"slug": grupp.slug})
    return f"{url}?vecka={week.param}{anchor}"


@require_safe
def est_index(request):
    groups = list(
        Samverkansgrupp.objects.filter(readable_est_groups_q(request.user))
        .select_related("samverkansomrade")
        .prefetch_related("omraden")
        .order_by("name")
    )
    for grupp in groups:
        grupp.may_import = request.user.has_perm("lagesbild.keep_est_group", grupp)
        grupp.may_export = request.user.has_perm("lagesbild.view_est_group", grupp)
    return render(
        request,
        "lagesbild/est/grupp_list.html",
        {"groups": groups, "reporting_url": _reporting_url(request.user)},
    )


def _report_filters(request, grupp):
    """The number whose reports are listed: ?kategori=, ?omrade=, ?plats= (or ?plats=ingen)."""
    filters, chosen = {}, {}
    slug = request.GET.get("kategori")
    if slug:
        kategori = Handelsekategori.objects.filter(slug=slug).first()
        if kategori:
            filters["kategori"] = chosen["kategori"] = kategori
    omrade_pk = parse_int(request.GET.get("omrade"))
    if omrade_pk is not None:
        omrade = grupp.omraden.filter(pk=omrade_pk).first()
        if omrade:
            filters["omrade"] = chosen["omrade"] = omrade
    plats_value = request.GET.get("plats")
    if plats_value == "ingen":
        filters["no_place"] = chosen["no_place"] = True
    elif (plats_pk := parse_int(plats_value)) is not None:
        plats = EstPlats.objects.filter(pk=plats_pk, omrade__in=grupp.omraden.all()).first()
        if plats:
            filters["plats"] = chosen["plats"] = plats
    return filters, chosen


def _week_page(request, grupp, week, *, atgard_form=None):
    user = request.user
    picture = weekly_picture(grupp, week)
    may_keep = user.has_perm("lagesbild.keep_est_group", grupp)
    filters, chosen = _report_filters(request, grupp)
    paginator = SteadyPaginator(
        week_reports(grupp, week, **filters),
        REPORTS_PER_PAGE,
        count=picture.reports_in_week(**filters),
    )
    page = paginator.get_page(parse_int(request.GET.get("sida"), min_value=1) or 1)
    previous_week = week.shift(-1)
    # This week's actions and last week's (to follow up) in one query.
    actions = list(
        EstAtgard.objects.filter(grupp=grupp)
        .filter(
            Q(iso_year=week.year, iso_week=week.week)
            | Q(iso_year=previous_week.year, iso_week=previous_week.week)
        )
        .select_related("omrade", "plats", "owner")
    )
    week_actions = [a for a in actions if (a.iso_year, a.iso_week) == (week.year, week.week)]
    follow_ups = [
        a for a in actions if (a.iso_year, a.iso_week) == (previous_week.year, previous_week.week)
    ]
    if may_keep:
        for action in follow_ups:
            action.form = EstFollowUpForm(instance=action, prefix=f"atgard-{action.pk}")
    if may_keep and atgard_form is None:
        # The districts and places the picture has read already fill the form's lists.
        atgard_form = EstAtgardForm(
            grupp=grupp,
            user=user,
            omraden=[district.omrade for district in picture.districts],
            places=[
                row.plats
                for row in picture.heat_rows
                if row.plats is not None and row.plats.status == EstPlats.Status.GODKAND
            ],
        )
    context = {
        "grupp": grupp,
        "week": week,
        "picture": picture,
        "trend_svg": render_trend_svg(picture.trend),
        "page": page,
        "report_rows": report_rows_html(page.object_list),
        "chosen": chosen,
        "week_actions": week_actions,
        "follow_ups": follow_ups,
        "previous_week": previous_week,
        # Same week last year's counts link to its reports, like this week's.
        "last_year_week": week.same_week_last_year(),
        "next_week": week.shift(1) if week < Week.current() else None,
        "may_keep": may_keep,
        # Keepers reach import and export on one page; readers who only read (analysts)
        # may still export, and get the export itself.
        "may_export": user.has_perm("lagesbild.view_est_group", grupp),
        "may_publish_figures": user.has_perm("lagesbild.publish_est_figures", grupp),
        "atgard_form": atgard_form if may_keep else None,
        "reporting_url": _reporting_url(user),
    }
    return render(request, "lagesbild/est/vecka.html", context)


@require_safe
def est_grupp(request, slug):
    grupp = _readable_group(request.user, slug)
    return _week_page(request, grupp, _week_from(request))


@require_POST
def est_atgard_create(request, slug):
    grupp = _readable_group(request.user, slug)
    require(request.user, "lagesbild.keep_est_group", grupp)
    week = Week.parse(request.POST.get("vecka")) or Week.current()
    form = EstAtgardForm(request.POST, grupp=grupp, user=request.user)
    form.instance.grupp = grupp
    form.instance.iso_year, form.instance.iso_week = week.year, week.week
    if not form.is_valid():
        return _week_page(request, grupp, week, atgard_form=form)
    with transaction.atomic():
        form.save()
    messages.success(request, _("The action was added to %(week)s.") % {"week": week})
    return redirect(_week_url(grupp, week, "#atgarder"))


@require_POST
def est_atgard_follow_up(request, slug, pk):
    grupp = _readable_group(request.user, slug)
    action = get_object_or_404(EstAtgard, grupp=grupp, pk=pk)
    require(request.user, "lagesbild.keep_est_group", grupp)
    form = EstFollowUpForm(request.POST, instance=action, prefix=f"atgard-{action.pk}")
    # The follow-up is made the week after the action was decided.
    week = Week(action.iso_year, action.iso_week).shift(1)
    if not form.is_valid():
        messages.error(
            request,
            _("The follow-up was not saved: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
        return redirect(_week_url(grupp, week, "#uppfoljning"))
    with transaction.atomic():
        form.save()
    messages.success(request, _("The follow-up was saved."))
    return redirect(_week_url(grupp, week, "#uppfoljning"))


@require_http_methods(["GET", "POST"])
def est_prioriteringar(request, slug):
    grupp = _readable_group(request.user, slug)
    may_keep = request.user.has_perm("lagesbild.keep_est_group", grupp)
    form = None
    if request.method == "POST":
        require(request.user, "lagesbild.keep_est_group", grupp)
        form = EstPrioriteringForm(request.POST, grupp=grupp)
        form.instance.grupp = grupp
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("The prioritisation was saved."))
            return redirect("lagesbild:est_prioriteringar", slug=grupp.slug)
    elif may_keep:
        form = EstPrioriteringForm(grupp=grupp)
    quarters = {}
    for priority in EstPrioritering.objects.filter(grupp=grupp).select_related("omrade", "plats"):
        key = (priority.period_kind, priority.year, priority.quarter)
        quarters.setdefault(key, []).append(priority)
    context = {
        "grupp": grupp,
        "quarters": quarters.items(),
        "form": form,
        "may_keep": may_keep,
        "period_kind": EstPeriodval.of(grupp),
    }
    return render(request, "lagesbild/est/grupp_prioriteringar.html", context)
