"""Onboarding an official on one admin screen.

Django's own user screen asks an administrator to pick groups in a dual select box (one
mis-click gave an account all four roles) and shows some 200 raw permissions; the
organisation and the memberships lived on three other screens. Here an account has one
role, chosen from the list with what each role is for, the organisation it works for, and
its memberships inline. Superusers keep Django's full screen as "accounts with raw
permissions".

It lives in samverkan because the memberships of collaboration groups and areas are
samverkan's, and imports run organisation ← samverkan.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, User
from django.urls import path
from django.utils.translation import gettext_lazy as _

from organisation import roles
from organisation.admin_access import RulesAdminMixin
from organisation.models import Forummedlemskap, KontoMedBehorigheter, Organ, Organtillhorighet
from samverkan.models import Gruppmedlemskap, Samverkansomrade

LOCAL_ACCOUNT = _("Local account")
SSO_ACCOUNT = "SSO"


def role_choices():
    return [(name, f"{name}: {description}") for name, description in roles.ROLES.items()]


def role_names_of(user) -> list[str]:
    """The user's roles, in the order of ``roles.ROLES``, from prefetched groups."""
    names = {group.name for group in user.groups.all()}
    return [name for name in roles.ROLES if name in names]


def sign_in_kind(user) -> str:
    """An account that signs in through the kommun's identity provider has no usable
    local password: that is how SSO accounts are told from local ones."""
    return LOCAL_ACCOUNT if user.has_usable_password() else SSO_ACCOUNT


def role_field():
    return forms.ChoiceField(
        label=_("Role"),
        choices=role_choices,
        widget=forms.RadioSelect,
        help_text=_(
            "One role per account. Rights to single forums, groups and areas come from "
            "the memberships below."
        ),
    )


def organ_field():
    return forms.ModelChoiceField(
        Organ.objects.order_by("name"),
        label=_("Organisation"),
        required=False,
        help_text=_("The organisation the official works for; EST reports are made for it."),
    )


class AccountFieldsMixin:
    """The role and the organisation, which live in other tables than the user row."""

    def init_account_fields(self):
        user = self.instance
        if not user.pk:
            return
        names = role_names_of(user)
        if names:
            self.fields["role"].initial = names[0]
        if len(names) > 1:
            self.fields["role"].help_text = _(
                "This account has several roles (%(roles)s); saving keeps the one chosen."
            ) % {"roles": ", ".join(names)}
        self.fields["organ"].initial = (
            Organtillhorighet.objects.filter(user=user).values_list("organ", flat=True).first()
        )

    def save_account(self, user):
        """Exactly the chosen role among the role groups; other groups are left alone."""
        role = Group.objects.get_or_create(name=self.cleaned_data["role"])[0]
        others = list(user.groups.exclude(name__in=roles.ROLES))
        user.groups.set([*others, role])
        organ = self.cleaned_data.get("organ")
        if organ is None:
            Organtillhorighet.objects.filter(user=user).delete()
        else:
            Organtillhorighet.objects.update_or_create(user=user, defaults={"organ": organ})
        roles.forget(user)


class AccountCreationForm(AccountFieldsMixin, AdminUserCreationForm):
    role = role_field()
    organ = organ_field()


class AccountChangeForm(AccountFieldsMixin, UserChangeForm):
    role = role_field()
    organ = organ_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_account_fields()


class AccountGroupInline(RulesAdminMixin, admin.TabularInline):
    model = Gruppmedlemskap
    extra = 0
    autocomplete_fields = ["grupp"]


class AccountForumInline(RulesAdminMixin, admin.TabularInline):
    model = Forummedlemskap
    extra = 0
    autocomplete_fields = ["forum"]


class AccountAreaInline(RulesAdminMixin, admin.TabularInline):
    model = Samverkansomrade.coordinators.through
    extra = 0
    autocomplete_fields = ["samverkansomrade"]
    verbose_name = _("area coordination")
    verbose_name_plural = _("area coordination (publishes the area's insatser)")


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "roll"

    def lookups(self, request, model_admin):
        return [(name, name) for name in roles.ROLES]

    def queryset(self, request, queryset):
        if self.value() in roles.ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(RulesAdminMixin, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and organisation"), {"fields": ("role", "organ", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (_("Sign-in"), {"fields": ("usable_password", "password1", "password2")}),
        (_("Role and organisation"), {"fields": ("role", "organ")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    inlines = [AccountGroupInline, AccountForumInline, AccountAreaInline]
    list_display = ["username", "full_name", "role_list", "organisation", "last_login", "sign_in"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organtillhorighet__organ"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("role"))
    def role_list(self, user):
        return ", ".join(role_names_of(user)) or "–"

    @admin.display(description=_("organisation"), ordering="organtillhorighet__organ__name")
    def organisation(self, user):
        tillhorighet = getattr(user, "organtillhorighet", None)
        return tillhorighet.organ if tillhorighet else "–"

    @admin.display(description=_("sign-in"))
    def sign_in(self, user):
        return sign_in_kind(user)

    def save_model(self, request, obj, form, change):
        # The admin's door opens on the staff flag: it follows the role, so an administrator
        # never has to know about it. Superusers keep theirs.
        obj.is_staff = obj.is_superuser or form.cleaned_data["role"] == roles.ADMINISTRATOR
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_account(form.instance)


class SuperuserOnlyMixin:
    """Django's raw screens: the rule ``organisation.grant_permissions`` decides."""

    def _may(self, request):
        return request.user.has_perm("organisation.grant_permissions")

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request):
        return self._may(request)


@admin.register(KontoMedBehorigheter)
class RawPermissionsAccountAdmin(SuperuserOnlyMixin, UserAdmin):
    def get_urls(self):
        # Django's UserAdmin names its password URL after auth.User; the proxy needs its own.
        password, *others = super().get_urls()
        return [
            path(
                "<id>/password/",
                self.admin_site.admin_view(self.user_change_password),
                name="organisation_kontomedbehorigheter_password_change",
            ),
            *others,
        ]


@admin.register(Group)
class RoleGroupAdmin(SuperuserOnlyMixin, GroupAdmin):
    pass
