from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from organisation import roles
from organisation.models import Forum, Forummedlemskap, Organ
from samverkan.models import Samverkansgrupp, Samverkansomrade


def _public_groups():
    return Prefetch(
        "groups",
        queryset=Samverkansgrupp.objects.public().select_related("responsible"),
        to_attr="public_groups",
    )


@login_not_required
@require_safe
def start(request):
    areas = Samverkansomrade.objects.select_related("coordinating_body")
    forums = Forum.objects.select_related("responsible")
    return render(request, "samverkan/start.html", {"areas": areas, "forums": forums})


@login_not_required
@require_safe
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
    }
    return render(request, "samverkan/organisation.html", context)


@login_not_required
@require_safe
def samverkansomrade_list(request):
    areas = Samverkansomrade.objects.select_related("coordinating_body").prefetch_related(
        _public_groups()
    )
    return render(request, "samverkan/samverkansomrade_list.html", {"areas": areas})


@login_not_required
@require_safe
def samverkansomrade_detail(request, slug):
    area = get_object_or_404(
        Samverkansomrade.objects.select_related("coordinating_body", "forum").prefetch_related(
            _public_groups()
        ),
        slug=slug,
    )
    return render(request, "samverkan/samverkansomrade_detail.html", {"area": area})


@require_safe
def arbetsyta(request):
    """The official's own page: their roles and the forums and groups they belong to."""
    user = request.user
    context = {
        "forum_memberships": Forummedlemskap.objects.filter(user=user).select_related("forum"),
        "group_memberships": user.group_memberships.select_related("grupp__samverkansomrade"),
        "coordinated_areas": user.coordinated_areas.all(),
        "user_roles": [
            (group.name, roles.ROLES.get(group.name, "")) for group in user.groups.all()
        ],
    }
    return render(request, "samverkan/arbetsyta.html", context)
