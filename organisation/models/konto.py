from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

__all__ = ["KontoMedBehorigheter"]


class KontoMedBehorigheter(User):
    """The same accounts, on Django's own admin screen with every raw permission.

    Administrators onboard officials on the account screen (one role, organisation,
    memberships); this proxy keeps Django's full screen within reach of superusers for the
    rare case that needs a permission by hand.
    """

    class Meta:
        proxy = True
        verbose_name = _("account with raw permissions")
        verbose_name_plural = _("accounts with raw permissions")
