from django.urls import path

from samverkan import views, views_omrade, views_oppna_data, views_uppfoljning

app_name = "samverkan"

urlpatterns = [
    path("", views.start, name="start"),
    path("organisation/", views.organisation, name="organisation"),
    path("samverkansomraden/", views.samverkansomrade_list, name="samverkansomraden"),
    path(
        "samverkansomraden/<slug:slug>/",
        views.samverkansomrade_detail,
        name="samverkansomrade",
    ),
    path("insatser/", views.insats_list, name="insatser"),
    path("insatser/flode.atom", views.insats_feed, name="insats_feed"),
    path("insatser/<slug:slug>/", views.insats_detail, name="insats"),
    path("aktiviteter/<int:pk>/", views.aktivitet_detail, name="aktivitet"),
    path("aktiviteter/<int:pk>.ics", views.aktivitet_ics, name="aktivitet_ics"),
    path("omraden/", views.omrade_list, name="omraden"),
    path("omraden/<slug:slug>/", views.omrade_detail, name="omrade"),
    path("omraden/<slug:slug>/flode.atom", views_omrade.omrade_feed, name="omrade_feed"),
    path("omraden/<slug:slug>/kalender.ics", views_omrade.omrade_ics, name="omrade_ics"),
    path(
        "samverkansoverenskommelse/<slug:slug>/",
        views.overenskommelse_detail,
        name="overenskommelse",
    ),
    path("fokusomraden/<slug:slug>/", views.fokusomrade_detail, name="fokusomrade"),
    path("kalender/", views.kalender, name="kalender"),
    path("kalender.ics", views.kalender_ics, name="kalender_ics"),
    path("oppna-data/insatser.json", views_oppna_data.insatser_json, name="insatser_json"),
    path("oppna-data/insatser.csv", views_oppna_data.insatser_csv, name="insatser_csv"),
    path("oppna-data/aktiviteter.json", views_oppna_data.aktiviteter_json, name="aktiviteter_json"),
    path("oppna-data/aktiviteter.csv", views_oppna_data.aktiviteter_csv, name="aktiviteter_csv"),
    path(
        "oppna-data/organisation.json",
        views_oppna_data.organisation_json,
        name="organisation_json",
    ),
    path("oppna-data/organisation.csv", views_oppna_data.organisation_csv, name="organisation_csv"),
    # Workspace
    path("arbetsyta/", views.arbetsyta, name="arbetsyta"),
    path("arbetsyta/insatser/ny/", views.insats_create, name="insats_create"),
    path("arbetsyta/insatser/<int:pk>/", views.arbetsyta_insats, name="arbetsyta_insats"),
    path("arbetsyta/insatser/<int:pk>/redigera/", views.insats_edit, name="insats_edit"),
    path("arbetsyta/insatser/<int:pk>/publicera/", views.insats_publish, name="insats_publish"),
    path(
        "arbetsyta/insatser/<int:pk>/avpublicera/",
        views.insats_unpublish,
        name="insats_unpublish",
    ),
    path("arbetsyta/insatser/<int:pk>/arkivera/", views.insats_archive, name="insats_archive"),
    path(
        "arbetsyta/insatser/<int:pk>/uppfoljningar/ny/",
        views.uppfoljning_create,
        name="uppfoljning_create",
    ),
    path(
        "arbetsyta/insatser/<int:pk>/uppfoljningar/<int:uppfoljning_pk>/",
        views_uppfoljning.uppfoljning_edit,
        name="uppfoljning_edit",
    ),
    path(
        "arbetsyta/insatser/<int:pk>/uppfoljningar/<int:uppfoljning_pk>/ta-bort/",
        views_uppfoljning.uppfoljning_delete,
        name="uppfoljning_delete",
    ),
    path(
        "arbetsyta/insatser/<int:pk>/aktiviteter/ny/",
        views.aktivitet_create,
        name="aktivitet_create",
    ),
    path(
        "arbetsyta/insatser/<int:pk>/aktiviteter/<int:aktivitet_pk>/",
        views.aktivitet_edit,
        name="aktivitet_edit",
    ),
    path(
        "arbetsyta/insatser/<int:pk>/aktiviteter/<int:aktivitet_pk>/installa/",
        views.aktivitet_cancel,
        name="aktivitet_cancel",
    ),
    path("arbetsyta/insatser/<int:pk>/historik/", views.insats_history, name="insats_history"),
    path(
        "arbetsyta/insatser/<int:pk>/historik/<int:history_id>/aterstall/",
        views.insats_restore,
        name="insats_restore",
    ),
]
