"""The kommun's position on each prioritised problem of a fastställd lägesbild.

Brå's method and Lag 2023:196 ask the kommun to answer every prioritised problem: with
insatser, by saying that no new measure is needed (and why), or by naming the actor who
handles it. A problem is *unanswered* only when it has no position at all; the reminders
list them with ``Problem.objects.unanswered()``.

The position is a decision taken after the lägesbild is fastställd, so it lives beside the
frozen problem rather than in it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.dates import date_range_constraints, validate_date_range
from organisation.models import Organ

from .lagesbild import Lagesbild
from .problem import Problem

__all__ = ["Stallningstagande"]


class Stallningstagande(models.Model):
    """What the kommun decided about one prioritised problem."""

    class Kind(models.TextChoices):
        INSATSER = "insatser", _("interventions are planned")
        INGEN_NY_ATGARD = "ingen_ny_atgard", _("no new measure is needed")
        ANNAN_AKTOR = "annan_aktor", _("handled by another actor")

    problem = models.OneToOneField(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.CASCADE,
        related_name="stallningstagande",
    )
    kind = models.CharField(_("position"), max_length=20, choices=Kind.choices)
    reason = models.TextField(
        _("reason"),
        blank=True,
        max_length=5000,
        help_text=_("Why no new measure is needed, or what the other actor does. Internal."),
    )
    other_actor = models.ForeignKey(
        Organ,
        verbose_name=_("other actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stallningstaganden",
    )
    other_actor_name = models.CharField(
        _("other actor, in words"),
        max_length=200,
        blank=True,
        help_text=_("When the actor is not in the register, e.g. 'Trafikverket'."),
    )
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, validators=[validate_date_range]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A new version of a lägesbild starts with the previous version's positions, so the
    # kommun does not answer the same problem twice; carried_from says where one came from.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position on a problem")
        verbose_name_plural = _("positions on problems")
        ordering = ["problem__lagesbild", "problem__priority"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ingen_ny_atgard") | ~Q(reason=""),
                name="stallningstagande_no_measure_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(kind="annan_aktor")
                | Q(other_actor__isnull=False)
                | ~Q(other_actor_name=""),
                name="stallningstagande_other_actor_named",
            ),
            *date_range_constraints("stallningstagande", decided_on="date"),
        ]

    def __str__(self):
        return f"{self.problem.title}: {self.get_kind_display()}"

    @property
    def carried_from_version(self) -> int | None:
        """The version of the lägesbild the position was first taken on, when carried."""
        if not self.carried_from_id:
            return None
        return self.carried_from.problem.lagesbild.version

    @property
    def actor_label(self) -> str:
        if self.other_actor_id:
            return self.other_actor.name
        return self.other_actor_name

    def clean(self):
        errors = {}
        if (
            self.problem_id
            and self.problem.lagesbild.status != Lagesbild.Status.FASTSTALLD
            and not self.carried_from_id
        ):
            errors["problem"] = ValidationError(
                _("A position is taken on the problems of an approved situational picture."),
                code="lagesbild_not_approved",
            )
        if self.kind == self.Kind.INGEN_NY_ATGARD and not self.reason.strip():
            errors["reason"] = ValidationError(
                _("Say why no new measure is needed."), code="reason_missing"
            )
        if self.kind == self.Kind.ANNAN_AKTOR and not (
            self.other_actor_id or self.other_actor_name.strip()
        ):
            errors["other_actor"] = ValidationError(
                _("Say which actor handles the problem."), code="actor_missing"
            )
        if errors:
            raise ValidationError(errors)
