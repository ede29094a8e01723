"""The EST groups' year: incidents per category and district, and the actions decided.

EST reports name places and people's behaviour week by week; they are read by the EST group
and the officials who prepare the report, never by residents, so this section is
registered for the internal edition only and is not built for the public one.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from lagesbild.est_picture import counted_reports
from lagesbild.models import EstAtgard, EstPrioritering, Handelserapport
from lagesbild.rapport.context import ReportContext
from lagesbild.rapport.registry import INTERNAL, section
from samverkan.models import Samverkansgrupp


@dataclass
class CountRow:
    name: str
    count: int


@dataclass
class EstGroupYear:
    name: str
    reports: int
    weeks_with_reports: int
    categories: list[CountRow]
    districts: list[CountRow]
    actions_decided: int
    actions_done: int
    actions_not_done: int
    priorities: int


@dataclass
class EstData:
    groups: list[EstGroupYear]


@section("est", order=95, title=lambda: _("EST: incidents and actions"), editions=(INTERNAL,))
def build(context: ReportContext):
    """Counted over the ISO weeks of the report year, as the EST weekly picture counts them."""
    group_ids = Handelserapport.objects.filter(iso_year=context.year).values("grupp").distinct()
    groups = []
    for grupp in Samverkansgrupp.objects.filter(pk__in=group_ids).order_by("name"):
        reports = counted_reports(grupp).filter(iso_year=context.year)
        categories = reports.values("kategori__name").annotate(n=Count("pk"))
        districts = reports.values("omrade__name").annotate(n=Count("pk"))
        actions = defaultdict(int)
        for status, n in (
            EstAtgard.objects.filter(grupp=grupp, iso_year=context.year)
            .values_list("status")
            .annotate(n=Count("pk"))
        ):
            actions[status] = n
        groups.append(
            EstGroupYear(
                name=grupp.name,
                reports=reports.count(),
                weeks_with_reports=reports.values("iso_week").distinct().count(),
                categories=_rows(categories, "kategori__name"),
                districts=_rows(districts, "omrade__name"),
                actions_decided=sum(actions.values()),
                actions_done=actions[EstAtgard.Status.UTFORD],
                actions_not_done=actions[EstAtgard.Status.EJ_UTFORD],
                priorities=EstPrioritering.objects.filter(grupp=grupp, year=context.year).count(),
            )
        )
    return EstData(groups=groups)


def _rows(counts, name_field) -> list[CountRow]:
    rows = [CountRow(row[name_field] or _("No district"), row["n"]) for row in counts]
    return sorted(rows, key=lambda row: (-row.count, row.name))
