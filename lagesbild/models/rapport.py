"""Kommunstyrelsen's annual follow-up report (årsuppföljning) and its submitted versions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.dates import date_range_constraints, validate_date_range
from organisation.publication import PublicTextModel, labelled_text

__all__ = ["Arsbedomning", "Arsuppfoljning", "Arsuppfoljningsversion", "Rapportutskrift"]

# The first and last year a report can be asked for; later years than the current one give an
# empty report, which is what Kommunstyrelsen should see for a year nothing has happened in.
REPORT_YEAR_MIN = 2000
REPORT_YEARS_AHEAD = 10


class Arsuppfoljning(models.Model):
    """The annual follow-up of one year. A row exists once the report has been submitted."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("annual follow-up report")
        verbose_name_plural = _("annual follow-up reports")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=REPORT_YEAR_MIN) & Q(year__lte=2200),
                name="arsuppfoljning_year_in_range",
            )
        ]

    def __str__(self):
        return f"Årsuppföljning {self.year}"

    def get_absolute_url(self):
        return reverse("lagesbild:rapport", kwargs={"year": self.year})


class ArsuppfoljningsversionQuerySet(models.QuerySet):
    def without_files(self):
        """For lists: the PDF bytes and the data are only read when a version is downloaded."""
        return self.defer("pdf", "public_pdf", "data_json")


class Arsuppfoljningsversion(models.Model):
    """One version of the report as it was handed to Kommunstyrelsen. It is never changed.

    The PDF bytes are stored in the database rather than in media storage: a version is one
    row that is written or not in one transaction with its checksum, backups of the database
    carry it, and a fresh installation needs no writable media directory. A report is a few
    hundred kilobytes and a year has a handful of versions.
    """

    arsuppfoljning = models.ForeignKey(
        Arsuppfoljning,
        verbose_name=_("annual follow-up report"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(
        _("submitted"), default=timezone.now, validators=[validate_date_range]
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="submitted_reports",
    )
    # Kept as text so the record still says who submitted it after the account is removed.
    submitted_by_name = models.CharField(_("submitted by (name)"), max_length=300)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("For example the registration number (diarienummer) at Kommunstyrelsen."),
    )
    checksum = models.CharField(
        _("checksum of the data"),
        max_length=64,
        help_text=_("SHA-256 of the report data as canonical JSON."),
    )
    data_json = models.TextField(_("report data (canonical JSON)"))
    public_checksum = models.CharField(_("checksum of the public edition's data"), max_length=64)
    pdf = models.BinaryField(_("PDF"))
    public_pdf = models.BinaryField(_("public edition (PDF)"))

    objects = ArsuppfoljningsversionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["arsuppfoljning", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["arsuppfoljning", "number"], name="one_number_per_report_version"
            ),
            models.CheckConstraint(
                condition=Q(checksum__regex=r"^[0-9a-f]{64}$")
                & Q(public_checksum__regex=r"^[0-9a-f]{64}$"),
                name="version_checksums_are_sha256",
            ),
            *date_range_constraints("report_version", submitted_at="datetime"),
        ]

    def __str__(self):
        return f"Årsuppföljning {self.arsuppfoljning.year}, version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A submitted version of the annual report is never changed.")
        super().save(*args, **kwargs)

    def filename(self, *, public: bool) -> str:
        edition = "-publik" if public else ""
        return f"arsuppfoljning-{self.arsuppfoljning.year}-version-{self.number}{edition}.pdf"


# The analyst's texts are read as a letter to Kommunstyrelsen: a few pages at most.
ASSESSMENT_MAX_LENGTH = 10_000


class Arsbedomning(PublicTextModel, models.Model):
    """The analyst's own text of a year's report: what a tjänsteskrivelse says in words.

    It is a draft until the year's report is submitted; any later change makes it a draft
    again. The text is written for Kommunstyrelsen and the public edition alike, so the
    publication guard checks all of it on every save, draft or not.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    proposal = models.TextField(
        _("proposal for decision"),
        blank=True,
        max_length=ASSESSMENT_MAX_LENGTH,
        help_text=_("What Kommunstyrelsen is asked to decide. Markdown."),
    )
    assessment = models.TextField(
        _("overall assessment"),
        blank=True,
        max_length=ASSESSMENT_MAX_LENGTH,
        help_text=_("How the work went during the year, in the analyst's judgement. Markdown."),
    )
    conclusions = models.TextField(
        _("conclusions"), blank=True, max_length=ASSESSMENT_MAX_LENGTH, help_text=_("Markdown.")
    )
    diarienummer = models.CharField(
        _("registration number"),
        max_length=40,
        blank=True,
        help_text=_("The diarienummer at Kommunstyrelsen, e.g. KS 2026-00123."),
    )
    author_role = models.CharField(
        _("author's role"),
        max_length=150,
        blank=True,
        help_text=_("A role, not a name, e.g. Analytiker, Stadsledningskansliet."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A function mailbox or switchboard number, not a person's own."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("analyst's assessment")
        verbose_name_plural = _("analyst's assessments")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=REPORT_YEAR_MIN) & Q(year__lte=2200),
                name="arsbedomning_year_in_range",
            )
        ]

    def __str__(self):
        return f"Bedömning {self.year}"

    TEXT_FIELDS = [
        "proposal",
        "assessment",
        "conclusions",
        "diarienummer",
        "author_role",
        "contact",
    ]

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None

    def public_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, self.TEXT_FIELDS)

    def all_text(self) -> dict[str, tuple[str, str]]:
        return self.public_text()


class Rapportutskrift(models.Model):
    """A print of the live report, made by the background worker for one state of the data.

    A request never prints: it looks up the print of the data's checksum, or queues one
    and shows its progress. The bytes live here, in the database, so the web processes and
    the worker share them whatever cache is configured; one print per year, edition and
    checksum, so anonymous requests for the public edition queue at most one print each
    time the data changes.
    """

    class Status(models.TextChoices):
        QUEUED = "koad", _("queued")
        RUNNING = "pagar", _("being printed")
        DONE = "klar", _("ready")
        FAILED = "misslyckad", _("failed")

    year = models.PositiveSmallIntegerField(_("year"))
    public = models.BooleanField(_("public edition"))
    checksum = models.CharField(_("checksum of the data"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)

    class Meta:
        verbose_name = _("report print")
        verbose_name_plural = _("report prints")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "public", "checksum"], name="one_print_per_report_state"
            )
        ]

    def __str__(self):
        return f"Utskrift {self.year} {'publik' if self.public else 'intern'} {self.checksum[:8]}"
