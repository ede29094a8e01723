from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from organisation.models import Forum, Forumdeltagande


@login_not_required
@require_safe
@never_cache
def healthz(request):
    """For load balancers: answers without touching the database or the session."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
def forum_detail(request, slug):
    forum = get_object_or_404(
        Forum.objects.select_related("responsible", "coordinator", "reports_to").prefetch_related(
            "cadence_rules",
            "steering_documents",
            Prefetch(
                "participations",
                queryset=Forumdeltagande.objects.select_related("organ"),
            ),
            "sub_forums",
        ),
        slug=slug,
    )
    return render(request, "organisation/forum_detail.html", {"forum": forum})


@login_not_required
@require_safe
def tillganglighet(request):
    return render(request, "organisation/tillganglighet.html")
