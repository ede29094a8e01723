from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from lagesbild.models import Indikator, Lagesbild


class NyckeltalSitemap(Sitemap):
    """The key-figure overview and one page per indicator that has values."""

    changefreq = "monthly"

    def items(self):
        return ["lagesbild:nyckeltal", *Indikator.objects.published().order_by("pk")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


class LagesbildListSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["lagesbild:public_list"]

    def location(self, item):
        return reverse(item)


class LagesbildSitemap(Sitemap):
    """Published summaries only; drafts and the internal parts have no public address."""

    changefreq = "monthly"

    def items(self):
        return Lagesbild.objects.published().only("slug", "summary_published_at").order_by("pk")

    def lastmod(self, item):
        return item.summary_published_at


class OppnaDataSitemap(Sitemap):
    """The open-data page; the files themselves are listed in its DCAT catalogue."""

    changefreq = "monthly"

    def items(self):
        return ["lagesbild:oppna_data"]

    def location(self, item):
        return reverse(item)
