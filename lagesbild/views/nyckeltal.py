"""Public key-figure pages: each indicator with values as a chart, a table and a few words."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from lagesbild.charts import render_indicator_svg
from lagesbild.models import Indikator, IndikatorTable, MedianComparison, Trend
from lagesbild.omradesfigurer import area_cards, area_comparison, est_quarters
from organisation.context_processors import kommun_of
from organisation.models import Kommun
from organisation.parsing import parse_int
from organisation.public_cache import EST, NYCKELTAL, public_page

# Cards on a page of the overview. A card (chart, table of twenty years, words) is about
# 9.5 kB of HTML; a large kommun follows hundreds of figures, and one page of all of them was
# 3 MB. The subjects are listed above the cards, each with a link to the page it starts on.
CARDS_PER_PAGE = 10


@dataclass(frozen=True)
class CategoryLink:
    """A heading of the overview and the page its first card is on."""

    name: str
    page: int
    count: int


@dataclass(frozen=True)
class IndikatorCard:
    indikator: Indikator
    chart: SafeString | None
    table: IndikatorTable
    trend: Trend | None
    median: MedianComparison | None


def _card(
    indikator: Indikator, *, kommun_name: str, width: int, height: int, comparisons: bool = True
) -> IndikatorCard:
    chart = None
    if not indikator.is_yes_no:
        chart = render_indicator_svg(
            indikator, indikator.series, width=width, height=height, kommun_name=kommun_name
        )
    return IndikatorCard(
        indikator=indikator,
        chart=chart,
        table=indikator.table(kommun_name=kommun_name, comparisons=comparisons),
        trend=indikator.trend(),
        median=indikator.median_comparison(),
    )


def _kommun_name(kommun: Kommun | None) -> str:
    return kommun.name if kommun else gettext("The municipality")


@login_not_required
@require_safe
@public_page(NYCKELTAL, EST)
def nyckeltal(request):
    kommun = kommun_of(request)
    name = _kommun_name(kommun)
    # The order of the whole overview in one small query (ids and headings only): the
    # headings in the order of their first figure, the figures in their own order within.
    rows = list(
        Indikator.objects.published().order_by("order", "name", "pk").values_list("pk", "category")
    )
    first = {}
    for position, (_pk, category) in enumerate(rows):
        first.setdefault(category, position)
    rows.sort(key=lambda row: first[row[1]])
    page = Paginator(rows, CARDS_PER_PAGE).get_page(parse_int(request.GET.get("sida"), min_value=1))
    counts = Counter(category for _pk, category in rows)
    category_links = [
        CategoryLink(category, position // CARDS_PER_PAGE + 1, counts[category])
        for category, position in first.items()
    ]
    shown = [pk for pk, _category in page.object_list]
    by_pk = Indikator.objects.with_own_series().in_bulk(shown)
    categories: dict[str, list[IndikatorCard]] = {}
    # Only the kommun's own series and the median per card: the comparison kommuner are on
    # each indicator's page, so this page does not grow with the kommuner in the data.
    for pk in shown:
        indikator = by_pk[pk]
        card = _card(indikator, kommun_name=name, width=560, height=280, comparisons=False)
        categories.setdefault(indikator.category, []).append(card)
    comparison = area_comparison(
        request.GET.get("omradesjamforelse"), request.GET.get("sortera"), request.GET.get("ordning")
    )
    # The kommun goes in the context so the header does not query it a second time.
    context = {
        "categories": list(categories.items()),
        "page": page,
        "category_links": category_links if page.paginator.num_pages > 1 else [],
        "kommun": kommun,
        "comparison": comparison,
        "comparison_name": name,
        "comparison_columns": [
            ("omrade", gettext("District")),
            ("varde", gettext("Value")),
            ("ar", gettext("Year")),
        ],
    }
    return render(request, "lagesbild/nyckeltal.html", context)


@login_not_required
@require_safe
@public_page(NYCKELTAL)
def indikator_detail(request, code):
    indikator = get_object_or_404(Indikator.objects.published().with_series(), code=code)
    kommun = kommun_of(request)
    card = _card(indikator, kommun_name=_kommun_name(kommun), width=720, height=340)
    return render(request, "lagesbild/indikator_detail.html", {"card": card, "kommun": kommun})


def omrade_section(request, omrade) -> str:
    """The område page's figures and survey results (registered in LagesbildConfig.ready)."""
    kommun = kommun_of(request)
    cards = area_cards(omrade, kommun_name=_kommun_name(kommun))
    est = est_quarters(omrade)
    if not cards and not est:
        return ""
    registers = [card for card in cards if not card.waves]
    surveys = [card for card in cards if card.waves]
    context = {"omrade": omrade, "registers": registers, "surveys": surveys, "est": est}
    return render_to_string("lagesbild/partials/omrade_figurer.html", context, request=request)
