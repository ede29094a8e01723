from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from organisation import roles
from organisation.models import Forum, Forummedlemskap, Mote, Organ, Samordningsfunktion
from organisation.parsing import parse_int
from organisation.public_cache import FAMILIES, INSATSER, LAGESBILDER, MOTEN, public_page
from organisation.publication import warn_author
from organisation.rules import require
from organisation.textsearch import MATCH_LIMIT
from samverkan.aktivitet_ics import ACTIVITY_RELATIONS, activities_calendar, coming_window
from samverkan.forms import (
    AktivitetForm,
    CancelAktivitetForm,
    InsatsFilterForm,
    InsatsForm,
    UppfoljningForm,
)
from samverkan.models import (
    Aktivitet,
    Fokusomrade,
    Insats,
    Omrade,
    Overenskommelse,
    Samverkansgrupp,
    Samverkansomrade,
    Uppfoljning,
)
from samverkan.paging import page_without_count
from samverkan.services import (
    archive_insats,
    cancel_aktivitet,
    insats_versions,
    publish_insats,
    restore_insats_version,
    unpublish_insats,
)


def _public_groups():
    return Prefetch(
        "groups",
        queryset=Samverkansgrupp.objects.public().select_related("responsible"),
        to_attr="public_groups",
    )


@login_not_required
@require_safe
@public_page(INSATSER, MOTEN)
def start(request):
    """For residents first: what happens next and where, what is new; the organisation last."""
    activities = list(_upcoming_public_activities()[:6])
    walk = next((a for a in activities if "vandring" in a.title.lower()), None)
    context = {
        "areas": Samverkansomrade.objects.select_related("coordinating_body"),
        "forums": Forum.objects.select_related("responsible"),
        "activities": activities,
        "next_walk": walk,
        "omraden": Omrade.objects.only("name", "slug"),
        "new_insatser": _public_insatser().order_by("-published_at", "title", "pk")[:5],
        "new_minutes": Mote.objects.with_published_minutes()
        .select_related("forum")
        .order_by("-minutes_published_at", "-pk")[:4],
        "figures": {
            "ongoing": Insats.objects.published().filter(status=Insats.Status.PAGAENDE).count(),
            "upcoming": Aktivitet.objects.published().upcoming().count(),
        },
    }
    return render(request, "samverkan/start.html", context)


@login_not_required
@require_safe
@public_page()
def organisation(request):
    """The whole hierarchy, from Kommunstyrelsen down to the groups, plus external partners."""
    forums = list(
        Forum.objects.select_related("responsible", "coordinator", "reports_to").prefetch_related(
            "cadence_rules"
        )
    )
    strategic = [f for f in forums if f.reports_to_id is None and f.level == Forum.Level.STRATEGISK]
    councils = [f for f in forums if f not in strategic]
    areas = Samverkansomrade.objects.select_related("coordinating_body", "forum").prefetch_related(
        _public_groups()
    )
    bodies = list(Organ.objects.select_related("parent"))
    context = {
        "board": next((o for o in bodies if o.kind == Organ.Kind.KOMMUNSTYRELSE), None),
        "analysis_units": [o for o in bodies if o.kind == Organ.Kind.AVDELNING],
        "strategic_forums": strategic,
        "councils": councils,
        "areas": areas,
        "partners": [o for o in bodies if o.kind == Organ.Kind.EXTERN],
        "companies": [o for o in bodies if o.kind == Organ.Kind.BOLAG],
        "samordningsfunktion": Samordningsfunktion.objects.select_related("organ", "unit").first(),
    }
    return render(request, "samverkan/organisation.html", context)


@login_not_required
@require_safe
@public_page()
def samverkansomrade_list(request):
    areas = Samverkansomrade.objects.select_related("coordinating_body").prefetch_related(
        _public_groups()
    )
    return render(request, "samverkan/samverkansomrade_list.html", {"areas": areas})


