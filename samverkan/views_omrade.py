"""Per-område feeds for residents who prefer them to e-mail: Atom of its insatser and an
iCalendar file of its coming activities. The site-wide feed and calendar, scoped."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.aktivitet_ics import activities_calendar, coming_window
from samverkan.models import Insats, Omrade
from samverkan.views import InsatsFeed, _upcoming_public_activities


class OmradeInsatsFeed(InsatsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Omrade, slug=slug)

    def title(self, obj):
        return f"Säker och trygg kommun – insatser i {obj.name}"

    def link(self, obj):
        return reverse("samverkan:omrade", kwargs={"slug": obj.slug})

    def items(self, obj):
        return (
            Insats.objects.published()
            .filter(omraden=obj)
            .select_related("samverkansomrade")
            .order_by("-updated_at", "-pk")[:50]
        )


omrade_feed = login_not_required(OmradeInsatsFeed())


@login_not_required
@require_safe
def omrade_ics(request, slug):
    omrade = get_object_or_404(Omrade, slug=slug)
    aktiviteter = coming_window(
        _upcoming_public_activities()
        .filter(Q(omrade=omrade) | Q(omrade__isnull=True, insats__omraden=omrade))
        .distinct()
    )
    return activities_calendar(request, aktiviteter, f"{omrade.slug}.ics")
