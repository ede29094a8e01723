from django.urls import path, register_converter

from lagesbild.views import rapport

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
]
