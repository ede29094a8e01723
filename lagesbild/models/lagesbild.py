"""Lägesbilder (Lag 2023:196 om kommuners ansvar för brottsförebyggande arbete).

A lägesbild maps crime in an area, adds other relevant information and analyses it (§ 4).
Its analysis is internal; only a separate summary is ever published. Once a forum has
fastställt it, it is frozen: a change makes a new version. Its prioritised problems are in
``problem.py``, the åtgärdsplan answering them in ``atgardsplan.py``.
"""

import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lagesbild import rules as access
from organisation.dates import date_range_constraints, validate_date_range
from organisation.models import Forum, Mote, Organ
from organisation.publication import PublicTextModel, labelled_text
from organisation.slugs import save_with_free_slug
from samverkan.models import Fokusomrade, Omrade, Samverkansomrade

__all__ = ["BRA_FORUM_SLUG", "FrozenError", "Lagesbild", "normalised_title"]

BRA_FORUM_SLUG = access.BRA_FORUM_SLUG


class FrozenError(ValidationError):
    """Raised when something tries to change a fastställd lägesbild in place."""


def normalised_title(title: str) -> str:
    """A problem title reduced to what two people typing it would agree on."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


class LagesbildQuerySet(models.QuerySet):
    """Who reads which lägesbild is declared in ``lagesbild/rules.py``."""

    def published(self):
        """The only lägesbilder any public output may show, and only their summary."""
        return self.filter(access.PUBLISHED_LAGESBILD)

    def editable_by(self, user):
        return self.filter(access.editable_q(user))

    def visible_to(self, user):
        """Lägesbilder whose internal parts a user may read.

        Editors read everything. Other officials read where they work: the
        samverkansområde of a group they belong to or coordinate, the districts where
        their groups run insatser, and the whole kommun if they sit in a strategic forum.
        """
        return self.filter(access.visible_lagesbilder_q(user))

    def of_scope(self, lagesbild):
        return self.filter(
            scope=lagesbild.scope,
            samverkansomrade=lagesbild.samverkansomrade_id,
            omrade=lagesbild.omrade_id,
            fokusomrade=lagesbild.fokusomrade_id,
        )

    def previous_of(self, lagesbild):
        """The latest fastställd lägesbild of the same scope from an earlier period."""
        return (
            self.of_scope(lagesbild)
            .filter(status=Lagesbild.Status.FASTSTALLD, period_start__lt=lagesbild.period_start)
            .exclude(series=lagesbild.series)
            .order_by("-period_start", "-version")
            .first()
        )


class Lagesbild(PublicTextModel, models.Model):
    """A situational picture of crime and insecurity in the kommun, an area or a district."""

    class Scope(models.TextChoices):
        KOMMUN = "kommun", _("the whole municipality")
        SAMVERKANSOMRADE = "samverkansomrade", _("a collaboration area")
        OMRADE = "omrade", _("a district")
        FOKUSOMRADE = "fokusomrade", _("a focus area of the police agreement")

    class Status(models.TextChoices):
        UTKAST = "utkast", _("draft")
        FASTSTALLD = "faststalld", _("approved")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.KOMMUN)
    samverkansomrade = models.ForeignKey(
        Samverkansomrade,
        verbose_name=_("collaboration area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lagesbilder",
    )
    omrade = models.ForeignKey(
        Omrade,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lagesbilder",
    )
    fokusomrade = models.ForeignKey(
        Fokusomrade,
        verbose_name=_("focus area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lagesbilder",
    )
    period_start = models.DateField(_("period from"), validators=[validate_date_range])
    period_end = models.DateField(_("period until"), validators=[validate_date_range])
    kartlaggning = models.TextField(
        _("mapping of crime"),
        blank=True,
        max_length=50000,
        help_text=_(
            "Crime and insecurity in the area: what, where, when, how much and with what "
            "consequences. Markdown is allowed. Internal."
        ),
    )
    ovrig_information = models.TextField(
        _("other relevant information"),
        blank=True,
        max_length=50000,
        help_text=_(
            "Other knowledge that matters: partners' observations, surveys, dialogues with "
            "residents. Markdown is allowed. Internal."
        ),
    )
    analys = models.TextField(
        _("analysis"),
        blank=True,
        max_length=50000,
        help_text=_(
            "Causes, risk and protective factors and what should be prioritised. "
            "Markdown is allowed. Internal."
        ),
    )
    sources = models.TextField(
        _("sources"),
        blank=True,
        max_length=10000,
        help_text=_("The data and documents the picture is based on, one per line. Internal."),
    )
    author_body = models.ForeignKey(
        Organ,
        verbose_name=_("prepared by body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lagesbilder",
        help_text=_("Usually the analysis unit (CKS)."),
    )
    author_forum = models.ForeignKey(
        Forum,
        verbose_name=_("prepared by forum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_lagesbilder",
        help_text=_("Usually the crime prevention council (Brå)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UTKAST
    )
    adopted_by = models.ForeignKey(
        Forum,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_lagesbilder",
    )
    adopted_on = models.DateField(
        _("approved on"), null=True, blank=True, validators=[validate_date_range]
    )
    adopted_at_meeting = models.ForeignKey(
        Mote,
        verbose_name=_("approved at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_lagesbilder",
    )
    adopted_paragraph = models.CharField(
        _("protocol paragraph"), max_length=20, blank=True, help_text=_("E.g. § 45.")
    )
    adopted_diarienummer = models.CharField(
        _("registration number (diarienummer)"), max_length=50, blank=True
    )
    series = models.UUIDField(_("series"), default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="next_version",
    )
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        max_length=10000,
        help_text=_(
            "What residents may read: no analysis, no named places of individual cases, "
            "never a person. Markdown is allowed."
        ),
    )
    summary_published_at = models.DateTimeField(
        _("summary published"), null=True, blank=True, validators=[validate_date_range]
    )
    # The lägesbild may cite an EST group's reports over a period as part of its mapping;
    # the figures are frozen into it when it is fastställd, so later reports never change it.
    est_grupp = models.ForeignKey(
        "samverkan.Samverkansgrupp",
        verbose_name=_("EST group cited"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "est"},
        related_name="cited_by_lagesbilder",
        help_text=_("Optional: the EST reports of a group over a period, as part of the mapping."),
    )
    est_from = models.DateField(
        _("EST period from"), null=True, blank=True, validators=[validate_date_range]
    )
    est_to = models.DateField(
        _("EST period until"), null=True, blank=True, validators=[validate_date_range]
    )
    est_figures = models.JSONField(_("EST figures"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = LagesbildQuerySet.as_manager()

    # What a fastställd lägesbild may never change. The summary and its publication may,
    # since residents are told about a lägesbild after it has been fastställd.
    FROZEN_FIELDS = [
        "title",
        "slug",
        "scope",
        "samverkansomrade",
        "omrade",
        "fokusomrade",
        "period_start",
        "period_end",
        "kartlaggning",
        "ovrig_information",
        "analys",
        "sources",
        "author_body",
        "author_forum",
        "status",
        "adopted_by",
        "adopted_on",
        "adopted_at_meeting",
        "adopted_paragraph",
        "adopted_diarienummer",
        "series",
        "version",
        "previous_version",
        "est_grupp",
        "est_from",
        "est_to",
        "est_figures",
    ]

    class Meta:
        verbose_name = _("situational picture")
        verbose_name_plural = _("situational pictures")
        ordering = ["-period_start", "scope", "title", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(est_grupp__isnull=True, est_from__isnull=True, est_to__isnull=True)
                | Q(
                    est_grupp__isnull=False,
                    est_from__isnull=False,
                    est_to__isnull=False,
                    est_to__gte=F("est_from"),
                ),
                name="lagesbild_est_citation_whole",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="kommun",
                        samverkansomrade__isnull=True,
                        omrade__isnull=True,
                        fokusomrade__isnull=True,
                    )
                    | Q(
                        scope="samverkansomrade",
                        samverkansomrade__isnull=False,
                        omrade__isnull=True,
                        fokusomrade__isnull=True,
                    )
                    | Q(
                        scope="omrade",
                        samverkansomrade__isnull=True,
                        omrade__isnull=False,
                        fokusomrade__isnull=True,
                    )
                    | Q(
                        scope="fokusomrade",
                        samverkansomrade__isnull=True,
                        omrade__isnull=True,
                        fokusomrade__isnull=False,
                    )
                ),
                name="lagesbild_exactly_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="lagesbild_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(author_body__isnull=False) | Q(author_forum__isnull=False),
                name="lagesbild_has_an_author",
            ),
            models.CheckConstraint(
                condition=Q(status="utkast")
                | Q(adopted_by__isnull=False, adopted_on__isnull=False),
                name="lagesbild_approved_by_forum_on_date",
            ),
            models.CheckConstraint(
                condition=Q(summary_published_at__isnull=True)
                | (Q(status="faststalld") & ~Q(public_summary="")),
                name="lagesbild_only_approved_summary_published",
            ),
            models.CheckConstraint(
                condition=Q(version=1, previous_version__isnull=True)
                | Q(version__gt=1, previous_version__isnull=False),
                name="lagesbild_version_follows_predecessor",
            ),
            models.UniqueConstraint(
                fields=["series", "version"], name="lagesbild_one_row_per_version"
            ),
            *date_range_constraints(
                "lagesbild",
                period_start="date",
                period_end="date",
                adopted_on="date",
                summary_published_at="datetime",
            ),
        ]

    def __str__(self):
        if self.version > 1:
            return _("%(title)s, version %(version)s") % {
                "title": self.title,
                "version": self.version,
            }
        return self.title

    def save(self, *args, **kwargs):
        self._refuse_change_when_frozen()
        if self.slug:
            super().save(*args, **kwargs)
            return
        save = super().save
        save_with_free_slug(self, lambda: save(*args, **kwargs), base=self._slug_base())

    def get_absolute_url(self):
        """The public page; it answers 404 unless the summary is published."""
        return reverse("lagesbild:public_detail", kwargs={"slug": self.slug})

    def get_workspace_url(self):
        return reverse("lagesbild:detail", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        if self.pk and self._stored_is_frozen():
            raise FrozenError(
                _("An approved situational picture cannot be deleted."), code="frozen"
            )
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.pk and self._stored_is_frozen() and self._changed_frozen_fields():
            raise FrozenError(self.frozen_message(), code="frozen")
        cited = [self.est_grupp_id, self.est_from, self.est_to]
        if any(value is not None for value in cited) and None in cited:
            errors["est_grupp"] = ValidationError(
                _("To cite EST reports, choose the group and both dates of the period."),
                code="est_incomplete",
            )
        elif self.est_from and self.est_to and self.est_to < self.est_from:
            errors["est_to"] = ValidationError(
                _("The EST period cannot end before it starts."), code="est_end_before_start"
            )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = ValidationError(
                _("The period cannot end before it starts."), code="end_before_start"
            )
        if self.scope == self.Scope.SAMVERKANSOMRADE and not self.samverkansomrade_id:
            errors["samverkansomrade"] = ValidationError(
                _("Choose the collaboration area the picture covers."), code="scope_missing"
            )
        if self.scope == self.Scope.OMRADE and not self.omrade_id:
            errors["omrade"] = ValidationError(
                _("Choose the district the picture covers."), code="scope_missing"
            )
        if self.scope != self.Scope.SAMVERKANSOMRADE and self.samverkansomrade_id:
            errors["samverkansomrade"] = ValidationError(
                _("Only a picture of a collaboration area names one."), code="scope_extra"
            )
        if self.scope != self.Scope.OMRADE and self.omrade_id:
            errors["omrade"] = ValidationError(
                _("Only a picture of a district names one."), code="scope_extra"
            )
        if self.scope == self.Scope.FOKUSOMRADE and not self.fokusomrade_id:
            errors["fokusomrade"] = ValidationError(
                _("Choose the focus area of the police agreement the picture covers."),
                code="scope_missing",
            )
        if self.scope != self.Scope.FOKUSOMRADE and self.fokusomrade_id:
            errors["fokusomrade"] = ValidationError(
                _("Only a picture of a focus area names one."), code="scope_extra"
            )
        if not self.author_body_id and not self.author_forum_id:
            errors["author_body"] = ValidationError(
                _("Name the body or the forum that prepared the picture."), code="no_author"
            )
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def frozen_message() -> str:
        return str(
            _(
                "This situational picture is approved and can no longer be changed. "
                "Create a new version to make changes; the approved one stays as it is."
            )
        )

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FASTSTALLD

    @property
    def is_summary_published(self) -> bool:
        return self.summary_published_at is not None

    @property
    def scope_label(self) -> str:
        if self.scope == self.Scope.SAMVERKANSOMRADE and self.samverkansomrade_id:
            return self.samverkansomrade.name
        if self.scope == self.Scope.OMRADE and self.omrade_id:
            return self.omrade.name
        if self.scope == self.Scope.FOKUSOMRADE and self.fokusomrade_id:
            return _("Focus area: %(name)s") % {"name": self.fokusomrade.name}
        return str(_("The whole municipality"))

    @property
    def author_label(self) -> str:
        names = [str(x) for x in (self.author_body, self.author_forum) if x is not None]
        return _(" for ").join(names)

    def versions(self):
        return Lagesbild.objects.filter(series=self.series).order_by("version")

    def summary_text_fields(self) -> dict[str, tuple[str, str]]:
        """The free text that reaches residents when the summary is published."""
        return labelled_text(self, ["title", "public_summary"])

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(
            self,
            ["title", "kartlaggning", "ovrig_information", "analys", "sources", "public_summary"],
        )

    def public_text(self) -> dict[str, tuple[str, str]]:
        """The summary, the title and the public problems' titles, once published."""
        if not access.lagesbild_is_public(self):
            return {}
        fields = self.summary_text_fields()
        if self.pk:
            for problem in self.problems.filter(is_public=True):
                fields[f"problem-{problem.pk}"] = (
                    _("Public problem “%(title)s”") % {"title": problem.title},
                    problem.title,
                )
        return fields

    def _stored_is_frozen(self) -> bool:
        return Lagesbild.objects.filter(pk=self.pk, status=self.Status.FASTSTALLD).exists()

    def _changed_frozen_fields(self) -> list[str]:
        names = [self._meta.get_field(name).attname for name in self.FROZEN_FIELDS]
        stored = Lagesbild.objects.filter(pk=self.pk).values(*names).first()
        if stored is None:
            return []
        return [name for name in names if stored[name] != getattr(self, name)]

    def _refuse_change_when_frozen(self):
        if self.pk and self._stored_is_frozen() and self._changed_frozen_fields():
            raise FrozenError(self.frozen_message(), code="frozen")

    def _slug_base(self) -> str:
        base = slugify(self.title)[:200] or "lagesbild"
        if self.version > 1:
            base = f"{base}-v{self.version}"
        return base
