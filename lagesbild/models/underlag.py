"""The evidence of a lägesbild: documents attached to it and what each problem cites.

Both are internal. A document (the full lägesbild report, underlying material) is a
checked upload like a meeting's attachment (``organisation.validators.validate_attachment``
under ``AttachmentLimitHandler``). A problem cites its evidence: a key-figure or survey
series (for the kommun or one område), an EST group's reports over a period, or one of
the lägesbild's documents. Citations are frozen with the lägesbild.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisation.dates import validate_date_range
from organisation.models import Bilaga
from samverkan.models import Omrade, Samverkansgrupp

from .indikatorer import Indikator
from .lagesbild import FrozenError, Lagesbild
from .problem import Problem

__all__ = ["LagesbildDokument", "Underlag"]


def dokument_path(instance, filename):
    """A generated name: what the uploader called the file never becomes a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"lagesbilder/{secrets.token_hex(16)}.{extension}"


class LagesbildDokument(models.Model):
    """A file attached to a lägesbild: the full report or material it is based on."""

    class Kind(models.TextChoices):
        RAPPORT = "rapport", _("the full situational picture report")
        UNDERLAG = "underlag", _("underlying material")

    lagesbild = models.ForeignKey(
        Lagesbild,
        verbose_name=_("situational picture"),
        on_delete=models.CASCADE,
        related_name="dokument",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNDERLAG)
    file = models.FileField(_("file"), upload_to=dokument_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=10, choices=Bilaga.Type.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document of a situational picture")
        verbose_name_plural = _("documents of situational pictures")
        ordering = ["lagesbild", "kind", "uploaded_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lagesbild:dokument", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        # What a fastställd lägesbild was decided on stays with it.
        if Lagesbild.objects.filter(
            pk=self.lagesbild_id, status=Lagesbild.Status.FASTSTALLD
        ).exists():
            raise FrozenError(Lagesbild.frozen_message(), code="frozen")
        file = self.file
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: file.delete(save=False))
        return result


class Underlag(models.Model):
    """One piece of evidence a problem cites."""

    class Kind(models.TextChoices):
        INDIKATOR = "indikator", _("key figure or survey series")
        EST = "est", _("EST reports over a period")
        DOKUMENT = "dokument", _("attached document")

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="underlag"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    indikator = models.ForeignKey(
        Indikator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by_problems",
    )
    omrade = models.ForeignKey(
        Omrade,
        verbose_name=_("for district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the whole municipality."),
    )
    est_grupp = models.ForeignKey(
        Samverkansgrupp,
        verbose_name=_("EST group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "est"},
        related_name="cited_by_problems",
    )
    est_from = models.DateField(
        _("EST period from"), null=True, blank=True, validators=[validate_date_range]
    )
    est_to = models.DateField(
        _("EST period until"), null=True, blank=True, validators=[validate_date_range]
    )
    dokument = models.ForeignKey(
        LagesbildDokument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by",
    )
    note = models.CharField(
        _("what it shows"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'andelen otrygga har ökat två år i rad'. Internal."),
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["problem", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind="indikator",
                    indikator__isnull=False,
                    est_grupp__isnull=True,
                    dokument__isnull=True,
                )
                | Q(
                    kind="est",
                    est_grupp__isnull=False,
                    est_from__isnull=False,
                    est_to__gte=F("est_from"),
                    indikator__isnull=True,
                    dokument__isnull=True,
                )
                | Q(
                    kind="dokument",
                    dokument__isnull=False,
                    indikator__isnull=True,
                    est_grupp__isnull=True,
                ),
                name="underlag_cites_one_kind",
            ),
        ]

    def __str__(self):
        return f"{self.problem.title}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self._refuse_when_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_when_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_when_frozen(self):
        if Lagesbild.objects.filter(
            problems=self.problem_id, status=Lagesbild.Status.FASTSTALLD
        ).exists():
            raise FrozenError(Lagesbild.frozen_message(), code="frozen")

    def clean(self):
        errors = {}
        if self.kind == self.Kind.INDIKATOR and not self.indikator_id:
            errors["indikator"] = ValidationError(_("Choose the indicator."), code="required")
        if self.kind == self.Kind.EST:
            if not (self.est_grupp_id and self.est_from and self.est_to):
                errors["est_grupp"] = ValidationError(
                    _("To cite EST reports, choose the group and both dates of the period."),
                    code="est_incomplete",
                )
            elif self.est_to < self.est_from:
                errors["est_to"] = ValidationError(
                    _("The EST period cannot end before it starts."), code="est_end_before_start"
                )
        if self.kind == self.Kind.DOKUMENT:
            if not self.dokument_id:
                errors["dokument"] = ValidationError(_("Choose the document."), code="required")
            elif (
                self.problem_id and self.dokument.lagesbild.series != self.problem.lagesbild.series
            ):
                errors["dokument"] = ValidationError(
                    _("The document is attached to another situational picture."),
                    code="other_lagesbild",
                )
        if errors:
            raise ValidationError(errors)
        # Only what the kind cites is kept, so a changed choice leaves nothing behind.
        if self.kind != self.Kind.INDIKATOR:
            self.indikator, self.omrade = None, None
        if self.kind != self.Kind.EST:
            self.est_grupp, self.est_from, self.est_to = None, None, None
        if self.kind != self.Kind.DOKUMENT:
            self.dokument = None
