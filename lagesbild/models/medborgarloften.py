"""Medborgarlöften: the police's and the kommun's yearly public promises for an område.

A year's promises for one område (``Medborgarloften``) hold one promise per row
(``Lofte``): what is promised, the planned output (e.g. "minst 4 trygghetsvandringar"),
the output achieved (counted from an insats's activities in the year where the promise
names one, else entered) and an outcome indicator with baseline and target. The analyst
assesses each promise (``BedomdStatus``). Residents read published promises on
``/medborgarloften/``; drafts are internal.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lagesbild import rules as access
from organisation.models import Organ
from organisation.publication import PublicTextModel, check_public_text, labelled_text
from samverkan.models import Insats, Omrade

from .atgardsplan import Atgardsplan
from .bedomning import BedomdStatus

__all__ = ["Lofte", "Medborgarloften"]


class MedborgarloftenQuerySet(models.QuerySet):
    def published(self):
        return self.filter(access.PUBLISHED_LOFTEN)


class Medborgarloften(PublicTextModel, models.Model):
    """One year's promises of the police and the kommun for one område."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    omrade = models.ForeignKey(
        Omrade,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="medborgarloften",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), max_length=5000, blank=True, help_text=_("Public once published. Markdown.")
    )
    parties = models.ManyToManyField(
        Organ,
        verbose_name=_("parties"),
        related_name="medborgarloften",
        blank=True,
        help_text=_("Who gives the promises, e.g. Polisen and the kommun."),
    )
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    atgardsplan = models.ForeignKey(
        Atgardsplan,
        verbose_name=_("action plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="medborgarloften",
        help_text=_("The åtgärdsplan the promises carry out, if any."),
    )
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Invented for the demo; pages say so.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MedborgarloftenQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen promises")
        verbose_name_plural = _("citizen promises")
        ordering = ["-year", "omrade__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "omrade"],
                name="medborgarloften_once_per_year_and_district",
                violation_error_message=_("This district already has promises for that year."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse(
            "lagesbild:medborgarloften", kwargs={"year": self.year, "slug": self.omrade.slug}
        )

    @property
    def is_published(self) -> bool:
        return access.medborgarloften_is_public(self)

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["title", "summary"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        if not self.is_published:
            return {}
        text = self.all_text()
        if self.pk:
            for lofte in self.loften.all():
                text |= {f"lofte-{lofte.pk}-{k}": v for k, v in lofte.all_text().items()}
        return text


class Lofte(BedomdStatus):
    """One promise, with its planned output, the output achieved and an outcome indicator."""

    medborgarloften = models.ForeignKey(
        Medborgarloften,
        verbose_name=_("citizen promises"),
        on_delete=models.CASCADE,
        related_name="loften",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    party = models.ForeignKey(
        Organ,
        verbose_name=_("promised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loften",
    )
    promise = models.CharField(_("promise"), max_length=500)
    planned_output = models.CharField(
        _("planned output"), max_length=200, help_text=_("E.g. 'minst 4 trygghetsvandringar'.")
    )
    planned_count = models.PositiveIntegerField(
        _("planned number"),
        null=True,
        blank=True,
        help_text=_("The number in the planned output, so the achieved one can be compared."),
    )
    insats = models.ForeignKey(
        Insats,
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loften",
        help_text=_(
            "The output achieved is then counted from its activities in the year and district."
        ),
    )
    achieved_count = models.PositiveIntegerField(
        _("achieved number"),
        null=True,
        blank=True,
        help_text=_("Entered when no intervention's activities count it."),
    )
    indikator = models.ForeignKey(
        "lagesbild.Indikator",
        verbose_name=_("outcome indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loften",
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["medborgarloften", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(insats__isnull=True) | Q(achieved_count__isnull=True),
                name="lofte_counted_or_entered",
                violation_error_message=_(
                    "The output is counted from the intervention; leave the achieved number empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(indikator__isnull=True, target__isnull=True, baseline__isnull=True)
                | Q(indikator__isnull=False, target__isnull=False),
                name="lofte_indicator_has_target",
            ),
        ]

    def __str__(self):
        return self.promise

    # The outcome indicator is read for the promises' område (the follow-up's helpers
    # read ``indikator_omrade_id`` as Atgard has it).
    @property
    def indikator_omrade_id(self):
        return self.medborgarloften.omrade_id

    @property
    def indikator_omrade(self):
        return self.medborgarloften.omrade

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["promise", "planned_output", "status_reason"])

    def clean(self):
        errors = self.clean_status()
        if self.indikator_id and self.target is None:
            errors["target"] = ValidationError(
                _("Give the target value the indicator should reach."), code="target_missing"
            )
        if self.target is not None and not self.indikator_id:
            errors["indikator"] = ValidationError(
                _("Choose the indicator the baseline and target refer to."),
                code="indicator_missing",
            )
        if errors:
            raise ValidationError(errors)

    def public_text(self) -> dict[str, tuple[str, str]]:
        return self.all_text() if self.medborgarloften.is_published else {}

    def save(self, *args, **kwargs):
        # A published set's promises are public: the guard checks each one before it is written.
        check_public_text(self)
        super().save(*args, **kwargs)
