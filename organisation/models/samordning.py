"""The samordningsfunktion: who coordinates the kommun's crime-prevention work.

Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete (§ 5) requires the kommun
to have a function that coordinates the work. The portal records who holds it (an organ,
optionally the unit that carries it out), in which role, with which mandate and how to
reach it. It names a role and a function mailbox, never a person, and it is public: the
organisation page shows it to everyone.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.publication import PublicTextModel, labelled_text

from .organ import Kommun, Organ

__all__ = ["Samordningsfunktion"]

# Digits, spaces, a leading plus and the separators Swedish numbers are written with.
PHONE_PATTERN = r"^\+?[0-9][0-9 ()–-]{4,28}$"


class Samordningsfunktion(PublicTextModel, models.Model):
    """The coordinating function Lag 2023:196 requires; one per kommun."""

    kommun = models.OneToOneField(
        Kommun,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="samordningsfunktion",
    )
    organ = models.ForeignKey(
        Organ,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="samordningsfunktioner",
        help_text=_("The body that holds the function, e.g. Kommunstyrelsen."),
    )
    unit = models.ForeignKey(
        Organ,
        verbose_name=_("carried out by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="samordningsfunktioner_utforda",
        help_text=_("The unit that does the work on the body's behalf, e.g. CKS."),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        help_text=_("A role, never a person's name, e.g. 'Säkerhetsstrateg vid CKS'."),
    )
    mandate = models.TextField(
        _("mandate"), max_length=5000, help_text=_("What the function is charged with. Markdown.")
    )
    decision = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("The decision that gave the mandate, e.g. 'KS 2017-01-20, dnr 2017/KS0121'."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), help_text=_("A function mailbox, not a person's address.")
    )
    contact_phone = models.CharField(
        _("contact telephone"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(PHONE_PATTERN)],
        help_text=_("The function's or the switchboard's number."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordinating function")
        verbose_name_plural = _("coordinating functions")

    def __str__(self):
        return f"{self.role} ({self.organ})"

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["role", "mandate", "decision"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        # Public as it stands: the law asks residents to be able to find it.
        return self.all_text()
