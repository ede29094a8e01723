"""How the medborgarlöften are going: each promise's planned and achieved output and indicator.

Reads only; the public tracker, the område page and the annual report use it. The output
achieved is counted from the named insats's activities held in the promises' year and
område (cancelled ones not counted); otherwise it is the number the analyst entered.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from lagesbild.followup import IndicatorProgress, indicator_progress, latest_indicator_values
from lagesbild.models import Lofte, Medborgarloften
from samverkan.models import Aktivitet

# A year's promises for one område are a handful; the cap keeps a page bounded regardless.
MAX_LOFTEN = 100


@dataclass
class LofteRow:
    lofte: Lofte
    achieved: int | None
    counted: bool
    indicator: IndicatorProgress | None

    @property
    def output_reached(self) -> bool | None:
        if self.achieved is None or self.lofte.planned_count is None:
            return None
        return self.achieved >= self.lofte.planned_count


def activity_counts(loften: Medborgarloften, insats_ids, *, public: bool) -> dict[int, int]:
    """insats id → activities held in the promises' year and område; one query."""
    if not insats_ids:
        return {}
    rows = Aktivitet.objects.published() if public else Aktivitet.objects.all()
    rows = rows.filter(
        Q(omrade_id=loften.omrade_id) | Q(omrade__isnull=True, insats__omraden=loften.omrade_id),
        insats_id__in=insats_ids,
        starts_at__year=loften.year,
        cancelled=False,
    )
    counted = rows.values("insats_id").annotate(n=Count("pk", distinct=True))
    return {row["insats_id"]: row["n"] for row in counted}


def lofte_rows(loften: Medborgarloften, *, public: bool) -> list[LofteRow]:
    """The promises of one set with their output and indicator; three queries at most."""
    items = list(
        loften.loften.select_related("party", "insats", "indikator").order_by("order", "pk")[
            :MAX_LOFTEN
        ]
    )
    for item in items:
        item.medborgarloften = loften
    counts = activity_counts(loften, {i.insats_id for i in items if i.insats_id}, public=public)
    latest = latest_indicator_values([i for i in items if i.target is not None], public=public)
    rows = []
    for item in items:
        counted = item.insats_id is not None
        achieved = counts.get(item.insats_id, 0) if counted else item.achieved_count
        progress = indicator_progress(item, latest) if item.target is not None else None
        rows.append(LofteRow(item, achieved, counted, progress))
    return rows
