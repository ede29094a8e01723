from django.urls import path

from organisation import oidc

app_name = "oidc"

urlpatterns = [
    path("logga-in/", oidc.start, name="start"),
    path("callback/", oidc.callback, name="callback"),
]
