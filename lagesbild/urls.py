from django.urls import path, register_converter

from lagesbild.views import (
    atgardsplan_public,
    bedomning,
    est,
    est_import,
    est_publicering,
    est_rapport,
    medborgarloften,
    nyckeltal,
    omradesvarden,
    oppna_data,
    prenumeration,
    rapport,
    sok,
    tips,
    tips_arbetsyta,
    underlag,
    utskick,
)
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


class EstGroupConverter:
    """An EST group's slug, but not the fixed pages beside it (/arbetsyta/est/rapportera/).

    The fixed pages are added in their own blocks below and may come after the group's page;
    refusing their names here lets the resolver go on to them.
    """

    regex = "[-a-zA-Z0-9_]+"
    reserved = frozenset(
        {"rapportera", "rapporter", "import", "importera", "export", "exportera", "platser"}
    )

    def to_python(self, value):
        if value in self.reserved:
            raise ValueError(value)
        return value

    def to_url(self, value):
        return value


register_converter(EstGroupConverter, "estgrupp")

urlpatterns = [
    path("nyckeltal/", nyckeltal.nyckeltal, name="nyckeltal"),
    path("nyckeltal/<str:code>/", nyckeltal.indikator_detail, name="indikator"),
    path("sok/", sok.sok, name="sok"),
    path("oppna-data/", oppna_data.oppna_data, name="oppna_data"),
    path("oppna-data/katalog.jsonld", oppna_data.katalog, name="oppna_data_katalog"),
    path("oppna-data/nyckeltal.json", oppna_data.nyckeltal_json, name="nyckeltal_json"),
    path("oppna-data/nyckeltal.csv", oppna_data.nyckeltal_csv, name="nyckeltal_csv"),
    path(
        "oppna-data/omradesvarden.json",
        oppna_data.omradesvarden_json,
        name="omradesvarden_json",
    ),
    path(
        "oppna-data/omradesvarden.csv",
        oppna_data.omradesvarden_csv,
        name="omradesvarden_csv",
    ),
    path("lagesbilder/", views.public_list, name="public_list"),
    path("lagesbilder/<slug:slug>/", views.public_detail, name="public_detail"),
    path("atgardsplaner/", atgardsplan_public.public_plans, name="public_plans"),
    path("atgardsplaner/<int:pk>/", atgardsplan_public.public_plan, name="public_plan"),
    path("medborgarloften/", medborgarloften.public_list, name="medborgarloften_list"),
    path(
        "medborgarloften/<year:year>/<slug:slug>/",
        medborgarloften.public_detail,
        name="medborgarloften",
    ),
    # Workspace
    path(
        "arbetsyta/nyckeltal/importera/",
        omradesvarden.omradesvarden_import,
        name="omradesvarden_import",
    ),
    path("arbetsyta/lagesbilder/", views.lagesbild_list, name="list"),
    path("arbetsyta/lagesbilder/ny/", views.lagesbild_create, name="create"),
    path("arbetsyta/lagesbilder/<int:pk>/", views.lagesbild_detail, name="detail"),
    path("arbetsyta/lagesbilder/<int:pk>/redigera/", views.lagesbild_edit, name="edit"),
    path("arbetsyta/lagesbilder/<int:pk>/faststall/", views.lagesbild_faststall, name="faststall"),
    path(
        "arbetsyta/lagesbilder/<int:pk>/problem/<int:problem_pk>/underlag/",
        underlag.problem_underlag,
        name="problem_underlag",
    ),
    path(
        "arbetsyta/lagesbilder/<int:pk>/dokument/",
        underlag.dokument_upload,
        name="dokument_upload",
    ),
    path("arbetsyta/lagesbilder/dokument/<int:pk>/", underlag.dokument, name="dokument"),
    path(
        "arbetsyta/lagesbilder/dokument/<int:pk>/ta-bort/",
        underlag.dokument_delete,
        name="dokument_delete",
    ),
    path(
        "arbetsyta/lagesbilder/<int:pk>/stallningstaganden/",
        views.lagesbild_positions,
        name="positions",
    ),
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
    path(
        "arbetsyta/atgardsplaner/<int:pk>/atgarder/<int:atgard_pk>/status/",
        bedomning.atgard_status,
        name="atgard_status",
    ),
    path("arbetsyta/medborgarloften/", bedomning.loften_arbetsyta, name="loften_arbetsyta"),
    path(
        "arbetsyta/medborgarloften/loften/<int:pk>/status/",
        bedomning.lofte_status,
        name="lofte_status",
    ),
    path("arbetsyta/atgardsplaner/ny/", views.atgardsplan_create, name="atgardsplan_create"),
    path("arbetsyta/atgardsplaner/<int:pk>/", views.atgardsplan_detail, name="atgardsplan"),
    path(
        "arbetsyta/atgardsplaner/<int:pk>/redigera/",
        views.atgardsplan_edit,
        name="atgardsplan_edit",
    ),
    path(
        "arbetsyta/atgardsplaner/<int:pk>/publicera/",
        atgardsplan_public.atgardsplan_publish,
        name="atgardsplan_publish",
    ),
    path(
        "arbetsyta/atgardsplaner/<int:pk>/avpublicera/",
        atgardsplan_public.atgardsplan_unpublish,
        name="atgardsplan_unpublish",
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
        "rapporter/arsuppfoljning/<year:year>/bedomning/",
        rapport.rapport_text,
        name="rapport_text",
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
        rapport.version_public_pdf,
        name="version_public_pdf",
    ),
    # EST: reporting
    path("arbetsyta/est/rapportera/", est_rapport.rapportera, name="est_rapportera"),
    path("arbetsyta/est/rapporter/<int:pk>/", est_rapport.kvitto, name="est_kvitto"),
    path("arbetsyta/est/rapporter/<int:pk>/andra/", est_rapport.andra, name="est_andra"),
    path(
        "arbetsyta/est/rapporter/<int:pk>/dra-tillbaka/",
        est_rapport.dra_tillbaka,
        name="est_dra_tillbaka",
    ),
    path("arbetsyta/est/<slug:slug>/platser/", est_rapport.platser, name="est_platser"),
    path(
        "arbetsyta/est/<slug:slug>/platser/<int:pk>/godkann/",
        est_rapport.godkann_plats,
        name="est_godkann_plats",
    ),
    path(
        "arbetsyta/est/<slug:slug>/platser/<int:pk>/sammanfor/",
        est_rapport.sammanfor_plats,
        name="est_sammanfor_plats",
    ),
    # EST: the weekly picture, weekly actions and quarterly prioritisation
    path("arbetsyta/est/", est.est_index, name="est"),
    path("arbetsyta/est/<estgrupp:slug>/", est.est_grupp, name="est_grupp"),
    path(
        "arbetsyta/est/<estgrupp:slug>/atgarder/ny/",
        est.est_atgard_create,
        name="est_atgard_create",
    ),
    path(
        "arbetsyta/est/<estgrupp:slug>/atgarder/<int:pk>/uppfoljning/",
        est.est_atgard_follow_up,
        name="est_atgard_follow_up",
    ),
    path(
        "arbetsyta/est/<estgrupp:slug>/prioriteringar/",
        est.est_prioriteringar,
        name="est_prioriteringar",
    ),
    # Residents' tips: the public form and the private status page
    path("tipsa/", tips.tips_form, name="tips"),
    path("tipsa/utmaning/", tips.tips_challenge, name="tips_challenge"),
    path("tipsa/kvitto/<str:token>/", tips.tips_kvitto, name="tips_kvitto"),
    path("tipsa/status/<str:token>/", tips.tips_status, name="tips_status"),
    # Residents' tips: the receivers' inbox
    path("arbetsyta/tips/", tips_arbetsyta.inbox, name="tips_inbox"),
    path("arbetsyta/paminnelser/", utskick.paminnelser, name="paminnelser"),
    path("omraden/<slug:slug>/prenumerera/", prenumeration.prenumerera, name="prenumerera"),
    path(
        "prenumeration/bekrafta/<str:token>/",
        prenumeration.bekrafta,
        name="bekrafta_prenumeration",
    ),
    path("prenumeration/avsluta/<str:token>/", prenumeration.avprenumerera, name="avprenumerera"),
    path("arbetsyta/tips/<int:pk>/", tips_arbetsyta.case_detail, name="tips_arende"),
    path("arbetsyta/tips/<int:pk>/est/", tips_arbetsyta.case_est, name="tips_est"),
    path("arbetsyta/tips/<int:pk>/underlag/", tips_arbetsyta.case_cite, name="tips_underlag"),
    path("arbetsyta/tips/bild/<int:pk>/", tips_arbetsyta.tips_photo, name="tips_bild"),
    # EST: import and export
    path("arbetsyta/est/<slug:slug>/importera/", est_import.est_import, name="est_import"),
    path("arbetsyta/est/<slug:slug>/export.csv", est_import.est_export, name="est_export"),
    path(
        "arbetsyta/est/<slug:slug>/publicera/",
        est_publicering.est_publicering,
        name="est_publicering",
    ),
]
