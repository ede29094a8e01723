"""The municipality, its bodies, steering documents and the organisation an account works for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.publication import AlwaysPublicTextModel, PublicTextModel, labelled_text
from organisation.translation import Translated, TranslatedModel, translations

__all__ = ["CC0", "Kommun", "Organ", "Organtillhorighet", "StyrandeDokument"]

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


class Kommun(PublicTextModel, TranslatedModel, models.Model):
    """The municipality this installation serves. One row; its structure is data, not code."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        help_text=_("The four-digit municipality code used by Kolada and SCB, e.g. 1490."),
    )
    programme_name = models.CharField(
        _("name of the programme"), max_length=100, default="Säker och trygg kommun"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_en, introduction_fi = translations(introduction)
    goal = models.TextField(_("goal"), blank=True)
    goal_en, goal_fi = translations(goal)
    slogans = models.TextField(
        _("guiding phrases"), blank=True, help_text=_("One phrase per line.")
    )
    slogans_en, slogans_fi = translations(slogans)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("A function mailbox, not a person's address.")
    )
    accessibility_email = models.EmailField(_("e-mail for accessibility feedback"), blank=True)
    # Set by load_demo, cleared by an administrator: while set, every public page says that
    # what it shows is example data. Read with the kommun row the header needs anyway.
    example_data_loaded_at = models.DateTimeField(
        _("example data loaded"),
        null=True,
        blank=True,
        help_text=_("While set, every public page carries a banner saying it shows example data."),
    )
    fault_report_url = models.URLField(
        _("fault reporting service"),
        blank=True,
        help_text=_(
            "The kommun's own service for broken street lamps, potholes and the like; "
            "the tips form links to it."
        ),
    )
    # Open data is CC0 unless the kommun's structure file names another licence.
    open_data_license = models.URLField(
        _("licence of the open data"),
        default=CC0,
        help_text=_(
            "The licence's address, stated in every open-data file and in the data catalogue."
        ),
    )
    logo = models.CharField(
        _("logo"),
        max_length=200,
        blank=True,
        help_text=_("A static file, e.g. img/kommun/logo.svg, printed on the annual report."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="kommun_code_four_digits"
            )
        ]

    # The start page's texts; the programme's name is a name, the same in every language.
    translated_fields = ("introduction", "goal", "slogans")

    def __str__(self):
        return self.name

    def public_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, self.translation_columns())

    @property
    def slogan_list(self) -> list[str]:
        return [line.strip() for line in self.slogans.splitlines() if line.strip()]

    @property
    def translated_slogans(self):
        """The phrases in the active language, each marked when it is Swedish instead."""
        slogans = self.tr.slogans
        return [
            Translated(line.strip(), slogans.lang, slogans.fallback)
            for line in slogans.splitlines()
            if line.strip()
        ]


class OrganQuerySet(models.QuerySet):
    def internal(self):
        return self.exclude(kind=Organ.Kind.EXTERN)

    def external(self):
        return self.filter(kind=Organ.Kind.EXTERN)


class Organ(AlwaysPublicTextModel, models.Model):
    """A body: the executive board, a nämnd, a förvaltning, a company or an external partner.

    Every body is public: the organisation page, the forum pages and the open dataset
    "organisation" show its name and description, so the publication guard reads them all.
    """

    class Kind(models.TextChoices):
        KOMMUNSTYRELSE = "kommunstyrelse", _("municipal executive board")
        NAMND = "namnd", _("committee (nämnd)")
        FORVALTNING = "forvaltning", _("administration (förvaltning)")
        AVDELNING = "avdelning", _("department")
        BOLAG = "bolag", _("municipal company")
        EXTERN = "extern", _("external partner")

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = OrganQuerySet.as_manager()
    always_public_fields = ("name", "short_name", "description")

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organ_not_its_own_parent"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class StyrandeDokument(AlwaysPublicTextModel, models.Model):
    """A steering document a forum works from (Borås 2025, the police agreement, …).

    Public: the forum pages list the documents with their descriptions.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)
    always_public_fields = ("name", "description")

    class Meta:
        verbose_name = _("steering document")
        verbose_name_plural = _("steering documents")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organtillhorighet(models.Model):
    """The organisation an official works for, and on whose behalf they report (EST)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organtillhorighet",
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        verbose_name = _("organisation of an account")
        verbose_name_plural = _("organisations of accounts")
        ordering = ["organ", "user"]

    def __str__(self):
        return f"{self.user} – {self.organ}"
