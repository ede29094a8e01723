"""The decision that makes one EST group's counts for one quarter public figures.

EST reports are internal. Their counts per område, category and quarter may become public
figures only when an analyst or the area's coordinator decides so for an ended quarter; the
decision records who and when, and only aggregates are ever shown (lagesbild/rules.py).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["EstKvartalsbeslut", "quarter_range"]


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


class EstKvartalsbeslut(models.Model):
    grupp = models.ForeignKey(
        "samverkan.Samverkansgrupp",
        verbose_name=_("EST group"),
        on_delete=models.CASCADE,
        related_name="est_kvartalsbeslut",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision to publish EST figures")
        verbose_name_plural = _("decisions to publish EST figures")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["grupp", "year", "quarter"], name="one_est_decision_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="est_decision_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.grupp} {self.year} K{self.quarter}"

    @property
    def period(self) -> tuple[date, date]:
        return quarter_range(self.year, self.quarter)

    def clean(self):
        ended = self.year and self.quarter in (1, 2, 3, 4)
        if ended and self.period[1] >= timezone.localdate():
            raise ValidationError(
                _("Only an ended quarter can be published: its figures are still changing."),
                code="quarter_not_ended",
            )
