from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

import organisation.admin_oidc  # noqa: F401  (registers the single sign-on models)
from organisation.admin_access import PublicTextAdminForm, RulesAdminMixin
from organisation.admin_erasure import ErasureAdminMixin, field_list
from organisation.models import (
    Beslut,
    Bilaga,
    Dagordningspunkt,
    Forum,
    Forumdeltagande,
    Forummedlemskap,
    Kommun,
    Mote,
    Motesrytm,
    Organ,
    Organtillhorighet,
    Rensning,
    Samordningsfunktion,
    StyrandeDokument,
)
from organisation.translation_forms import TranslatedAdminMixin


@admin.register(Kommun)
class KommunAdmin(TranslatedAdminMixin, RulesAdminMixin, admin.ModelAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "code", "programme_name", "contact_email"]

    def has_add_permission(self, request):
        # One kommun per installation.
        return not Kommun.objects.exists() and super().has_add_permission(request)


@admin.register(Organ)
class OrganAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "short_name", "kind", "parent", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class MotesrytmInline(RulesAdminMixin, admin.TabularInline):
    model = Motesrytm
    extra = 0


class ForumdeltagandeInline(RulesAdminMixin, admin.TabularInline):
    model = Forumdeltagande
    extra = 0
    autocomplete_fields = ["organ"]


class ForummedlemskapInline(RulesAdminMixin, admin.TabularInline):
    model = Forummedlemskap
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Forum)
class ForumAdmin(TranslatedAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "short_name", "level", "responsible", "cadence_note", "is_public"]
    list_filter = ["level", "is_public", "responsible"]
    search_fields = ["name", "short_name", "purpose", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["responsible"]
    autocomplete_fields = ["responsible", "coordinator", "reports_to"]
    filter_horizontal = ["steering_documents"]
    inlines = [MotesrytmInline, ForumdeltagandeInline, ForummedlemskapInline]


@admin.register(Samordningsfunktion)
class SamordningsfunktionAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["role", "organ", "unit", "contact_email"]
    list_select_related = ["organ", "unit"]
    autocomplete_fields = ["organ", "unit"]

    def has_add_permission(self, request):
        # One function per kommun, and one kommun per installation.
        return not Samordningsfunktion.objects.exists() and super().has_add_permission(request)


@admin.register(StyrandeDokument)
class StyrandeDokumentAdmin(RulesAdminMixin, admin.ModelAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "url"]
    search_fields = ["name", "description"]


@admin.register(Forummedlemskap)
class ForummedlemskapAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["user", "forum", "role"]
    list_filter = ["forum", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "forum__name"]
    list_select_related = ["user", "forum"]
    autocomplete_fields = ["user", "forum"]


class DagordningspunktInline(RulesAdminMixin, admin.TabularInline):
    form = PublicTextAdminForm
    model = Dagordningspunkt
    extra = 0
    autocomplete_fields = ["insats"]


class BeslutInline(RulesAdminMixin, admin.TabularInline):
    form = PublicTextAdminForm
    model = Beslut
    extra = 0
    autocomplete_fields = ["responsible"]


class BilagaInline(RulesAdminMixin, admin.TabularInline):
    form = PublicTextAdminForm
    model = Bilaga
    extra = 0
    # Files arrive through the workspace, where their content is checked.
    fields = ["title", "original_name", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mote)
class MoteAdmin(ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = [
        "__str__",
        "forum",
        "kind",
        "starts_at",
        "status",
        "is_public",
        "minutes_published_at",
    ]
    list_filter = ["forum", "kind", "status", "is_public"]
    search_fields = ["title", "place", "minutes"]
    date_hierarchy = "starts_at"
    list_select_related = ["forum"]
    autocomplete_fields = ["forum"]
    filter_horizontal = ["attended_by"]
    inlines = [DagordningspunktInline, BeslutInline, BilagaInline]


@admin.register(Beslut)
class BeslutAdmin(ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["__str__", "mote", "responsible", "due_date", "done"]
    list_filter = ["done", "mote__forum"]
    search_fields = ["text"]
    list_select_related = ["mote__forum", "responsible"]
    autocomplete_fields = ["mote", "responsible"]


@admin.register(Dagordningspunkt)
class DagordningspunktAdmin(ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    # Edited inline with its meeting; listed on its own so that it has an erasure page.
    form = PublicTextAdminForm
    list_display = ["__str__", "mote", "insats"]
    list_filter = ["mote__forum"]
    search_fields = ["heading", "description"]
    list_select_related = ["mote__forum", "insats"]
    autocomplete_fields = ["mote", "insats"]


@admin.register(Rensning)
class RensningAdmin(RulesAdminMixin, admin.ModelAdmin):
    """The record of erasures is evidence: nobody adds, changes or deletes it by hand."""

    list_display = ["erased_at", "model", "object_id", "object_repr", field_list, "user"]
    list_filter = ["model"]
    search_fields = ["object_repr", "reason", "user__username"]
    list_select_related = ["user"]
    fields = [
        "erased_at",
        "model",
        "object_id",
        "object_repr",
        "fields",
        "rows_changed",
        "user",
        "reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organtillhorighet)
class OrgantillhorighetAdmin(RulesAdminMixin, admin.ModelAdmin):
    """Which organisation an account works for: EST reports are made on its behalf."""

    list_display = ["user", "organ"]
    list_filter = ["organ"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organ__name"]
    list_select_related = ["user", "organ"]
    autocomplete_fields = ["user", "organ"]


# --- Login lockouts (django-axes) -----------------------------------------------------
# Unlocking an official is an administrator's task (README, "Låsa upp ett konto"); axes's own
# admin asks for model permissions that the Administratör role does not hold, so only
# superusers could. The same screens through the access layer; nothing is added by hand.


def _through_rules(axes_admin):
    class Admin(RulesAdminMixin, axes_admin):
        def has_add_permission(self, request, *args):
            return False

    Admin.__name__ = Admin.__qualname__ = f"Rules{axes_admin.__name__}"
    return Admin


for _model, _axes_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _through_rules(_axes_admin))
