from django.urls import path

from lagesbild.views import nyckeltal

app_name = "lagesbild"

urlpatterns = [
    path("nyckeltal/", nyckeltal.nyckeltal, name="nyckeltal"),
    path("nyckeltal/<str:code>/", nyckeltal.indikator_detail, name="indikator"),
]