@login_not_required
@require_safe
@public_page(INSATSER)
def samverkansomrade_detail(request, slug):
    area = get_object_or_404(
        Samverkansomrade.objects.select_related("coordinating_body", "forum").prefetch_related(
            _public_groups()
        ),
        slug=slug,
    )
    # The first cards and a link to the filtered list when there are more: an area of a
    # large kommun has hundreds of insatser, and a card costs its template and link.
    insatser = list(
        _public_insatser().filter(samverkansomrade=area).order_by("title", "pk")[: AREA_CARDS + 1]
    )
    context = {
        "area": area,
        "insatser": insatser[:AREA_CARDS],
        "more_url": (
            reverse("samverkan:insatser") + "?" + urlencode({"samverkansomrade": area.slug})
            if len(insatser) > AREA_CARDS
            else ""
        ),
    }
    return render(request, "samverkan/samverkansomrade_detail.html", context)


# ---------------------------------------------------------------------------
# Public pages about insatser


AREA_CARDS = 20


def _public_insatser():
    return (
        Insats.objects.published()
        .select_related("samverkansomrade", "responsible")
        .prefetch_related("omraden")
    )


def _upcoming_public_activities():
    return (
        Aktivitet.objects.published()
        .upcoming()
        .select_related(*ACTIVITY_RELATIONS)
        .order_by("starts_at", "pk")
    )


@login_not_required
@require_safe
@public_page(INSATSER)
def insats_list(request):
    form = InsatsFilterForm(request.GET or None)
    insatser = form.filter(_public_insatser()).order_by("title", "pk")
    page = Paginator(insatser, 20).get_page(parse_int(request.GET.get("sida"), min_value=1))
    search_url = reverse("lagesbild:sok") + "?" + urlencode({"q": request.GET.get("q", "")})
    return render(
        request,
        "samverkan/insats_list.html",
        {
            "form": form,
            "page": page,
            "search_url": search_url,
            "match_limit": MATCH_LIMIT,
        },
    )


@login_not_required
@require_safe
@public_page(INSATSER, LAGESBILDER)
def insats_detail(request, slug):
    insats = get_object_or_404(
        _public_insatser().prefetch_related("partners", "fokusomraden__overenskommelse"),
        slug=slug,
    )
    context = {
        "insats": insats,
        "uppfoljningar": Uppfoljning.objects.published().filter(insats=insats),
        "aktiviteter": _upcoming_public_activities().filter(insats=insats),
    }
    return render(request, "samverkan/insats_detail.html", context)


@login_not_required
@require_safe
@public_page(INSATSER)
def aktivitet_detail(request, pk):
    aktivitet = get_object_or_404(
        Aktivitet.objects.published().select_related(*ACTIVITY_RELATIONS), pk=pk
    )
    return render(request, "samverkan/aktivitet_detail.html", {"aktivitet": aktivitet})


@login_not_required
@require_safe
@public_page()
def omrade_list(request):
    # The start page's picker "Vad händer där jag bor" asks for an area by its slug.
    if request.GET.get("omrade"):
        chosen = Omrade.objects.filter(slug=request.GET["omrade"][:100]).first()
        if chosen is not None:
            return redirect(chosen)
    omraden = Omrade.objects.annotate(
        insats_count=Count("insatser", filter=Q(insatser__in=Insats.objects.published()))
    )
    return render(request, "samverkan/omrade_list.html", {"omraden": omraden})


# Parts of an område's page that other apps add: the key figures live in lagesbild, which
# samverkan must not import. Each entry takes the request and the Omrade and returns HTML
# (or "" when it has nothing to show); lagesbild registers its own in AppConfig.ready().
OMRADE_SECTIONS: list = []


@login_not_required
@require_safe
@public_page(*FAMILIES)
def omrade_detail(request, slug):
    omrade = get_object_or_404(Omrade, slug=slug)
    context = {
        "omrade": omrade,
        "sections": [section(request, omrade) for section in OMRADE_SECTIONS],
        "insatser": _public_insatser().filter(omraden=omrade).order_by("title"),
        "groups": omrade.public_groups(),
        "organisations": omrade.active_organisations(),
        "aktiviteter": _upcoming_public_activities()
        .filter(Q(omrade=omrade) | Q(omrade__isnull=True, insats__omraden=omrade))
        .distinct(),
    }
    return render(request, "samverkan/omrade_detail.html", context)


