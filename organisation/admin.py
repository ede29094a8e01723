from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class DagordningspunktInline(admin.TabularInline):
    model = Dagordningspunkt
    extra = 0
    autocomplete_fields = ["insats"]


class BeslutInline(admin.TabularInline):
    model = Beslut
    extra = 0
    autocomplete_fields = ["responsible"]


class BilagaInline(admin.TabularInline):
    model = Bilaga
    extra = 0
    # Files arrive through the workspace, where their content is checked.
    fields = ["title", "original_name", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mote)
class MoteAdmin(SimpleHistoryAdmin):
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
class BeslutAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mote", "responsible", "due_date", "done"]
    list_filter = ["done", "mote__forum"]
    search_fields = ["text"]
    list_select_related = ["mote__forum", "responsible"]
    autocomplete_fields = ["mote", "responsible"]
