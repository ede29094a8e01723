"""The admin asks the access layer, and saves through the publication guard.

Only administrators use the admin. A staff flag or a model permission granted by hand is
not enough: every admin page of the project's models asks ``is_administrator``, and for
an object also the rule the workspace asks (``samverkan.change_insats`` for an insats),
so a rule that one day refuses a row refuses it in the admin too.
"""

import rules
from django import forms

from organisation import roles
from organisation.publication import PublicTextFormMixin


class PublicTextAdminForm(PublicTextFormMixin, forms.ModelForm):
    """The admin's form for guarded models: a personnummer is a field error, not a 500."""


def _rule_for(action: str, obj) -> str | None:
    """The registered rule for ``action`` on ``obj``; delete and add fall back to change."""
    opts = obj._meta
    for name in (action, "change") if action in {"add", "delete"} else (action,):
        perm = f"{opts.app_label}.{name}_{opts.model_name}"
        if rules.perm_exists(perm):
            return perm
    return None


def allowed(request, action: str, obj=None) -> bool:
    """Administrators only; for an object also the rule of the action, where there is one."""
    user = request.user
    if not roles.is_administrator(user):
        return False
    if obj is None:
        return True
    perm = _rule_for(action, obj)
    return perm is None or user.has_perm(perm, obj)


class RulesAdminMixin:
    """For ModelAdmins and inlines. An inline's ``obj`` is its parent: its rule decides."""

    def has_module_permission(self, request):
        return allowed(request, "view")

    def has_view_permission(self, request, obj=None):
        return allowed(request, "view", obj)

    def has_change_permission(self, request, obj=None):
        return allowed(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return allowed(request, "delete", obj)

    def has_add_permission(self, request, *args):
        # ModelAdmin passes (request), an inline (request, parent).
        return allowed(request, "add", args[0] if args else None)
