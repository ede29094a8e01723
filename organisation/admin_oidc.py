"""Admin for single sign-on: what the provider's groups mean here, and who signed in by it."""

from django.contrib import admin

from organisation.admin_access import RulesAdminMixin
from organisation.models import OidcIdentitet, OidcOrgankoppling, OidcRollkoppling


@admin.register(OidcRollkoppling)
class OidcRollkopplingAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["claim_value", "role"]
    list_filter = ["role"]
    search_fields = ["claim_value"]
    list_select_related = ["role"]


@admin.register(OidcOrgankoppling)
class OidcOrgankopplingAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ["claim_value", "organ"]
    search_fields = ["claim_value", "organ__name"]
    list_select_related = ["organ"]
    autocomplete_fields = ["organ"]


@admin.register(OidcIdentitet)
class OidcIdentitetAdmin(RulesAdminMixin, admin.ModelAdmin):
    """Made by the first login; deleting one unlinks the account from the provider."""

    list_display = ["user", "subject", "issuer", "created_at", "linked_by_email"]
    search_fields = ["user__username", "user__email", "subject"]
    list_select_related = ["user"]
    readonly_fields = ["user", "issuer", "subject", "created_at", "linked_by_email"]

    def has_add_permission(self, request):
        return False
