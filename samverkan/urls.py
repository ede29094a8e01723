from django.urls import path

from samverkan import views

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
    path("arbetsyta/", views.arbetsyta, name="arbetsyta"),
]
