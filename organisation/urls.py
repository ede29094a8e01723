from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from organisation import oidc, oppna_data_moten, password_reset, views

app_name = "organisation"

urlpatterns = [
    path("forum/<slug:slug>/", views.forum_detail, name="forum"),
    path("tillganglighet/", views.tillganglighet, name="tillganglighet"),
    path("lattlast/", views.lattlast, name="lattlast"),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("konto/logga-ut/", oidc.logout, name="logout"),
    path("konto/ingen-roll/", views.ingen_roll, name="ingen_roll"),
    # Password reset by e-mail, for local accounts: Django's views and tokens. An address
    # without an account, or an SSO account without a usable password, gets no mail, and the
    # page answers the same either way, so nobody learns which addresses have accounts;
    # requests are throttled per address and per client (organisation/password_reset.py).
    path("konto/glomt-losenord/", password_reset.password_reset, name="password_reset"),
    path(
        "konto/glomt-losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "konto/nytt-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            success_url=reverse_lazy("organisation:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "konto/nytt-losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns += [
    path("forum/<slug:slug>/moten/<int:pk>/", views.mote_detail, name="mote"),
    path("forum/<slug:slug>/moten.ics", views.forum_ics, name="forum_ics"),
    path("moten.ics", views.moten_ics, name="moten_ics"),
    path("moten/minnesanteckningar.atom", views.minutes_feed, name="minutes_feed"),
    path("bilagor/<int:pk>/", views.bilaga, name="bilaga"),
    path("oppna-data/moten.json", oppna_data_moten.moten_json, name="moten_json"),
    path("oppna-data/moten.csv", oppna_data_moten.moten_csv, name="moten_csv"),
    path("oppna-data/beslut.json", oppna_data_moten.beslut_json, name="beslut_json"),
    path("oppna-data/beslut.csv", oppna_data_moten.beslut_csv, name="beslut_csv"),
    path("arbetsyta/forum/<slug:slug>/", views.arbetsyta_forum, name="arbetsyta_forum"),
    path("arbetsyta/forum/<slug:slug>/moten/nytt/", views.mote_create, name="mote_create"),
    path("arbetsyta/moten/<int:pk>/", views.arbetsyta_mote, name="arbetsyta_mote"),
    path("arbetsyta/moten/<int:pk>/redigera/", views.mote_edit, name="mote_edit"),
    path("arbetsyta/moten/<int:pk>/anteckningar/", views.mote_minutes, name="mote_minutes"),
    path("arbetsyta/moten/<int:pk>/publicera/", views.mote_publish, name="mote_publish"),
    path("arbetsyta/moten/<int:pk>/avpublicera/", views.mote_unpublish, name="mote_unpublish"),
    path("arbetsyta/moten/<int:pk>/bilagor/", views.bilaga_upload, name="bilaga_upload"),
    path("arbetsyta/bilagor/<int:pk>/ta-bort/", views.bilaga_delete, name="bilaga_delete"),
    path("arbetsyta/moten/<int:pk>/historik/", views.mote_history, name="mote_history"),
    path(
        "arbetsyta/moten/<int:pk>/historik/<int:history_id>/aterstall/",
        views.mote_restore,
        name="mote_restore",
    ),
]
