from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    name = "lagesbild"
    verbose_name = _("Situational pictures and follow-up")

    def ready(self):
        from lagesbild.views import medborgarloften
        from lagesbild.views.nyckeltal import omrade_section
        from samverkan.views import OMRADE_SECTIONS

        for section in (omrade_section, medborgarloften.omrade_section):
            if section not in OMRADE_SECTIONS:
                OMRADE_SECTIONS.append(section)
