"""Key figures per område: register counts and safety-survey results, year by year.

The kommun-wide values stay in ``Indikatorvarde``; a value for one område is an
``Omradesvarde`` of the same ``Indikator``, so an indicator remains the one unit of a series
whether it is read for the kommun or for one område. A safety survey (``Trygghetsmatning``,
one wave: Polisen's 2024 survey, the kommun's own 2025 survey) asks questions that are
indicators; its results are ``Omradesvarde`` rows pointing at the wave, with the number of
respondents and, where the organiser gives it, a confidence interval.

Who may see which value is decided in ``lagesbild/rules.py`` (small samples are never
public); what counts as an uncertain result is ``UNCERTAIN_CI_WIDTH`` below.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lagesbild import rules as access
from lagesbild.models.indikatorer import Indikator, value_field
from lagesbild.rules import MIN_PUBLIC_RESPONDENTS
from organisation.publication import AlwaysPublicTextModel

__all__ = [
    "MIN_PUBLIC_RESPONDENTS",
    "Metodbyte",
    "Omradesvarde",
    "OmradesvardeQuerySet",
    "SeriesBreak",
    "Trygghetsmatning",
    "UNCERTAIN_CI_WIDTH",
    "series_breaks",
]


def _uncertain_width() -> Decimal:
    # A 95 % interval wider than 10 percentage points (±5) cannot tell most year-to-year
    # changes from noise; settings.SURVEY_UNCERTAIN_CI_WIDTH lets a kommun be stricter.
    return Decimal(str(getattr(settings, "SURVEY_UNCERTAIN_CI_WIDTH", 10)))


UNCERTAIN_CI_WIDTH = _uncertain_width()


class Trygghetsmatning(AlwaysPublicTextModel, models.Model):
    """One wave of a safety survey: who asked, when and how."""

    class Organiser(models.TextChoices):
        POLISEN = "polisen", _("the police")
        KOMMUN = "kommun", _("the municipality")
        BRA = "bra", _("Brå (the national crime survey, NTU)")
        ANNAN = "annan", _("another organiser")

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in the CSV import's column 'matning', e.g. polisens-2025."),
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    organiser = models.CharField(_("organiser"), max_length=20, choices=Organiser.choices)
    method = models.CharField(
        _("method"),
        max_length=200,
        help_text=_(
            "E.g. 'postal and web questionnaire to a random sample aged 16–84'. A wave whose "
            "method or organiser differs from the previous wave breaks the trend line."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Invented for the demo, not a real survey.")
    )
    always_public_fields = ("name", "method", "description")

    class Meta:
        verbose_name = _("safety survey")
        verbose_name_plural = _("safety surveys")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2100), name="trygghetsmatning_year_range"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


class Metodbyte(AlwaysPublicTextModel, models.Model):
    """A declared break in a series: from this year the figures are not comparable with before."""

    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="metodbyten"
    )
    year = models.PositiveSmallIntegerField(
        _("first year of the new method"),
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    reason = models.CharField(
        _("reason"), max_length=300, help_text=_("Shown under the chart, e.g. 'new crime codes'.")
    )
    always_public_fields = ("reason",)

    class Meta:
        verbose_name = _("method break")
        verbose_name_plural = _("method breaks")
        ordering = ["indikator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "year"], name="one_method_break_per_year")
        ]

    def __str__(self):
        return f"{self.indikator.code} {self.year}: {self.reason}"


class OmradesvardeQuerySet(models.QuerySet):
    def public(self):
        """The values any public output may show: never a result from a small sample."""
        return self.filter(access.PUBLIC_OMRADESVARDE)


class Omradesvarde(models.Model):
    """An indicator's value for one område in one year (or one survey wave)."""

    indikator = models.ForeignKey(
        Indikator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="omradesvarden",
    )
    omrade = models.ForeignKey(
        "samverkan.Omrade",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="omradesvarden",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    matning = models.ForeignKey(
        Trygghetsmatning,
        verbose_name=_("survey wave"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resultat",
        help_text=_("Empty for register figures (police statistics, damage reports, counts)."),
    )
    value = value_field(_("value"))
    source = models.CharField(_("source"), max_length=200)
    respondents = models.PositiveIntegerField(
        _("respondents"),
        null=True,
        blank=True,
        help_text=_("Survey results only. Results from fewer than 30 are never shown publicly."),
    )
    ci_low = value_field(_("confidence interval, low"), null=True, blank=True)
    ci_high = value_field(_("confidence interval, high"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OmradesvardeQuerySet.as_manager()

    class Meta:
        verbose_name = _("district value")
        verbose_name_plural = _("district values")
        ordering = ["indikator_id", "omrade_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "omrade", "year"], name="one_district_value_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2100), name="omradesvarde_year_range"
            ),
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True, ci_high__isnull=True)
                | Q(ci_low__isnull=False, ci_high__isnull=False, ci_low__lte=models.F("ci_high")),
                name="omradesvarde_interval_whole",
            ),
        ]

    def __str__(self):
        return f"{self.indikator.code}, {self.omrade} {self.year}"

    @property
    def is_public(self) -> bool:
        return access.omradesvarde_is_public(self)

    def clean(self):
        if (self.ci_low is None) != (self.ci_high is None):
            raise ValidationError(
                _("Give both ends of the confidence interval or neither."), code="interval"
            )
        if self.ci_low is not None and self.ci_low > self.ci_high:
            raise ValidationError(
                _("The interval's low end is above its high end."), code="interval"
            )

    @property
    def ci_width(self) -> Decimal | None:
        if self.ci_low is None or self.ci_high is None:
            return None
        return self.ci_high - self.ci_low

    @property
    def is_uncertain(self) -> bool:
        width = self.ci_width
        return width is not None and width > UNCERTAIN_CI_WIDTH

    def interval_text(self) -> str:
        if self.ci_low is None:
            return ""
        fmt = self.indikator.format_value
        return f"{fmt(self.ci_low)}–{fmt(self.ci_high)}"


@dataclass(frozen=True)
class SeriesBreak:
    """Between ``year`` and the point before it the line is not drawn, for ``reason``."""

    year: int
    reason: str


def series_breaks(values: list[Omradesvarde], declared: list[Metodbyte]) -> list[SeriesBreak]:
    """Where a series must not be joined: declared breaks and changes of survey organiser or
    method between consecutive waves. ``values`` oldest first, with their ``matning`` loaded."""
    breaks = {m.year: m.reason for m in declared}
    previous = None
    for value in values:
        wave = value.matning
        if previous is not None and wave is not None:
            if previous.organiser != wave.organiser:
                breaks.setdefault(
                    value.year,
                    gettext("the organiser changed from %(old)s to %(new)s")
                    % {
                        "old": previous.get_organiser_display(),
                        "new": wave.get_organiser_display(),
                    },
                )
            elif previous.method != wave.method:
                breaks.setdefault(
                    value.year,
                    gettext("the method changed (%(method)s)") % {"method": wave.method},
                )
        previous = wave if wave is not None else previous
    return [SeriesBreak(year, reason) for year, reason in sorted(breaks.items())]
