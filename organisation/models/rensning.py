"""The record of personal data erased from an object and its history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Rensning"]


class Rensning(models.Model):
    """A record that an administrator erased a value from an object and all its history.

    Says who, when, why and where, never what: the erased value is stored nowhere.
    """

    model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    fields = models.JSONField(_("fields"), default=list)
    rows_changed = models.PositiveIntegerField(
        _("rows changed"),
        help_text=_("The object itself, its history versions and its admin log entries."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.model} {self.object_id} {self.erased_at:%Y-%m-%d %H:%M}"
