"""Single sign-on: who an account is at the kommun's OpenID Provider, and what its groups mean.

The provider says who someone is (issuer and subject) and which groups they are in (the
claim named by OIDC_GROUPS_CLAIM). Administrators decide in admin what a group means here:
a role (``OidcRollkoppling``) or the organisation the official works for
(``OidcOrgankoppling``). Memberships of forums, groups and areas are the portal's own.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.roles import ROLES

from .organ import Organ

__all__ = ["OidcIdentitet", "OidcOrgankoppling", "OidcRollkoppling"]

# Claim values are group names or ids (Entra ID sends object ids, 36 characters); a
# provider's issuer and subject fit in 255 (OpenID Connect allows a subject of 255 ASCII).
CLAIM_VALUE_LENGTH = 255


class OidcIdentitet(models.Model):
    """An account that signs in through the kommun's OpenID Provider."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="oidc_identitet",
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(
        _("subject"),
        max_length=255,
        help_text=_("The provider's permanent identifier of the person (the claim sub)."),
    )
    created_at = models.DateTimeField(_("first signed in"), auto_now_add=True)
    linked_by_email = models.EmailField(
        _("linked by e-mail"),
        blank=True,
        help_text=_(
            "Set when the first SSO login took over an existing local account whose address "
            "the provider had verified."
        ),
    )

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.subject})"


class OidcRollkoppling(models.Model):
    """A value of the groups claim that gives the portal role ``role``."""

    claim_value = models.CharField(
        _("value of the groups claim"),
        max_length=CLAIM_VALUE_LENGTH,
        unique=True,
        help_text=_(
            "Exactly as the provider sends it: the group's name (Keycloak) or object id "
            "(Microsoft Entra ID)."
        ),
    )
    role = models.ForeignKey(
        Group,
        verbose_name=_("role"),
        on_delete=models.CASCADE,
        limit_choices_to={"name__in": list(ROLES)},
        related_name="+",
    )

    class Meta:
        verbose_name = _("group claim to role")
        verbose_name_plural = _("group claims to roles")
        ordering = ["claim_value"]

    def __str__(self):
        return f"{self.claim_value} → {self.role}"


class OidcOrgankoppling(models.Model):
    """A value of the groups claim that says the official works for ``organ``."""

    claim_value = models.CharField(
        _("value of the groups claim"),
        max_length=CLAIM_VALUE_LENGTH,
        unique=True,
        help_text=_(
            "Exactly as the provider sends it: the group's name (Keycloak) or object id "
            "(Microsoft Entra ID)."
        ),
    )
    organ = models.ForeignKey(Organ, verbose_name=_("organisation"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("group claim to organisation")
        verbose_name_plural = _("group claims to organisations")
        ordering = ["claim_value"]

    def __str__(self):
        return f"{self.claim_value} → {self.organ}"
