from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from lagesbild.models import Indikator


class NyckeltalSitemap(Sitemap):
    """The key-figure overview and one page per indicator that has values."""

    changefreq = "monthly"

    def items(self):
        return ["lagesbild:nyckeltal", *Indikator.objects.published().order_by("pk")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
