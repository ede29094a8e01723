"""The district page's figures of residents' tips (templates/samverkan/omrade_detail.html).

A template tag so the samverkan app's page can show them without importing lagesbild.
"""

from django import template
from django.utils import timezone

from lagesbild.models import Tips

register = template.Library()

# Below this a count is shown as "fewer than 3": one or two tips could point to who sent them.
SMALLEST_SHOWN = 3


@register.inclusion_tag("lagesbild/partials/tips_omrade.html")
def tips_counts(omrade):
    year = timezone.localdate().year
    rows = Tips.objects.public_counts(omrade, year)
    total = sum(row["total"] for row in rows)
    handled = sum(row["handled"] for row in rows)
    return {
        "omrade": omrade,
        "year": year,
        "rows": rows,
        "total": total,
        "handled": handled,
        "smallest": SMALLEST_SHOWN,
    }
