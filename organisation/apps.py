from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from organisation import public_cache
        from organisation.session_idle import renewed_at_login
        from organisation.textsearch import register_sqlite_functions

        public_cache.connect_signals()
        user_logged_in.connect(renewed_at_login, dispatch_uid="session_renewed_at_login")

        # SQLite has no unaccent, Swedish stemming or pg_trgm: the search's functions.
        connection_created.connect(register_sqlite_functions, dispatch_uid="textsearch")
