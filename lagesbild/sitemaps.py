from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from lagesbild.models import Atgardsplan, Indikator, Lagesbild, Medborgarloften


class NyckeltalSitemap(Sitemap):
    """The key-figure overview and one page per indicator that has values."""

    changefreq = "monthly"

    def items(self):
        return ["lagesbild:nyckeltal", *Indikator.objects.published().order_by("pk")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


class LagesbildListSitemap(Sitemap):
    """The lists of lägesbilder, åtgärdsplaner and medborgarlöften, the reports and tips."""

    changefreq = "monthly"

    def items(self):
        return [
            "lagesbild:public_list",
            "lagesbild:public_plans",
            "lagesbild:medborgarloften_list",
            "lagesbild:rapporter",
            "lagesbild:tips",
        ]

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


class AtgardsplanSitemap(Sitemap):
    """Published åtgärdsplaner; a draft or an internal plan has no public address."""

    changefreq = "monthly"

    def items(self):
        return Atgardsplan.objects.published().only("pk").order_by("pk")

    def location(self, item):
        return reverse("lagesbild:public_plan", kwargs={"pk": item.pk})


class MedborgarloftenSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Medborgarloften.objects.published()
            .select_related("omrade")
            .only("year", "omrade__slug")
            .order_by("pk")
        )
