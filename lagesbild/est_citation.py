"""EST figures a lägesbild cites: counts of an EST group's reports over a period.

While the lägesbild is a draft the figures are counted from the reports as they are; when
it is fastställd they are frozen into it (``Lagesbild.est_figures``), so a report made or
withdrawn later never changes what was decided on.
"""

from django.db.models import Count
from django.utils import timezone

from lagesbild.models import Handelserapport


def count_est_figures(*, grupp, start, end) -> dict:
    """Reports per category and per district, withdrawn reports left out; three queries."""
    reports = Handelserapport.objects.current().filter(
        grupp=grupp, occurred_on__gte=start, occurred_on__lte=end
    )
    by_category = (
        reports.values("kategori__name").annotate(n=Count("pk")).order_by("-n", "kategori__name")
    )
    by_district = (
        reports.values("omrade__name").annotate(n=Count("pk")).order_by("-n", "omrade__name")
    )
    return {
        "group": grupp.name,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "total": reports.count(),
        "categories": [[row["kategori__name"], row["n"]] for row in by_category],
        "districts": [[row["omrade__name"], row["n"]] for row in by_district],
        "counted_at": timezone.now().isoformat(timespec="seconds"),
    }


def est_figures_of(lagesbild) -> dict | None:
    """The cited figures: frozen ones once fastställd, counted now while a draft."""
    if lagesbild.est_grupp_id is None:
        return None
    if lagesbild.is_frozen and lagesbild.est_figures:
        return lagesbild.est_figures
    return count_est_figures(
        grupp=lagesbild.est_grupp, start=lagesbild.est_from, end=lagesbild.est_to
    )
