from django.urls import path, register_converter

from lagesbild.views import est_import, nyckeltal, rapport
from lagesbild.views import lagesbild as views

app_name = "lagesbild"


class YearConverter:
    """Four digits; whether the year is one a report can be made for is the view's decision."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(YearConverter, "year")

urlpatterns = [
    path("nyckeltal/", nyckeltal.nyckeltal, name="nyckeltal"),
    path("nyckeltal/<str:code>/", nyckeltal.indikator_detail, name="indikator"),
    path("lagesbilder/", views.public_list, name="public_list"),
    path("lagesbilder/<slug:slug>/", views.public_detail, name="public_detail"),
    # Workspace
    path("arbetsyta/lagesbilder/", views.lagesbild_list, name="list"),
    path("arbetsyta/lagesbilder/ny/", views.lagesbild_create, name="create"),
    path("arbetsyta/lagesbilder/<int:pk>/", views.lagesbild_detail, name="detail"),
    path("arbetsyta/lagesbilder/<int:pk>/redigera/", views.lagesbild_edit, name="edit"),
    path("arbetsyta/lagesbilder/<int:pk>/faststall/", views.lagesbild_faststall, name="faststall"),
    path(
        "arbetsyta/lagesbilder/<int:pk>/ny-version/",
        views.lagesbild_new_version,
        name="new_version",
    ),
    path(
        "arbetsyta/lagesbilder/<int:pk>/sammanfattning/",
        views.lagesbild_summary,
        name="summary",
    ),
    path("arbetsyta/lagesbilder/<int:pk>/publicera/", views.lagesbild_publish, name="publish"),
    path(
        "arbetsyta/lagesbilder/<int:pk>/avpublicera/",
        views.lagesbild_unpublish,
        name="unpublish",
    ),
    path("arbetsyta/atgardsplaner/", views.atgardsplan_list, name="atgardsplaner"),
    path("arbetsyta/atgardsplaner/ny/", views.atgardsplan_create, name="atgardsplan_create"),
    path("arbetsyta/atgardsplaner/<int:pk>/", views.atgardsplan_detail, name="atgardsplan"),
    path(
        "arbetsyta/atgardsplaner/<int:pk>/redigera/",
        views.atgardsplan_edit,
        name="atgardsplan_edit",
    ),
    path(
        "arbetsyta/atgardsplaner/<int:pk>/uppfoljning/",
        views.atgardsplan_followup,
        name="atgardsplan_followup",
    ),
    # The annual report
    path("rapporter/", rapport.rapport_list, name="rapporter"),
    path("rapporter/arsuppfoljning/<year:year>/", rapport.rapport_preview, name="rapport"),
    path("rapporter/arsuppfoljning/<year:year>.pdf", rapport.rapport_pdf, name="rapport_pdf"),
    path(
        "rapporter/arsuppfoljning/<year:year>/publik.pdf",
        rapport.rapport_public_pdf,
        name="rapport_public_pdf",
    ),
    path(
        "rapporter/arsuppfoljning/<year:year>/lamna-in/",
        rapport.rapport_submit,
        name="rapport_submit",
    ),
    path(
        "rapporter/arsuppfoljning/<year:year>/versioner/<int:number>.pdf",
        rapport.version_pdf,
        name="version_pdf",
    ),
    path(
        "rapporter/arsuppfoljning/<year:year>/versioner/<int:number>/publik.pdf",
        rapport.version_pdf,
        {"public": True},
        name="version_public_pdf",
    ),
    # EST: import and export
    path("arbetsyta/est/<slug:slug>/importera/", est_import.est_import, name="est_import"),
    path("arbetsyta/est/<slug:slug>/export.csv", est_import.est_export, name="est_export"),
]
