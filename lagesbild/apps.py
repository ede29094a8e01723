from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    name = "lagesbild"
    verbose_name = _("Situational pictures and follow-up")

    def ready(self):
        from lagesbild.views.nyckeltal import omrade_section
        from samverkan.views import OMRADE_SECTIONS

        if omrade_section not in OMRADE_SECTIONS:
            OMRADE_SECTIONS.append(omrade_section)
