from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    name = "lagesbild"
    verbose_name = _("Situational pictures and follow-up")
