from django.contrib.sitemaps import Sitemap

from samverkan.models import Samverkansomrade


class SamverkansomradeSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Samverkansomrade.objects.order_by("pk")