@login_not_required
@require_safe
@public_page(INSATSER)
def overenskommelse_detail(request, slug):
    agreement = get_object_or_404(
        Overenskommelse.objects.prefetch_related("parties", "forums", "fokusomraden"), slug=slug
    )
    return render(request, "samverkan/overenskommelse_detail.html", {"agreement": agreement})


@login_not_required
@require_safe
@public_page(INSATSER)
def fokusomrade_detail(request, slug):
    fokus = get_object_or_404(Fokusomrade.objects.select_related("overenskommelse"), slug=slug)
    context = {
        "fokus": fokus,
        "insatser": _public_insatser().filter(fokusomraden=fokus).order_by("title"),
    }
    return render(request, "samverkan/fokusomrade_detail.html", context)


@login_not_required
@require_safe
@public_page(INSATSER, MOTEN)
def kalender(request):
    return render(
        request, "samverkan/kalender.html", {"aktiviteter": _upcoming_public_activities()[:200]}
    )


@login_not_required
@require_safe
@public_page(INSATSER, MOTEN)
def kalender_ics(request):
    aktiviteter = coming_window(_upcoming_public_activities())
    return activities_calendar(request, aktiviteter, "kalender.ics")


@login_not_required
@require_safe
@public_page(INSATSER)
def aktivitet_ics(request, pk):
    """One activity as an iCalendar file: "add to calendar" adds this event, not all."""
    aktivitet = get_object_or_404(
        Aktivitet.objects.published().select_related(*ACTIVITY_RELATIONS), pk=pk
    )
    return activities_calendar(request, [aktivitet], f"aktivitet-{aktivitet.pk}.ics")


