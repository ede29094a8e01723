from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisation.models import (
    Forum,
    Forumdeltagande,
    Forummedlemskap,
    Kommun,
    Motesrytm,
    Organ,
    StyrandeDokument,
)


@admin.register(Kommun)
class KommunAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "programme_name", "contact_email"]

    def has_add_permission(self, request):
        # One kommun per installation.
        return not Kommun.objects.exists()


@admin.register(Organ)
class OrganAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class MotesrytmInline(admin.TabularInline):
    model = Motesrytm
    extra = 0


class ForumdeltagandeInline(admin.TabularInline):
    model = Forumdeltagande
    extra = 0
    autocomplete_fields = ["organ"]


class ForummedlemskapInline(admin.TabularInline):
    model = Forummedlemskap
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "level", "responsible", "cadence_note", "is_public"]
    list_filter = ["level", "is_public", "responsible"]
    search_fields = ["name", "short_name", "purpose", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["responsible"]
    autocomplete_fields = ["responsible", "coordinator", "reports_to"]
    filter_horizontal = ["steering_documents"]
    inlines = [MotesrytmInline, ForumdeltagandeInline, ForummedlemskapInline]


@admin.register(StyrandeDokument)
class StyrandeDokumentAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name", "description"]


@admin.register(Forummedlemskap)
class ForummedlemskapAdmin(admin.ModelAdmin):
    list_display = ["user", "forum", "role"]
    list_filter = ["forum", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "forum__name"]
    list_select_related = ["user", "forum"]
    autocomplete_fields = ["user", "forum"]
