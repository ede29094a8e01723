"""How the medborgarlöften are going: each promise's planned and achieved output and indicator.

Reads only; the public tracker, the område page and the annual report use it. The output
achieved is counted from the named insats's activities held in the promises' year and
område (cancelled ones not counted); otherwise it is the number the analyst entered.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

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


def activity_counts(year: int, pairs, *, public: bool) -> dict[tuple[int, int], int]:
    """(insats id, område id) → the insats's activities held that year in that område.

    An activity counts for its own område, or, without one, for every område of its insats
    (two disjoint kinds, so their counts add up). Two queries however many pairs.
    """
    if not pairs:
        return {}
    insats_ids = {insats for insats, _omrade in pairs}
    omraden = {omrade for _insats, omrade in pairs}
    rows = Aktivitet.objects.published() if public else Aktivitet.objects.all()
    rows = rows.filter(insats_id__in=insats_ids, starts_at__year=year, cancelled=False)
    counts: dict[tuple[int, int], int] = {}
    own = rows.filter(omrade_id__in=omraden).values("insats_id", "omrade_id")
    for row in own.annotate(n=Count("pk", distinct=True)):
        key = (row["insats_id"], row["omrade_id"])
        counts[key] = counts.get(key, 0) + row["n"]
    inherited = rows.filter(omrade__isnull=True, insats__omraden__in=omraden)
    inherited = inherited.values("insats_id", "insats__omraden")
    for row in inherited.annotate(n=Count("pk", distinct=True)):
        key = (row["insats_id"], row["insats__omraden"])
        counts[key] = counts.get(key, 0) + row["n"]
    return {pair: counts.get(pair, 0) for pair in pairs}


def lofte_rows(loften: Medborgarloften, *, public: bool) -> list[LofteRow]:
    """The promises of one set with their output and indicator."""
    return lofte_rows_of_sets([loften], public=public)[loften.pk]


def lofte_rows_of_sets(sets, *, public: bool) -> dict[int, list[LofteRow]]:
    """Set pk → its promises (at most MAX_LOFTEN each) with their output and indicator.

    A fixed number of queries per distinct year of the sets, however many sets and promises:
    the annual report reads all of a year's sets at once.
    """
    by_pk = {loften.pk: loften for loften in sets}
    numbered = Window(
        RowNumber(), partition_by=F("medborgarloften"), order_by=(F("order").asc(), F("pk").asc())
    )
    items = list(
        Lofte.objects.filter(medborgarloften__in=list(by_pk))
        .select_related("party", "insats", "indikator")
        .annotate(number=numbered)
        .filter(number__lte=MAX_LOFTEN)
        .order_by("medborgarloften", "order", "pk")
    )
    for item in items:
        item.medborgarloften = by_pk[item.medborgarloften_id]
    counts = {}
    for year in {loften.year for loften in sets}:
        pairs = {
            (item.insats_id, item.medborgarloften.omrade_id)
            for item in items
            if item.insats_id and item.medborgarloften.year == year
        }
        counts[year] = activity_counts(year, pairs, public=public)
    latest = latest_indicator_values([i for i in items if i.target is not None], public=public)
    rows: dict[int, list[LofteRow]] = {pk: [] for pk in by_pk}
    for item in items:
        loften = item.medborgarloften
        counted = item.insats_id is not None
        if counted:
            achieved = counts[loften.year].get((item.insats_id, loften.omrade_id), 0)
        else:
            achieved = item.achieved_count
        progress = indicator_progress(item, latest) if item.target is not None else None
        rows[loften.pk].append(LofteRow(item, achieved, counted, progress))
    return rows
