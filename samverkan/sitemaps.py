from django.contrib.sitemaps import Sitemap

from samverkan.models import (
    Aktivitet,
    Fokusomrade,
    Insats,
    Omrade,
    Overenskommelse,
    Samverkansomrade,
)


class SamverkansomradeSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Samverkansomrade.objects.order_by("pk")


class InsatsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Insats.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class AktivitetSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Aktivitet.objects.published().upcoming().order_by("pk")


class OmradeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Omrade.objects.order_by("pk")


class OverenskommelseSitemap(Sitemap):
    def items(self):
        return Overenskommelse.objects.order_by("pk")


class FokusomradeSitemap(Sitemap):
    def items(self):
        return Fokusomrade.objects.order_by("pk")
