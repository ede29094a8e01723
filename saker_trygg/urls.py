from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from lagesbild.sitemaps import (
    AtgardsplanSitemap,
    LagesbildListSitemap,
    LagesbildSitemap,
    MedborgarloftenSitemap,
    NyckeltalSitemap,
    OppnaDataSitemap,
)
from organisation.readiness import readyz
from organisation.sitemaps import ForumSitemap, MoteSitemap, StaticPageSitemap
from organisation.views import healthz, set_language
from samverkan.sitemaps import (
    AktivitetSitemap,
    FokusomradeSitemap,
    InsatsSitemap,
    OmradeSitemap,
    OverenskommelseSitemap,
    SamverkansomradeSitemap,
)

sitemaps = {
    "sidor": StaticPageSitemap,
    "forum": ForumSitemap,
    "moten": MoteSitemap,
    "samverkansomraden": SamverkansomradeSitemap,
    "insatser": InsatsSitemap,
    "aktiviteter": AktivitetSitemap,
    "omraden": OmradeSitemap,
    "overenskommelser": OverenskommelseSitemap,
    "fokusomraden": FokusomradeSitemap,
    "nyckeltal": NyckeltalSitemap,
    "lagesbildsidor": LagesbildListSitemap,
    "lagesbilder": LagesbildSitemap,
    "atgardsplaner": AtgardsplanSitemap,
    "medborgarloften": MedborgarloftenSitemap,
    "oppna_data": OppnaDataSitemap,
}

admin.site.site_header = "Säker och trygg kommun – administration"
admin.site.site_title = "Säker och trygg kommun"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Outside the language prefix: the provider knows one redirect URI, whatever the language.
    path("konto/sso/", include("organisation.oidc_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "sitemap.xml",
        login_not_required(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
] + i18n_patterns(
    # Swedish is served without a prefix whatever the browser asks for; English under /en/.
    path("", include("organisation.urls")),
    path("", include("samverkan.urls")),
    path("", include("lagesbild.urls")),
    prefix_default_language=False,
)
