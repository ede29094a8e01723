"""The åtgärdsplan: it answers the prioritised problems of a fastställd lägesbild with insatser."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lagesbild import rules as access
from organisation.dates import date_range_constraints, validate_date_range
from organisation.models import Organ
from organisation.publication import PublicTextModel, labelled_text
from samverkan.models import Insats, Omrade

from .bedomning import BedomdStatus
from .lagesbild import Lagesbild
from .problem import Problem

__all__ = ["Atgard", "Atgardsplan"]


class AtgardsplanQuerySet(models.QuerySet):
    def published(self):
        """Adopted plans published for residents: public problems, public insatser, targets."""
        return self.filter(access.PUBLISHED_PLAN)

    def visible_to(self, user):
        """Plans are internal: readable by those who may read their lägesbild."""
        return self.filter(access.visible_plans_q(user))

    def editable_by(self, user):
        return self.filter(access.editable_q(user))


class Atgardsplan(PublicTextModel, models.Model):
    """An action plan: the answer to a fastställd lägesbild's prioritised problems."""

    class Status(models.TextChoices):
        UTKAST = "utkast", _("draft")
        ANTAGEN = "antagen", _("adopted")

    title = models.CharField(_("title"), max_length=200)
    lagesbild = models.ForeignKey(
        Lagesbild,
        verbose_name=_("situational picture"),
        on_delete=models.PROTECT,
        related_name="atgardsplaner",
        help_text=_("An action plan is based on an approved situational picture."),
    )
    period_start = models.DateField(_("period from"), validators=[validate_date_range])
    period_end = models.DateField(_("period until"), validators=[validate_date_range])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UTKAST
    )
    adopted_by = models.ForeignKey(
        Organ,
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_atgardsplaner",
    )
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True, validators=[validate_date_range]
    )
    # The adoption is a decision of a body: its registration number and protocol paragraph
    # let anyone find the decision itself.
    adopted_diarienummer = models.CharField(
        _("registration number (diarienummer)"),
        max_length=50,
        blank=True,
        help_text=_("E.g. KS 2025-00123."),
    )
    adopted_paragraph = models.CharField(
        _("protocol paragraph"), max_length=20, blank=True, help_text=_("E.g. § 45.")
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, editable=False, validators=[validate_date_range]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = AtgardsplanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="atgardsplan_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="utkast")
                | Q(adopted_by__isnull=False, adopted_on__isnull=False),
                name="atgardsplan_adopted_by_body_on_date",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="antagen"),
                name="atgardsplan_only_adopted_published",
            ),
            *date_range_constraints(
                "atgardsplan",
                period_start="date",
                period_end="date",
                adopted_on="date",
                published_at="datetime",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lagesbild:atgardsplan", kwargs={"pk": self.pk})

    def get_public_url(self):
        """The public page; it answers 404 unless the plan is published."""
        return reverse("lagesbild:public_plan", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["title", "adopted_diarienummer", "adopted_paragraph"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        """The title, the decision and the public problems' titles, once published."""
        if not access.plan_is_public(self):
            return {}
        fields = self.all_text()
        if self.lagesbild_id:
            for problem in self.lagesbild.problems.filter(is_public=True):
                fields[f"problem-{problem.pk}"] = (
                    _("Public problem “%(title)s”") % {"title": problem.title},
                    problem.title,
                )
        return fields

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = ValidationError(
                _("The period cannot end before it starts."), code="end_before_start"
            )
        if self.lagesbild_id and self.lagesbild.status != Lagesbild.Status.FASTSTALLD:
            errors["lagesbild"] = ValidationError(
                _("An action plan can only be based on an approved situational picture."),
                code="lagesbild_not_approved",
            )
        if self.published_at and self.status != self.Status.ANTAGEN:
            errors["status"] = ValidationError(
                _("A published plan must stay adopted; unpublish it first."),
                code="published_not_adopted",
            )
        if self.status == self.Status.ANTAGEN:
            if not self.adopted_by_id:
                errors["adopted_by"] = ValidationError(
                    _("Say which body adopted the plan."), code="adopted_by_missing"
                )
            if not self.adopted_on:
                errors["adopted_on"] = ValidationError(
                    _("Say when the plan was adopted."), code="adopted_on_missing"
                )
        if errors:
            raise ValidationError(errors)


class Atgard(BedomdStatus):
    """One insats answering one prioritised problem, with the effect it should have.

    The analyst assesses whether its target was met (``BedomdStatus``), for the report.
    """

    class Horisont(models.TextChoices):
        KORT = "kort", _("short term (within a year)")
        MEDEL = "medel", _("medium term (1–3 years)")
        LANG = "lang", _("long term (more than 3 years)")

    atgardsplan = models.ForeignKey(
        Atgardsplan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="atgarder",
    )
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.PROTECT,
        related_name="atgarder",
    )
    insats = models.ForeignKey(
        Insats,
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="atgarder",
    )
    expected_effect = models.TextField(_("expected effect"), max_length=5000)
    time_horizon = models.CharField(
        _("time horizon"), max_length=10, choices=Horisont.choices, default=Horisont.KORT
    )
    owner = models.ForeignKey(
        Organ,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="atgarder",
    )
    # The effect indicator: a key-figure or survey series, for the kommun or one område,
    # with where it stood and where the measure should take it.
    indikator = models.ForeignKey(
        "lagesbild.Indikator",
        verbose_name=_("effect indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="atgarder",
        help_text=_("The key figure or survey question that should show the effect."),
    )
    indikator_omrade = models.ForeignKey(
        Omrade,
        verbose_name=_("indicator for district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="atgarder",
        help_text=_("Empty for the value of the whole municipality."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["atgardsplan", "problem__priority", "insats__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["atgardsplan", "problem", "insats"],
                name="atgard_insats_once_per_problem",
                violation_error_message=_(
                    "This intervention already answers this problem in the plan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(indikator__isnull=False, target__isnull=False)
                | Q(
                    indikator__isnull=True,
                    indikator_omrade__isnull=True,
                    baseline__isnull=True,
                    target__isnull=True,
                ),
                name="atgard_indicator_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.problem.title} – {self.insats.title}"

    def clean(self):
        errors = self.clean_status()
        if (
            self.problem_id
            and self.atgardsplan_id
            and self.problem.lagesbild_id != self.atgardsplan.lagesbild_id
        ):
            errors["problem"] = ValidationError(
                _("The problem belongs to another situational picture."),
                code="problem_other_lagesbild",
            )
        if self.indikator_id and self.target is None:
            errors["target"] = ValidationError(
                _("Give the target value the indicator should reach."), code="target_missing"
            )
        if not self.indikator_id and (
            self.target is not None or self.baseline is not None or self.indikator_omrade_id
        ):
            errors["indikator"] = ValidationError(
                _("Choose the indicator the baseline and target refer to."),
                code="indicator_missing",
            )
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = ValidationError(
                _("The target year cannot be before the baseline year."),
                code="target_before_baseline",
            )
        if errors:
            raise ValidationError(errors)
