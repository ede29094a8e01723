from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samverkan.models import Gruppmedlemskap, Omrade, Samverkansgrupp, Samverkansomrade


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