class InsatsFeed(Feed):
    feed_type = Atom1Feed
    title = "Säker och trygg kommun – insatser"
    subtitle = "Nya och uppdaterade insatser"

    def link(self):
        return reverse("samverkan:insatser")

    def items(self):
        return (
            Insats.objects.published()
            .select_related("samverkansomrade")
            .order_by("-updated_at", "-pk")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_categories(self, item):
        return [item.samverkansomrade.name]


insats_feed = login_not_required(InsatsFeed())


# ---------------------------------------------------------------------------
# Workspace (/arbetsyta/): every view needs a login (LoginRequiredMiddleware);
# objects outside the user's scope answer 404.


# Drafts listed on the workspace as waiting for publication; the rest are counted. An
# analyst or administrator may edit every insats of the kommun (thousands), so the page
# shows them a page at a time and the overdue ones up to a limit, the longest waiting first.
AWAITING_SHOWN = 25
OVERDUE_SHOWN = 25
MINE_PER_PAGE = 50


@require_safe
def arbetsyta(request):
    """The official's own page: their insatser, overdue follow-ups, upcoming activities."""
    user = request.user
    mine = (
        Insats.objects.editable_by(user)
        .active()
        .select_related("samverkansomrade")
        .with_latest_followup()
        .order_by("title")
    )
    overdue = mine.followup_overdue(today=timezone.localdate())
    awaiting = (
        Insats.objects.awaiting_publication_by(user)
        .select_related("samverkansomrade", "grupp")
        .order_by("-updated_at")
    )
    page = page_without_count(
        mine, parse_int(request.GET.get("sida"), min_value=1), per_page=MINE_PER_PAGE
    )
    context = {
        "page": page,
        # One more than is shown, to say that there are more without counting them all.
        "overdue": list(
            overdue.order_by(F("latest_followup").asc(nulls_first=True), "title")[
                : OVERDUE_SHOWN + 1
            ]
        ),
        "overdue_shown": OVERDUE_SHOWN,
        "awaiting_publication": awaiting[:AWAITING_SHOWN],
        "awaiting_count": awaiting.count(),
        "aktiviteter": Aktivitet.objects.filter(insats__in=mine.values("pk"))
        .upcoming()
        .select_related("insats", "omrade")[:20],
        "forum_memberships": Forummedlemskap.objects.filter(user=user).select_related("forum"),
        "group_memberships": user.group_memberships.select_related("grupp__samverkansomrade"),
        "coordinated_areas": user.coordinated_areas.all(),
        "may_create_insats": user.has_perm("samverkan.create_insats"),
        "may_see_est": _may_see_est(user),
        "user_roles": [
            (group.name, roles.ROLES.get(group.name, "")) for group in user.groups.all()
        ],
    }
    return render(request, "samverkan/arbetsyta.html", context)


def _may_see_est(user) -> bool:
    """Whether the workspace links to EST: the rules live in lagesbild, which this app may not
    import, so it asks them by name, group by group (EST groups are few)."""
    return user.has_perm("lagesbild.report_est") or any(
        user.has_perm("lagesbild.view_est_group", grupp) for grupp in Samverkansgrupp.objects.est()
    )


def _editable_insats(request, pk):
    """An insats the user may edit: 404 if they may not see it, 403 if only see it."""
    insats = get_object_or_404(
        Insats.objects.visible_to(request.user).select_related("samverkansomrade", "grupp"), pk=pk
    )
    require(request.user, "samverkan.change_insats", insats)
    return insats


def _form_scope(user):
    return Samverkansomrade.objects.editable_by(user), Samverkansgrupp.objects.editable_by(user)


@require_http_methods(["GET", "POST"])
def insats_create(request):
    require(request.user, "samverkan.create_insats")
    areas, groups = _form_scope(request.user)
    form = InsatsForm(request.POST or None, areas=areas, groups=groups)
    if request.method == "POST" and form.is_valid():
        insats = form.save()
        messages.success(request, _("The intervention was saved as a draft."))
        warn_author(request, insats)
        return redirect("samverkan:arbetsyta_insats", pk=insats.pk)
    return render(request, "samverkan/insats_form.html", {"form": form})


@require_safe
def arbetsyta_insats(request, pk):
    """The insats in the workspace. Officials outside its scope see what residents see."""
    user = request.user
    insats = get_object_or_404(
        Insats.objects.visible_to(user)
        .select_related("samverkansomrade", "grupp", "responsible")
        .prefetch_related("omraden", "fokusomraden", "partners"),
        pk=pk,
    )
    internals = user.has_perm("samverkan.view_insats_internals", insats)
    followups = Uppfoljning.objects.visible_to(user).filter(insats=insats)
    followups = list(followups.select_related("author") if internals else followups)
    for entry in followups:
        entry.may_change = user.has_perm("samverkan.change_uppfoljning", entry)
    context = {
        "insats": insats,
        "internals": internals,
        "group_name": insats.grupp.name
        if insats.grupp and (internals or insats.grupp.is_public)
        else "",
        "can_edit": user.has_perm("samverkan.change_insats", insats),
        "can_publish": user.has_perm("samverkan.publish_insats", insats),
        "uppfoljningar": followups,
        "aktiviteter": Aktivitet.objects.visible_to(user)
        .filter(insats=insats)
        .select_related("omrade"),
    }
    return render(request, "samverkan/arbetsyta_insats.html", context)


@require_http_methods(["GET", "POST"])
def insats_edit(request, pk):
    insats = _editable_insats(request, pk)
    areas, groups = _form_scope(request.user)
    form = InsatsForm(
        request.POST or None,
        instance=insats,
        areas=areas,
        groups=groups,
        may_publish=request.user.has_perm("samverkan.publish_insats", insats),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes were saved."))
        warn_author(request, insats)
        return redirect("samverkan:arbetsyta_insats", pk=insats.pk)
    return render(request, "samverkan/insats_form.html", {"form": form, "insats": insats})


@require_POST
def insats_publish(request, pk):
    insats = _editable_insats(request, pk)
    require(request.user, "samverkan.publish_insats", insats)
    try:
        publish_insats(insats=insats, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The intervention is published and visible to residents."))
    return redirect("samverkan:arbetsyta_insats", pk=insats.pk)


@require_POST
def insats_unpublish(request, pk):
    insats = _editable_insats(request, pk)
    require(request.user, "samverkan.publish_insats", insats)
    unpublish_insats(insats=insats, user=request.user)
    messages.success(request, _("The intervention is no longer published."))
    return redirect("samverkan:arbetsyta_insats", pk=insats.pk)


@require_POST
def insats_archive(request, pk):
    insats = _editable_insats(request, pk)
    archive_insats(insats=insats, user=request.user)
    messages.success(request, _("The intervention was archived. Its history is kept."))
    return redirect("samverkan:arbetsyta")


@require_http_methods(["GET", "POST"])
def uppfoljning_create(request, pk):
    insats = _editable_insats(request, pk)
    form = UppfoljningForm(
        request.POST or None,
        instance=Uppfoljning(insats=insats),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.insats = insats
        entry.author = request.user
        entry.save()
        messages.success(request, _("The follow-up was saved."))
        warn_author(request, entry)
        return redirect("samverkan:arbetsyta_insats", pk=insats.pk)
    return render(
        request,
        "samverkan/child_form.html",
        {"form": form, "insats": insats, "heading": _("New follow-up")},
    )


@require_http_methods(["GET", "POST"])
def aktivitet_create(request, pk):
    insats = _editable_insats(request, pk)
    form = AktivitetForm(request.POST or None, insats=insats)
    if request.method == "POST" and form.is_valid():
        aktivitet = form.save(commit=False)
        aktivitet.insats = insats
        aktivitet.save()
        messages.success(request, _("The activity was saved."))
        return redirect("samverkan:arbetsyta_insats", pk=insats.pk)
    return render(
        request,
        "samverkan/child_form.html",
        {"form": form, "insats": insats, "heading": _("New activity")},
    )


@require_http_methods(["GET", "POST"])
def aktivitet_edit(request, pk, aktivitet_pk):
    insats = _editable_insats(request, pk)
    aktivitet = get_object_or_404(insats.aktiviteter, pk=aktivitet_pk)
    form = AktivitetForm(request.POST or None, instance=aktivitet, insats=insats)
    cancel_form = CancelAktivitetForm(initial={"note": aktivitet.cancellation_note})
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The activity was saved."))
        return redirect("samverkan:arbetsyta_insats", pk=insats.pk)
    return render(
        request,
        "samverkan/child_form.html",
        {
            "form": form,
            "insats": insats,
            "heading": aktivitet.title,
            "aktivitet": aktivitet,
            "cancel_form": cancel_form,
        },
    )


@require_POST
def aktivitet_cancel(request, pk, aktivitet_pk):
    insats = _editable_insats(request, pk)
    aktivitet = get_object_or_404(insats.aktiviteter, pk=aktivitet_pk)
    form = CancelAktivitetForm(request.POST)
    if form.is_valid():
        try:
            cancel_aktivitet(aktivitet=aktivitet, note=form.cleaned_data["note"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("samverkan:aktivitet_edit", pk=insats.pk, aktivitet_pk=aktivitet.pk)
        messages.success(
            request, _("The activity is cancelled. Residents see that it is cancelled.")
        )
    return redirect("samverkan:arbetsyta_insats", pk=insats.pk)


@require_safe
def insats_history(request, pk):
    insats = _editable_insats(request, pk)
    return render(
        request,
        "samverkan/insats_history.html",
        {"insats": insats, "versions": insats_versions(insats=insats)},
    )


@require_POST
def insats_restore(request, pk, history_id):
    insats = _editable_insats(request, pk)
    get_object_or_404(insats.history, history_id=history_id)
    try:
        restore_insats_version(insats=insats, history_id=history_id, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The earlier version was restored."))
    return redirect("samverkan:insats_history", pk=insats.pk)
