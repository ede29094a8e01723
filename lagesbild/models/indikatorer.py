"""Key figures (nyckeltal): an indicator's yearly value for the kommun, with the national median.

All key figures are public data: an indicator with at least one value is shown on the
public pages, and nothing else about it is secret.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.publication import PublicTextModel, labelled_text
from organisation.translation import TranslatedModel, translations

__all__ = [
    "Indikator",
    "IndikatorQuerySet",
    "IndikatorTable",
    "Indikatorvarde",
    "Jamforelsekommun",
    "Jamforelsevarde",
    "MedianComparison",
    "Trend",
]

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]*$"
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{4}$"
# Kolada's values fit here; more than four decimals is noise at this level of reporting.
VALUE_DIGITS = 14
VALUE_DECIMALS = 4


def value_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, **kwargs
    )


class IndikatorQuerySet(models.QuerySet):
    def published(self):
        """Indicators with at least one value: the only ones any public output shows."""
        return self.filter(Exists(Indikatorvarde.objects.filter(indikator=OuterRef("pk"))))

    def with_own_series(self):
        """The kommun's values and the national median, in one query for all indicators.

        For the overview: the comparison kommuner belong on each indicator's own page, so
        the overview reads none of their values however many kommuner the data has; it
        only learns whether there are any, to link to them.
        """
        return self.prefetch_related(
            Prefetch("varden", queryset=Indikatorvarde.objects.order_by("year"))
        ).annotate(has_comparisons=Exists(Jamforelsevarde.objects.filter(indikator=OuterRef("pk"))))

    def with_series(self):
        """Values and comparison values in two queries, whatever the number of indicators."""
        return self.prefetch_related(
            Prefetch("varden", queryset=Indikatorvarde.objects.order_by("year")),
            Prefetch(
                "jamforelsevarden",
                queryset=Jamforelsevarde.objects.select_related("kommun").order_by(
                    "kommun__order", "kommun__name", "year"
                ),
            ),
        )


@dataclass(frozen=True)
class Trend:
    """The change from the previous year with a value to the latest one."""

    previous: "Indikatorvarde"
    latest: "Indikatorvarde"
    direction: str  # "up", "down" or "same"
    verdict: str | None  # "better", "worse" or None when no direction is better
    text: str
    verdict_text: str


@dataclass(frozen=True)
class MedianComparison:
    """Where the kommun stands against the median municipality (or, for yes/no, the country)."""

    year: int
    verdict: str | None  # "better", "worse", "same" or None when no direction is better
    text: str


@dataclass(frozen=True)
class IndikatorTable:
    """The data table beside the chart, every cell already formatted for the reader."""

    columns: list[str]
    rows: list[tuple[int, list[str]]]
    notes: list[str]


class Indikator(PublicTextModel, TranslatedModel, models.Model):
    """A key figure followed year by year, e.g. reported violent crimes per 1 000 inhabitants."""

    class Kind(models.TextChoices):
        NUMBER = "tal", _("number")
        YES_NO = "ja_nej", _("yes or no")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(CODE_PATTERN)],
        help_text=_(
            "Kolada's KPI id (e.g. N07403), which the Kolada import matches on, or an own code "
            "for figures Kolada does not have. Letters, digits and hyphens."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en, name_fi = translations(name)
    unit = models.CharField(
        _("unit"), max_length=60, help_text=_("E.g. 'per 1 000 invånare', 'poäng 1–10', 'ja/nej'.")
    )
    unit_en, unit_fi = translations(unit)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NUMBER)
    lower_is_better = models.BooleanField(
        _("lower is better"),
        null=True,
        blank=True,
        help_text=_(
            "Yes for e.g. crimes, no for e.g. preparedness scores and yes/no items. Leave empty "
            "when neither direction is better: the page then makes no judgement."
        ),
    )
    source = models.CharField(_("source"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_en, description_fi = translations(description)
    category = models.CharField(
        _("category"), max_length=100, blank=True, help_text=_("Heading the figure is shown under.")
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"), default=1, validators=[MaxValueValidator(VALUE_DECIMALS)]
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = IndikatorQuerySet.as_manager()
    translated_fields = ("name", "unit", "description")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN), name="indikator_code_format"
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=VALUE_DECIMALS), name="indikator_decimals_at_most_4"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("lagesbild:indikator", kwargs={"code": self.code})

    def public_text(self) -> dict[str, tuple[str, str]]:
        """All key figures are public (module docstring), in every language written."""
        return labelled_text(self, self.translation_columns())

    @property
    def is_yes_no(self) -> bool:
        return self.kind == self.Kind.YES_NO

    # -- Presentation shared by the public page, the chart and the annual report ----------

    def format_value(self, value: Decimal | None) -> str:
        """A value as the reader sees it: '12,3' in Swedish, 'Ja'/'Nej' for yes/no items."""
        if value is None:
            return "–"
        if self.is_yes_no:
            return gettext("Yes") if value else gettext("No")
        return format_number(value, self.decimals)

    @cached_property
    def series(self) -> list["Indikatorvarde"]:
        """The yearly values, oldest first; uses the prefetch of ``with_series()``."""
        return sorted(self.varden.all(), key=lambda v: v.year)

    @cached_property
    def comparison_series(self) -> list["Jamforelsevarde"]:
        return list(self.jamforelsevarden.all())

    def _shown(self, value: Decimal) -> Decimal:
        """The value rounded as it is shown, so words never contradict the figures beside them."""
        return round_to(value, 0 if self.is_yes_no else self.decimals)

    def _verdict(self, difference: Decimal) -> str | None:
        if difference == 0:
            return "same"
        if self.lower_is_better is None:
            return None
        return "better" if (difference < 0) == self.lower_is_better else "worse"

    def trend(self) -> Trend | None:
        with_value = [v for v in self.series if v.value is not None]
        if len(with_value) < 2:
            return None
        previous, latest = with_value[-2], with_value[-1]
        difference = self._shown(latest.value) - self._shown(previous.value)
        verdict = self._verdict(difference)
        words = {
            "previous": self.format_value(previous.value),
            "previous_year": previous.year,
            "latest": self.format_value(latest.value),
            "latest_year": latest.year,
        }
        if difference and self.is_yes_no:
            direction = "up" if difference > 0 else "down"
            text = gettext(
                "Changed from %(previous)s in %(previous_year)s to %(latest)s in %(latest_year)s"
            )
        elif difference > 0:
            direction = "up"
            text = gettext(
                "Increased from %(previous)s in %(previous_year)s to %(latest)s in %(latest_year)s"
            )
        elif difference < 0:
            direction = "down"
            text = gettext(
                "Decreased from %(previous)s in %(previous_year)s to %(latest)s in %(latest_year)s"
            )
        else:
            direction = "same"
            text = gettext("Unchanged at %(latest)s in %(latest_year)s, as in %(previous_year)s")
        verdict_text = {
            "better": gettext("an improvement"),
            "worse": gettext("a deterioration"),
        }.get(verdict, "")
        return Trend(previous, latest, direction, verdict, text % words, verdict_text)

    def median_comparison(self) -> MedianComparison | None:
        """The latest year with both the kommun's value and the national comparison."""
        if self.is_yes_no:
            return self._share_comparison()
        both = [v for v in self.series if v.value is not None and v.national_median is not None]
        if not both:
            return None
        latest = both[-1]
        difference = self._shown(latest.value) - self._shown(latest.national_median)
        verdict = self._verdict(difference)
        words = {
            "year": latest.year,
            "value": self.format_value(latest.value),
            "median": self.format_value(latest.national_median),
        }
        if verdict == "same":
            text = gettext("The same as the median municipality in %(year)s (%(value)s).")
        elif verdict == "better":
            text = gettext(
                "Better than the median municipality in %(year)s (%(value)s against %(median)s)."
            )
        elif verdict == "worse":
            text = gettext(
                "Worse than the median municipality in %(year)s (%(value)s against %(median)s)."
            )
        elif difference > 0:
            text = gettext(
                "Above the median municipality in %(year)s (%(value)s against %(median)s)."
            )
        else:
            text = gettext(
                "Below the median municipality in %(year)s (%(value)s against %(median)s)."
            )
        return MedianComparison(latest.year, verdict, text % words)

    def _share_comparison(self) -> MedianComparison | None:
        both = [v for v in self.series if v.value is not None and v.national_share_yes is not None]
        if not both:
            return None
        latest = both[-1]
        text = gettext(
            "%(answer)s in %(year)s. %(share)s of the country's municipalities answered yes."
        ) % {
            "answer": self.format_value(latest.value),
            "year": latest.year,
            "share": format_percent(latest.national_share_yes),
        }
        return MedianComparison(latest.year, None, text)

    def table(self, *, kommun_name: str, comparisons: bool = True) -> IndikatorTable:
        """Year by year: the kommun, the national comparison and (unless left out) any
        comparison kommuner."""
        comparison_names: list[str] = []
        comparison: dict[tuple[str, int], Decimal] = {}
        for row in self.comparison_series if comparisons else ():
            if row.kommun.name not in comparison_names:
                comparison_names.append(row.kommun.name)
            comparison[(row.kommun.name, row.year)] = row.value
        by_year = {v.year: v for v in self.series}
        years = sorted(set(by_year) | {year for _name, year in comparison})
        national = (
            gettext("Share answering yes, whole country")
            if self.is_yes_no
            else gettext("Median municipality")
        )
        rows = []
        for year in years:
            own = by_year.get(year)
            if self.is_yes_no:
                national_cell = format_percent(own.national_share_yes) if own else "–"
            else:
                national_cell = self.format_value(own.national_median if own else None)
            cells = [self.format_value(own.value if own else None), national_cell]
            cells += [self.format_value(comparison.get((name, year))) for name in comparison_names]
            rows.append((year, cells))
        notes = [
            gettext("The median for %(year)s is computed over %(count)s municipalities in Kolada.")
            % {"year": v.year, "count": v.median_basis}
            for v in self.series
            if v.median_basis and v.national_median is not None
        ]
        return IndikatorTable([kommun_name, national, *comparison_names], rows, notes)


