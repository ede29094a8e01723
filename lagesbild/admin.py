from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lagesbild.models import Indikator, Indikatorvarde, Jamforelsekommun, Jamforelsevarde


class IndikatorvardeInline(admin.TabularInline):
    model = Indikatorvarde
    extra = 0
    fields = ["year", "value", "national_median", "median_basis", "national_share_yes"]


@admin.register(Indikator)
class IndikatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "kind", "lower_is_better", "category", "order"]
    list_filter = ["kind", "lower_is_better", "category", "source"]
    search_fields = ["code", "name", "description", "source"]
    inlines = [IndikatorvardeInline]


@admin.register(Indikatorvarde)
class IndikatorvardeAdmin(SimpleHistoryAdmin):
    list_display = ["indikator", "year", "value", "national_median", "national_share_yes"]
    list_filter = ["year", "indikator"]
    search_fields = ["indikator__code", "indikator__name"]
    list_select_related = ["indikator"]
    autocomplete_fields = ["indikator"]


@admin.register(Jamforelsekommun)
class JamforelsekommunAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(Jamforelsevarde)
class JamforelsevardeAdmin(admin.ModelAdmin):
    list_display = ["indikator", "kommun", "year", "value"]
    list_filter = ["kommun", "year", "indikator"]
    search_fields = ["indikator__code", "indikator__name", "kommun__name"]
    list_select_related = ["indikator", "kommun"]
    autocomplete_fields = ["indikator", "kommun"]
