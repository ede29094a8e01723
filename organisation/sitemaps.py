from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organisation.models import Forum


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
            "organisation:tillganglighet",
        ]

    def location(self, item):
        return reverse(item)
