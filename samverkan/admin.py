from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class SamverkansgruppInline(admin.TabularInline):
    model = Samverkansgrupp
    extra = 0
    fields = ["name", "slug", "kind", "responsible", "is_public", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Samverkansomrade)
class SamverkansomradeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "coordinating_body", "forum", "order"]
    list_filter = ["coordinating_body", "forum"]
    search_fields = ["name", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["coordinating_body", "forum"]
    autocomplete_fields = ["coordinating_body", "forum", "coordinators"]
    inlines = [SamverkansgruppInline]


class GruppmedlemskapInline(admin.TabularInline):
    model = Gruppmedlemskap
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Samverkansgrupp)
class SamverkansgruppAdmin(SimpleHistoryAdmin):
    list_display = ["name", "samverkansomrade", "kind", "responsible", "is_public"]
    list_filter = ["samverkansomrade", "kind", "is_public"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["samverkansomrade", "responsible"]
    autocomplete_fields = ["samverkansomrade", "responsible"]
    inlines = [GruppmedlemskapInline]


@admin.register(Omrade)
class OmradeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Gruppmedlemskap)
class GruppmedlemskapAdmin(admin.ModelAdmin):
    list_display = ["user", "grupp"]
    list_filter = ["grupp__samverkansomrade", "grupp"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "grupp__name"]
    list_select_related = ["user", "grupp"]
    autocomplete_fields = ["user", "grupp"]


class FokusomradeInline(admin.TabularInline):
    model = Fokusomrade
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Overenskommelse)
class OverenskommelseAdmin(admin.ModelAdmin):
    list_display = ["name", "period_start", "period_end"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["parties", "forums"]
    inlines = [FokusomradeInline]


@admin.register(Fokusomrade)
class FokusomradeAdmin(admin.ModelAdmin):
    list_display = ["name", "overenskommelse", "order"]
    list_filter = ["overenskommelse"]
    search_fields = ["name", "description"]
    list_select_related = ["overenskommelse"]


class UppfoljningInline(admin.StackedInline):
    model = Uppfoljning
    extra = 0
    autocomplete_fields = ["author"]


class AktivitetInline(admin.TabularInline):
    model = Aktivitet
    extra = 0
    fields = ["title", "starts_at", "ends_at", "meeting_point", "omrade", "cancelled"]


@admin.register(Insats)
class InsatsAdmin(SimpleHistoryAdmin):
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


@admin.register(Uppfoljning)
class UppfoljningAdmin(SimpleHistoryAdmin):
    list_display = ["insats", "date", "is_public", "author"]
    list_filter = ["is_public", "insats__samverkansomrade"]
    search_fields = ["insats__title", "done", "result"]
    list_select_related = ["insats", "author"]
    autocomplete_fields = ["insats", "author"]
    date_hierarchy = "date"


@admin.register(Aktivitet)
class AktivitetAdmin(SimpleHistoryAdmin):
    list_display = ["title", "insats", "starts_at", "meeting_point", "omrade", "cancelled"]
    list_filter = ["cancelled", "omrade", "insats__samverkansomrade"]
    search_fields = ["title", "meeting_point", "insats__title"]
    list_select_related = ["insats", "omrade"]
    autocomplete_fields = ["insats", "omrade"]
    date_hierarchy = "starts_at"
