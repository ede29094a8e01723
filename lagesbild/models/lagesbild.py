"""Lägesbilder and åtgärdsplaner (Lag 2023:196 om kommuners ansvar för brottsförebyggande arbete).

A lägesbild maps crime in an area, adds other relevant information and analyses it (§ 4).
Its analysis is internal; only a separate summary is ever published. Once a forum has
fastställt it, it is frozen: a change makes a new version. An åtgärdsplan answers the
prioritised problems of a fastställd lägesbild with insatser.
"""

import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lagesbild import rules as access
from organisation.dates import date_range_constraints, validate_date_range
from organisation.models import Forum, Mote, Organ
from organisation.personnummer import refuse_personnummer
from organisation.publication import PublicTextModel, labelled_text
from organisation.slugs import save_with_free_slug
from samverkan.models import Fokusomrade, Insats, Omrade, Samverkansomrade

__all__ = [
    "BRA_FORUM_SLUG",
    "Atgard",
    "Atgardsplan",
    "FrozenError",
    "Lagesbild",
    "Problem",
    "normalised_title",
]

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


class Atgard(models.Model):
    """One insats answering one prioritised problem, with the effect it should have."""

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
        errors = {}
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
