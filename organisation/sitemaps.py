from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organisation.models import Forum, Mote


class ForumSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Forum.objects.order_by("pk")


class StaticPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "samverkan:start",
            "samverkan:organisation",
            "samverkan:samverkansomraden",
            "samverkan:insatser",
            "samverkan:omraden",
            "samverkan:kalender",
            "organisation:tillganglighet",
            "organisation:lattlast",
        ]

    def location(self, item):
        return reverse(item)


class MoteSitemap(Sitemap):
    """Meetings whose minutes are published; other meetings are announced in the calendar."""

    changefreq = "yearly"

    def items(self):
        return Mote.objects.with_published_minutes().select_related("forum").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
