from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from organisation.admin_access import PublicTextAdminForm, RulesAdminMixin
from organisation.admin_erasure import ErasureAdminMixin
from organisation.translation_forms import TranslatedAdminMixin
from samverkan import admin_accounts  # noqa: F401  (registers the account screen)
from samverkan.models import (
    Aktivitet,
    Fokusomrade,
    Gruppmedlemskap,
    Insats,
    Omrade,
    Overenskommelse,
    Samverkansgrupp,
    Samverkansomrade,
    Uppfoljning,
)
from samverkan.services import archive_insats


class SamverkansgruppInline(RulesAdminMixin, admin.TabularInline):
    model = Samverkansgrupp
    form = PublicTextAdminForm
    extra = 0
    fields = ["name", "slug", "kind", "responsible", "is_public", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Samverkansomrade)
class SamverkansomradeAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "coordinating_body", "forum", "order"]
    list_filter = ["coordinating_body", "forum"]
    search_fields = ["name", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["coordinating_body", "forum"]
    autocomplete_fields = ["coordinating_body", "forum", "coordinators"]
    inlines = [SamverkansgruppInline]


class GruppmedlemskapInline(RulesAdminMixin, admin.TabularInline):
    model = Gruppmedlemskap
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Samverkansgrupp)
class SamverkansgruppAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "samverkansomrade", "kind", "responsible", "is_public"]
    list_filter = ["samverkansomrade", "kind", "is_public"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["samverkansomrade", "responsible"]
    autocomplete_fields = ["samverkansomrade", "responsible"]
    filter_horizontal = ["omraden"]
    inlines = [GruppmedlemskapInline]


@admin.register(Omrade)
class OmradeAdmin(TranslatedAdminMixin, RulesAdminMixin, admin.ModelAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "kind", "regso_code", "deso_code"]
    list_filter = ["kind"]
    search_fields = ["name", "description", "regso_code", "deso_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Gruppmedlemskap)
class GruppmedlemskapAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["user", "grupp"]
    list_filter = ["grupp__samverkansomrade", "grupp"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "grupp__name"]
    list_select_related = ["user", "grupp"]
    autocomplete_fields = ["user", "grupp"]


class FokusomradeInline(RulesAdminMixin, admin.TabularInline):
    model = Fokusomrade
    form = PublicTextAdminForm
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Overenskommelse)
class OverenskommelseAdmin(RulesAdminMixin, admin.ModelAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "period_start", "period_end"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["parties", "forums"]
    inlines = [FokusomradeInline]


@admin.register(Fokusomrade)
class FokusomradeAdmin(RulesAdminMixin, admin.ModelAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "overenskommelse", "order"]
    list_filter = ["overenskommelse"]
    search_fields = ["name", "description"]
    list_select_related = ["overenskommelse"]


class UppfoljningInline(RulesAdminMixin, admin.StackedInline):
    form = PublicTextAdminForm
    model = Uppfoljning
    extra = 0
    autocomplete_fields = ["author"]


class AktivitetInline(RulesAdminMixin, admin.TabularInline):
    form = PublicTextAdminForm
    model = Aktivitet
    extra = 0
    fields = ["title", "starts_at", "ends_at", "meeting_point", "omrade", "cancelled"]


@admin.register(Insats)
class InsatsAdmin(TranslatedAdminMixin, ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    actions = ["archive_selected"]
    list_display = [
        "title",
        "samverkansomrade",
        "status",
        "publication",
        "visibility",
        "start_date",
        "updated_at",
        "archived_at",
    ]
    list_filter = [
        "publication",
        "visibility",
        "status",
        "samverkansomrade",
        "target_group",
        "omraden",
    ]
    search_fields = ["title", "summary", "description", "contact"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["samverkansomrade"]
    autocomplete_fields = ["samverkansomrade", "grupp", "responsible"]
    filter_horizontal = ["partners", "omraden", "fokusomraden"]
    date_hierarchy = "start_date"
    inlines = [UppfoljningInline, AktivitetInline]

    # Insatser are archived, never deleted, by anyone: their history is the record of the
    # work, and the annual report refers to them.
    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Archive selected interventions"), permissions=["change"])
    def archive_selected(self, request, queryset):
        archived = refused = 0
        for insats in queryset.filter(archived_at__isnull=True):
            try:
                archive_insats(insats=insats, user=request.user)
            except PermissionDenied:
                refused += 1
            else:
                archived += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d intervention was archived; its history is kept.",
                "%(count)d interventions were archived; their history is kept.",
                archived,
            )
            % {"count": archived},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d intervention was not archived: you may not change it.",
                    "%(count)d interventions were not archived: you may not change them.",
                    refused,
                )
                % {"count": refused},
                messages.ERROR,
            )


@admin.register(Uppfoljning)
class UppfoljningAdmin(ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["insats", "date", "is_public", "author"]
    list_filter = ["is_public", "insats__samverkansomrade"]
    search_fields = ["insats__title", "done", "result"]
    list_select_related = ["insats", "author"]
    autocomplete_fields = ["insats", "author"]
    date_hierarchy = "date"


@admin.register(Aktivitet)
class AktivitetAdmin(ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["title", "insats", "starts_at", "meeting_point", "omrade", "cancelled"]
    list_filter = ["cancelled", "omrade", "insats__samverkansomrade"]
    search_fields = ["title", "meeting_point", "insats__title"]
    list_select_related = ["insats", "omrade"]
    autocomplete_fields = ["insats", "omrade"]
    date_hierarchy = "starts_at"
