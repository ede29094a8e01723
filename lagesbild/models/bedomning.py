"""An analyst's assessed status of a target or a promise, with the reason.

Kommunstyrelsen reads whether each target of an åtgärdsplan and each medborgarlöfte was
met. The status is a judgement, not a calculation: the analyst sets it and says why, and
the row's history (simple_history on the model that uses this mixin) keeps who set it,
when and why for the auditors. Pages show it as a word and a symbol, never colour alone.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Bedomning", "BedomdStatus"]


class Bedomning(models.TextChoices):
    UPPFYLLT = "uppfyllt", _("met")
    DELVIS = "delvis", _("partly met")
    EJ_UPPFYLLT = "ej_uppfyllt", _("not met")
    KAN_INTE_BEDOMAS = "kan_inte_bedomas", _("cannot be assessed")


# A symbol for each status, beside the word (WCAG 1.4.1: not by colour alone).
SYMBOLS = {
    Bedomning.UPPFYLLT: "✔",
    Bedomning.DELVIS: "◐",
    Bedomning.EJ_UPPFYLLT: "✘",
    Bedomning.KAN_INTE_BEDOMAS: "?",
}


class BedomdStatus(models.Model):
    """Abstract: a status set by an analyst, with the reason, who and when."""

    status = models.CharField(
        _("assessed status"), max_length=20, choices=Bedomning.choices, blank=True
    )
    status_reason = models.TextField(
        _("reason for the status"),
        max_length=2000,
        blank=True,
        help_text=_("Why the status was set; printed with it."),
    )
    status_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    status_set_at = models.DateTimeField(_("status set"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def status_symbol(self) -> str:
        return SYMBOLS.get(self.status, "")

    def clean_status(self) -> dict:
        if self.status and not self.status_reason.strip():
            return {
                "status_reason": ValidationError(
                    _("Say why the status was set."), code="status_reason_missing"
                )
            }
        return {}

    def stamp_status(self, user, *, previous: str, previous_reason: str) -> None:
        """Record who set the status when it or its reason changed."""
        from django.utils import timezone

        if (self.status, self.status_reason) != (previous, previous_reason):
            self.status_set_by = user
            self.status_set_at = timezone.now() if self.status else None