def round_to(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Decimal, decimals: int) -> str:
    """Rounded (Django's number_format truncates) and localised: '12,3', '1 043'."""
    return formats.number_format(
        round_to(value, decimals), decimals, use_l10n=True, force_grouping=True
    )


def format_percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    # A no-break space keeps "79 %" together, as Swedish typography asks.
    return f"{format_number(value, 0)}\u00a0%"


class Indikatorvarde(models.Model):
    """One year of an indicator: the kommun's value and the national comparison."""

    indikator = models.ForeignKey(
        Indikator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="varden"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    value = value_field(
        _("value for the municipality"),
        null=True,
        blank=True,
        help_text=_("For yes/no items: 1 for yes, 0 for no."),
    )
    national_median = value_field(
        _("national median"),
        null=True,
        blank=True,
        help_text=_("The value of the median municipality in the country."),
    )
    median_basis = models.PositiveIntegerField(
        _("municipalities behind the median"),
        null=True,
        blank=True,
        help_text=_("Set by the Kolada import; empty when the median comes from a publication."),
    )
    national_share_yes = models.DecimalField(
        _("share answering yes in the country (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Only for yes/no items."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indikator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "year"], name="one_value_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2100), name="indikatorvarde_year_range"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False)
                | Q(national_median__isnull=False)
                | Q(national_share_yes__isnull=False),
                name="indikatorvarde_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(national_share_yes__isnull=True)
                | Q(national_share_yes__gte=0, national_share_yes__lte=100),
                name="indikatorvarde_share_is_percent",
            ),
        ]

    def __str__(self):
        return f"{self.indikator.name} {self.year}"

    def clean(self):
        if self.indikator_id and self.indikator.is_yes_no and self.value not in (None, 0, 1):
            raise ValidationError(
                {"value": ValidationError(_("A yes/no item takes 1 or 0."), code="yes_no")}
            )


class Jamforelsekommun(models.Model):
    """Another kommun whose values the Kolada import keeps for comparison."""

    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(MUNICIPALITY_CODE_PATTERN)],
        help_text=_("The four-digit municipality code used by Kolada and SCB, e.g. 1480."),
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("comparison municipality")
        verbose_name_plural = _("comparison municipalities")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=MUNICIPALITY_CODE_PATTERN),
                name="jamforelsekommun_code_four_digits",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Jamforelsevarde(models.Model):
    """A comparison kommun's value of an indicator in one year."""

    indikator = models.ForeignKey(
        Indikator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="jamforelsevarden",
    )
    kommun = models.ForeignKey(
        Jamforelsekommun,
        verbose_name=_("comparison municipality"),
        on_delete=models.CASCADE,
        related_name="varden",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    value = value_field(_("value"))

    class Meta:
        verbose_name = _("comparison value")
        verbose_name_plural = _("comparison values")
        ordering = ["indikator_id", "kommun_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "kommun", "year"], name="one_comparison_value_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2100), name="jamforelsevarde_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.indikator.name}, {self.kommun.name} {self.year}"
