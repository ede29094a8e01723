"""The operational side: samverkansområden, their groups and the districts they work in."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.models import Forum, Organ


class Omrade(models.Model):
    """A geographic district or locality of the kommun (Hulta, Norrby, Dalsjöfors, …)."""

    class Kind(models.TextChoices):
        STADSDEL = "stadsdel", _("district of the town")
        TATORT = "tatort", _("locality")
        CENTRUM = "centrum", _("town centre")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Samverkansomrade(models.Model):
    """One of the collaboration areas, coordinated by one nämnd."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True)
    coordinating_body = models.ForeignKey(
        Organ,
        verbose_name=_("coordinating body"),
        on_delete=models.PROTECT,
        related_name="coordinated_areas",
    )
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("steered by forum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="samverkansomraden",
    )
    examples = models.TextField(_("examples of insatser"), blank=True, help_text=_("One per line."))
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_areas",
        help_text=_("Accounts that publish insatser within this area."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["coordinators"])

    class Meta:
        verbose_name = _("collaboration area")
        verbose_name_plural = _("collaboration areas")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("samverkan:samverkansomrade", kwargs={"slug": self.slug})

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class SamverkansgruppQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Samverkansgrupp(models.Model):
    """An operational group or network within a collaboration area."""

    class Kind(models.TextChoices):
        NATVERK = "natverk", _("network")
        ORTSRAD = "ortsrad", _("local council (ortsråd)")
        ARBETSGRUPP = "arbetsgrupp", _("working group")
        ENHET = "enhet", _("unit")
        VERKSAMHET = "verksamhet", _("programme")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    samverkansomrade = models.ForeignKey(
        Samverkansomrade,
        verbose_name=_("collaboration area"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        Organ,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
    )
    is_public = models.BooleanField(_("public"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = SamverkansgruppQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration group")
        verbose_name_plural = _("collaboration groups")
        ordering = ["samverkansomrade__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["samverkansomrade", "name"], name="group_name_unique_in_area"
            )
        ]

    def __str__(self):
        return self.name


class Gruppmedlemskap(models.Model):
    """A user account's membership of a collaboration group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    grupp = models.ForeignKey(
        Samverkansgrupp,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["grupp", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "grupp"], name="one_membership_per_group")
        ]

    def __str__(self):
        return f"{self.user} i {self.grupp}"
