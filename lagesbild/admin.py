from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from lagesbild.models import (
    Atgard,
    Atgardsplan,
    EstAtgard,
    EstKvartalsbeslut,
    EstPeriodval,
    EstPlats,
    EstPrioritering,
    Handelsekategori,
    Handelserapport,
    Indikator,
    Indikatorvarde,
    Jamforelsekommun,
    Jamforelsevarde,
    Lagesbild,
    Lofte,
    Medborgarloften,
    Metodbyte,
    Omradesvarde,
    Problem,
    Trygghetsmatning,
)
from organisation.admin_access import PublicTextAdminForm, RulesAdminMixin
from organisation.admin_erasure import ErasureAdminMixin
from organisation.translation_forms import TranslatedAdminMixin


class IndikatorvardeInline(RulesAdminMixin, admin.TabularInline):
    model = Indikatorvarde
    extra = 0
    fields = ["year", "value", "national_median", "median_basis", "national_share_yes"]


@admin.register(Indikator)
class IndikatorAdmin(TranslatedAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["code", "name", "unit", "kind", "lower_is_better", "category", "order"]
    list_filter = ["kind", "lower_is_better", "category", "source"]
    search_fields = ["code", "name", "description", "source"]
    inlines = [IndikatorvardeInline]


@admin.register(Indikatorvarde)
class IndikatorvardeAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    list_display = ["indikator", "year", "value", "national_median", "national_share_yes"]
    list_filter = ["year", "indikator"]
    search_fields = ["indikator__code", "indikator__name"]
    list_select_related = ["indikator"]
    autocomplete_fields = ["indikator"]


@admin.register(Jamforelsekommun)
class JamforelsekommunAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(Jamforelsevarde)
class JamforelsevardeAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["indikator", "kommun", "year", "value"]
    list_filter = ["kommun", "year", "indikator"]
    search_fields = ["indikator__code", "indikator__name", "kommun__name"]
    list_select_related = ["indikator", "kommun"]
    autocomplete_fields = ["indikator", "kommun"]


def _frozen(obj) -> bool:
    # The stored row decides: the history view passes an earlier (draft) state as obj.
    return (
        obj is not None
        and obj.pk is not None
        and Lagesbild.objects.filter(pk=obj.pk, status=Lagesbild.Status.FASTSTALLD).exists()
    )


class ProblemInline(RulesAdminMixin, admin.StackedInline):
    form = PublicTextAdminForm
    model = Problem
    extra = 0
    fields = [
        ("priority", "title"),
        "key",
        "description",
        ("place", "time_pattern"),
        "omraden",
        ("owner", "is_public"),
        "orsaksanalys",
    ]
    autocomplete_fields = ["omraden", "owner"]

    # A fastställd lägesbild is frozen; its problems with it.
    def has_add_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(Lagesbild)
class LagesbildAdmin(ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = [
        "title",
        "version",
        "scope",
        "samverkansomrade",
        "omrade",
        "period_start",
        "period_end",
        "status",
        "adopted_on",
        "summary_published_at",
    ]
    list_filter = ["status", "scope", "samverkansomrade", "adopted_by"]
    search_fields = ["title", "public_summary"]
    list_select_related = ["samverkansomrade", "omrade"]
    autocomplete_fields = [
        "samverkansomrade",
        "omrade",
        "fokusomrade",
        "author_body",
        "author_forum",
    ]
    readonly_fields = ["slug", "version", "previous_version", "series", "summary_published_at"]
    date_hierarchy = "period_start"
    inlines = [ProblemInline]

    def has_change_permission(self, request, obj=None):
        # Without change permission the admin shows the fastställd lägesbild read-only.
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return _frozen(obj) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and _frozen(Lagesbild(pk=object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Problem)
class ProblemAdmin(ErasureAdminMixin, RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["title", "priority", "lagesbild", "owner", "is_public"]
    list_filter = ["is_public", "lagesbild__status", "owner"]
    search_fields = ["title", "description", "lagesbild__title"]
    list_select_related = ["lagesbild", "owner"]
    autocomplete_fields = ["lagesbild", "omraden", "owner"]

    # A problem is frozen with its lägesbild; the stored lägesbild decides.
    def has_change_permission(self, request, obj=None):
        return not (obj and _frozen(obj.lagesbild)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _frozen(obj.lagesbild)) and super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return bool(obj and _frozen(obj.lagesbild)) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        problem = Problem.objects.filter(pk=object_id).first()
        if request.method == "POST" and problem and _frozen(problem.lagesbild):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class AtgardInline(RulesAdminMixin, admin.TabularInline):
    model = Atgard
    extra = 0
    fields = ["problem", "insats", "expected_effect", "time_horizon", "owner"]
    autocomplete_fields = ["problem", "insats", "owner"]


@admin.register(Atgardsplan)
class AtgardsplanAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["title", "lagesbild", "period_start", "period_end", "status", "adopted_on"]
    list_filter = ["status", "adopted_by"]
    search_fields = ["title", "lagesbild__title"]
    list_select_related = ["lagesbild", "adopted_by"]
    autocomplete_fields = ["lagesbild", "adopted_by"]
    inlines = [AtgardInline]


@admin.register(Atgard)
class AtgardAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    list_display = ["problem", "insats", "atgardsplan", "time_horizon", "owner", "status"]
    list_filter = ["time_horizon", "atgardsplan", "status"]
    search_fields = ["problem__title", "insats__title", "expected_effect"]
    list_select_related = ["problem", "insats", "atgardsplan", "owner"]
    autocomplete_fields = ["atgardsplan", "problem", "insats", "owner", "indikator"]
    readonly_fields = ["status_set_by", "status_set_at"]

    def save_model(self, request, obj, form, change):
        # Who assessed the target, and when, is stamped here; the history keeps the rest.
        obj.stamp_status(
            request.user,
            previous=form.initial.get("status", ""),
            previous_reason=form.initial.get("status_reason", ""),
        )
        super().save_model(request, obj, form, change)


# --- Medborgarlöften ----------------------------------------------------------------------


class LofteInline(RulesAdminMixin, admin.StackedInline):
    form = PublicTextAdminForm
    model = Lofte
    extra = 0
    autocomplete_fields = ["party", "insats", "indikator"]
    fields = [
        "order",
        "party",
        "promise",
        ("planned_output", "planned_count"),
        ("insats", "achieved_count"),
        ("indikator", "baseline", "target"),
        ("status", "status_reason"),
        ("status_set_by", "status_set_at"),
    ]
    readonly_fields = ["status_set_by", "status_set_at"]


@admin.register(Medborgarloften)
class MedborgarloftenAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    form = PublicTextAdminForm
    list_display = ["title", "omrade", "year", "published_at", "is_example"]
    list_filter = ["year", "omrade", "is_example"]
    search_fields = ["title", "summary", "loften__promise"]
    list_select_related = ["omrade"]
    autocomplete_fields = ["omrade", "atgardsplan"]
    filter_horizontal = ["parties"]
    inlines = [LofteInline]

    def save_formset(self, request, form, formset, change):
        # Who set a promise's status, and when, is stamped here; the history keeps the rest.
        if formset.model is Lofte:
            for inline_form in formset.forms:
                inline_form.instance.stamp_status(
                    request.user,
                    previous=inline_form.initial.get("status", ""),
                    previous_reason=inline_form.initial.get("status_reason", ""),
                )
        super().save_formset(request, form, formset, change)


# --- EST ---------------------------------------------------------------------------------


@admin.register(Handelsekategori)
class HandelsekategoriAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(EstPlats)
class EstPlatsAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "omrade", "status", "merged_into"]
    list_filter = ["status", "omrade"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["omrade", "merged_into"]


@admin.register(Handelserapport)
class HandelserapportAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    list_display = ["occurred_on", "kategori", "omrade", "plats", "organ", "withdrawn_at"]
    list_filter = ["kategori", "grupp", "omrade", "organ"]
    date_hierarchy = "occurred_on"
    list_select_related = ["kategori", "omrade", "plats", "organ"]
    autocomplete_fields = ["grupp", "omrade", "plats", "organ", "reporter"]
    readonly_fields = ["iso_year", "iso_week", "created_at"]


@admin.register(EstAtgard)
class EstAtgardAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    list_display = ["text", "grupp", "iso_year", "iso_week", "owner", "status"]
    list_filter = ["grupp", "status"]


@admin.register(EstPrioritering)
class EstPrioriteringAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["grupp", "year", "period_kind", "quarter", "omrade", "plats"]
    list_filter = ["grupp", "year", "period_kind"]


@admin.register(EstPeriodval)
class EstPeriodvalAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["grupp", "period_kind"]
    list_filter = ["period_kind"]


@admin.register(Trygghetsmatning)
class TrygghetsmatningAdmin(RulesAdminMixin, admin.ModelAdmin):
    form = PublicTextAdminForm
    list_display = ["name", "year", "organiser", "is_example"]
    list_filter = ["organiser", "year", "is_example"]
    search_fields = ["name", "method"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Metodbyte)
class MetodbyteAdmin(RulesAdminMixin, admin.ModelAdmin):
    form = PublicTextAdminForm
    list_display = ["indikator", "year", "reason"]
    list_select_related = ["indikator"]


@admin.register(Omradesvarde)
class OmradesvardeAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    list_display = ["indikator", "omrade", "year", "value", "respondents", "matning"]
    list_filter = ["omrade", "year", "matning"]
    list_select_related = ["indikator", "omrade", "matning"]
    search_fields = ["indikator__code", "indikator__name", "omrade__name", "source"]


@admin.register(EstKvartalsbeslut)
class EstKvartalsbeslutAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    list_display = ["grupp", "year", "quarter", "decided_by", "decided_at"]
    list_select_related = ["grupp", "decided_by"]
    readonly_fields = ["decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        # The decision is the administrator's own when made here.
        if obj.decided_by_id is None:
            obj.decided_by = request.user
        super().save_model(request, obj, form, change)


# --- Background tasks (django-tasks-db) ------------------------------------------------
# The printed reports' queue: administrators read it to see whether a print failed and why.
# The library's own admin asks for model permissions the Administratör role does not hold;
# the same read-only screen through the access layer.


class TaskResultAdmin(RulesAdminMixin, DBTaskResultAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
