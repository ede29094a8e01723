"""The prioritised problems of a lägesbild, frozen with it once it is fastställd."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lagesbild import rules as access
from organisation.models import Organ
from organisation.personnummer import refuse_personnummer
from organisation.publication import PublicTextModel, labelled_text
from samverkan.models import Omrade

from .lagesbild import FrozenError, Lagesbild, normalised_title

__all__ = ["Problem"]


class ProblemQuerySet(models.QuerySet):
    def published(self):
        """Problems whose title may be shown with a published summary; nothing else of them."""
        return self.filter(is_public=True, lagesbild__in=Lagesbild.objects.published())

    def visible_to(self, user):
        return self.filter(lagesbild__in=Lagesbild.objects.visible_to(user).values("pk"))

    def current(self):
        """Problems of fastställda lägesbilder that no fastställd later version replaces."""
        return self.filter(lagesbild__status=Lagesbild.Status.FASTSTALLD).exclude(
            lagesbild__next_version__status=Lagesbild.Status.FASTSTALLD
        )

    def without_position(self):
        """No position recorded, and no measure of a plan, which is the position "insatser"."""
        return self.filter(stallningstagande__isnull=True, atgarder__isnull=True)

    def unanswered(self):
        """Prioritised problems the kommun has taken no position on: the reminders' list."""
        return self.current().without_position()


class Problem(PublicTextModel, models.Model):
    """A prioritised problem of a lägesbild: what, where, when and who owns it."""

    lagesbild = models.ForeignKey(
        Lagesbild,
        verbose_name=_("situational picture"),
        on_delete=models.CASCADE,
        related_name="problems",
    )
    key = models.SlugField(
        _("comparison key"),
        max_length=200,
        blank=True,
        help_text=_(
            "Stays the same across versions so that the problem can be followed even if "
            "its title changes. Made from the title when left empty."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Where the problem shows, in words, e.g. 'torget och resecentrum'."),
    )
    omraden = models.ManyToManyField(
        Omrade,
        verbose_name=_("districts"),
        blank=True,
        related_name="concerned_by_problems",
        help_text=_("The districts the problem concerns; none for the whole scope."),
    )
    time_pattern = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        help_text=_("Time pattern, e.g. 'fredag och lördag kväll'."),
    )
    owner = models.ForeignKey(
        Organ,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lagesbild_problems",
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text=_("1 is the most important; each number once per picture."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Only the title of a public problem is shown with the published summary. "
            "Description, place and owner stay internal."
        ),
    )
    orsaksanalys = models.TextField(
        _("cause analysis"),
        blank=True,
        max_length=20000,
        help_text=_(
            "From problem to causes: why the problem arises here, what drives and what "
            "protects. Internal, and never about an identifiable person."
        ),
    )
    history = HistoricalRecords()

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("prioritised problem")
        verbose_name_plural = _("prioritised problems")
        ordering = ["lagesbild", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["lagesbild", "priority"],
                name="problem_priority_unique_in_lagesbild",
                violation_error_message=_("Each priority can be used once per picture."),
            ),
            models.UniqueConstraint(
                fields=["lagesbild", "key"], name="problem_key_unique_in_lagesbild"
            ),
            # No upper bound here: while a formset reorders problems, moving rows are parked
            # above the highest priority a form accepts.
            models.CheckConstraint(condition=Q(priority__gte=1), name="problem_priority_positive"),
        ]

    def __str__(self):
        return f"{self.priority}. {self.title}"

    def save(self, *args, **kwargs):
        if self._lagesbild_frozen():
            raise FrozenError(Lagesbild.frozen_message(), code="frozen")
        # A cause analysis is about circumstances, never about a person: refused, not warned.
        refuse_personnummer(labelled_text(self, ["orsaksanalys"]))
        if not self.key:
            self.key = self._unique_key()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._lagesbild_frozen():
            raise FrozenError(Lagesbild.frozen_message(), code="frozen")
        return super().delete(*args, **kwargs)

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(
            self, ["title", "description", "place", "time_pattern", "orsaksanalys"]
        )

    def public_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["title"]) if access.problem_is_public(self) else {}

    def clean(self):
        if self.lagesbild_id and self._lagesbild_frozen():
            raise FrozenError(Lagesbild.frozen_message(), code="frozen")

    @property
    def match_title(self) -> str:
        return normalised_title(self.title)

    def _lagesbild_frozen(self) -> bool:
        return Lagesbild.objects.filter(
            pk=self.lagesbild_id, status=Lagesbild.Status.FASTSTALLD
        ).exists()

    def _unique_key(self) -> str:
        base = slugify(self.title)[:190] or "problem"
        key, counter = base, 2
        taken = set(
            Problem.objects.filter(lagesbild_id=self.lagesbild_id)
            .exclude(pk=self.pk)
            .values_list("key", flat=True)
        )
        while key in taken:
            key, counter = f"{base}-{counter}", counter + 1
        return key


@receiver(m2m_changed, sender=Problem.omraden.through)
def _refuse_area_change_when_frozen(sender, instance, action, reverse, **kwargs):
    """The områden of a fastställd lägesbild's problem are frozen with it."""
    if action not in {"pre_add", "pre_remove", "pre_clear"}:
        return
    if reverse:
        frozen = Problem.objects.filter(
            pk__in=kwargs.get("pk_set") or [], lagesbild__status=Lagesbild.Status.FASTSTALLD
        )
        if action == "pre_clear":
            frozen = instance.concerned_by_problems.filter(
                lagesbild__status=Lagesbild.Status.FASTSTALLD
            )
        if frozen.exists():
            raise FrozenError(Lagesbild.frozen_message(), code="frozen")
    elif instance._lagesbild_frozen():
        raise FrozenError(Lagesbild.frozen_message(), code="frozen")
