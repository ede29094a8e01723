from django.contrib.auth import views as auth_views
from django.urls import path

from organisation import views

app_name = "organisation"

urlpatterns = [
    path("forum/<slug:slug>/", views.forum_detail, name="forum"),
    path("tillganglighet/", views.tillganglighet, name="tillganglighet"),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
]
