"""EST (Effektiv samordning för trygghet): incidents reported per place and week.

Field staff of the partners (Polisen, AB Bostäder, the kommun's fältarbete …) report what
they see at a place; the EST group reads the weekly picture, decides what to do this week
and prioritises places each quarter. EST is about places, never about individuals: there
is no field for a person, the number of people is an interval, and free text passes the
personnummer guard. Nothing of EST is ever public.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.dates import validate_date_range
from organisation.models import Organ
from organisation.personnummer import refuse_personnummer
from organisation.publication import labelled_text
from samverkan.models import Omrade, Samverkansgrupp

__all__ = [
    "EST_PERSONNUMMER_MESSAGE",
    "EstAtgard",
    "EstPeriodval",
    "EstPlats",
    "EstPrioritering",
    "Prioriteringsperiod",
    "Handelsekategori",
    "Handelserapport",
    "iso_week_of",
    "period_of",
]


# EST text is never published, so the guard's usual "remove the number before publishing"
# would mislead: the same check, with words that fit (report, action, priority, place).
EST_PERSONNUMMER_MESSAGE = _(
    "%(field)s contains what looks like a Swedish personal identity number (%(masked)s, "
    "line %(line)s). EST reports are about places, never about people: remove the "
    "personal identity number."
)


def iso_week_of(day) -> tuple[int, int]:
    """(ISO year, ISO week) of a date: 31 December can be week 1 of the next year."""
    year, week, _weekday = day.isocalendar()
    return year, week


class EstPlatsQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=EstPlats.Status.GODKAND)


class EstPlats(models.Model):
    """A named place within a district: Hulta torg, the underpass by the school …"""

    class Status(models.TextChoices):
        FORESLAGEN = "foreslagen", _("proposed")
        GODKAND = "godkand", _("approved")
        SAMMANFORD = "sammanford", _("merged into another place")

    omrade = models.ForeignKey(
        Omrade, verbose_name=_("district"), on_delete=models.PROTECT, related_name="est_platser"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GODKAND
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_places",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EstPlatsQuerySet.as_manager()

    class Meta:
        verbose_name = _("EST place")
        verbose_name_plural = _("EST places")
        ordering = ["omrade__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["omrade", "name"], name="est_place_unique_in_district"),
            models.CheckConstraint(
                condition=Q(status="sammanford", merged_into__isnull=False)
                | (~Q(status="sammanford") & Q(merged_into__isnull=True)),
                name="est_place_merged_has_target",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="est_place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="est_place_longitude_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.omrade.name})"

    def clean(self):
        refuse_personnummer(labelled_text(self, ["name", "description"]), EST_PERSONNUMMER_MESSAGE)


class Handelsekategori(models.Model):
    """What was seen: skadegörelse, klotter, otrygg plats … The list is data, kept in admin."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Categories no longer in use keep their reports.")
    )

    class Meta:
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class HandelserapportQuerySet(models.QuerySet):
    def current(self):
        """Reports that count: not withdrawn by their reporter."""
        return self.filter(withdrawn_at__isnull=True)

    def visible_to(self, user):
        """Reports of the EST groups the user reads (``lagesbild.view_est_group``)."""
        from lagesbild import rules as access

        return self.filter(access.readable_est_reports_q(user))

    def in_week(self, year: int, week: int):
        return self.filter(iso_year=year, iso_week=week)


class Handelserapport(models.Model):
    """One incident at a place, reported by an organisation's field staff."""

    class Dagsdel(models.TextChoices):
        MORGON = "morgon", _("morning (06–10)")
        DAG = "dag", _("day (10–17)")
        KVALL = "kvall", _("evening (17–22)")
        NATT = "natt", _("night (22–06)")

    class Antal(models.TextChoices):
        INGA = "0", _("no people")
        FA = "1-2", _("1–2 people")
        NAGRA = "3-5", _("3–5 people")
        GRUPP = "6-10", _("6–10 people")
        STOR = "11-20", _("11–20 people")
        MANGA = "20+", _("more than 20 people")

    grupp = models.ForeignKey(
        Samverkansgrupp,
        verbose_name=_("EST group"),
        on_delete=models.PROTECT,
        related_name="est_rapporter",
    )
    omrade = models.ForeignKey(
        Omrade, verbose_name=_("district"), on_delete=models.PROTECT, related_name="est_rapporter"
    )
    plats = models.ForeignKey(
        EstPlats,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rapporter",
    )
    occurred_on = models.DateField(_("date"), validators=[validate_date_range])
    occurred_at = models.TimeField(_("time"), null=True, blank=True)
    part_of_day = models.CharField(
        _("part of day"), max_length=10, choices=Dagsdel.choices, blank=True
    )
    # The ISO week the incident belongs to, in Swedish time, stored so the weekly picture
    # groups by an index instead of computing weeks row by row.
    iso_year = models.PositiveSmallIntegerField(_("ISO year"), editable=False)
    iso_week = models.PositiveSmallIntegerField(_("ISO week"), editable=False)
    kategori = models.ForeignKey(
        Handelsekategori,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="rapporter",
    )
    description = models.CharField(
        _("what happened"),
        max_length=500,
        blank=True,
        help_text=_("Describe the place and what happened. Never name or describe a person."),
    )
    people = models.CharField(
        _("people involved"), max_length=10, choices=Antal.choices, default=Antal.INGA
    )
    organ = models.ForeignKey(
        Organ,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="est_rapporter",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="est_rapporter",
    )
    source_id = models.CharField(
        _("id in the organisation's own system"), max_length=100, blank=True
    )
    # Made by the reporting form in the browser: a report sent again after a lost
    # connection is recognised and not saved twice.
    client_key = models.UUIDField(_("sending key"), null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    history = HistoricalRecords()

    objects = HandelserapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-occurred_on", "-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["grupp", "iso_year", "iso_week"]),
            models.Index(fields=["omrade", "iso_year", "iso_week"]),
            # The weekly picture counts from this index alone (an index-only scan on
            # PostgreSQL): a range of days within a group, and every column it groups by.
            # Key columns rather than INCLUDE, which SQLite (the demo) does not have.
            models.Index(
                fields=[
                    "grupp",
                    "occurred_on",
                    "iso_year",
                    "iso_week",
                    "omrade",
                    "kategori",
                    "plats",
                ],
                condition=Q(withdrawn_at__isnull=True),
                name="est_report_current_by_day",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "source_id"],
                condition=~Q(source_id=""),
                name="est_report_source_id_unique_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(iso_week__gte=1, iso_week__lte=53), name="est_report_iso_week_range"
            ),
            models.CheckConstraint(
                condition=Q(occurred_on__gte="2000-01-01", occurred_on__lte="2100-12-31"),
                name="est_report_date_range",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("created_at")),
                name="est_report_withdrawn_after_reported",
            ),
        ]

    def __str__(self):
        return f"{self.kategori} {self.occurred_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.iso_year, self.iso_week = iso_week_of(self.occurred_on)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.plats_id and self.omrade_id and self.plats.omrade_id != self.omrade_id:
            errors["plats"] = ValidationError(
                _("The place is in another district."), code="place_district"
            )
        if self.occurred_on and self.occurred_on > timezone.localdate():
            errors["occurred_on"] = ValidationError(
                _("An incident cannot be reported before it happens."), code="future"
            )
        if errors:
            raise ValidationError(errors)
        refuse_personnummer(labelled_text(self, ["description"]), EST_PERSONNUMMER_MESSAGE)

    @property
    def week_label(self) -> str:
        return f"{self.iso_year} v{self.iso_week:02d}"


class EstAtgard(models.Model):
    """What the EST group decided for a week: an action at a place, with its owner."""

    class Status(models.TextChoices):
        BESLUTAD = "beslutad", _("decided")
        UTFORD = "utford", _("done")
        EJ_UTFORD = "ej_utford", _("not done")

    grupp = models.ForeignKey(
        Samverkansgrupp, verbose_name=_("EST group"), on_delete=models.PROTECT, related_name="+"
    )
    iso_year = models.PositiveSmallIntegerField(_("year"))
    iso_week = models.PositiveSmallIntegerField(_("week"))
    plats = models.ForeignKey(
        EstPlats,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="atgarder",
    )
    omrade = models.ForeignKey(
        Omrade, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Organ, verbose_name=_("carried out by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BESLUTAD
    )
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("EST action")
        verbose_name_plural = _("EST actions")
        ordering = ["-iso_year", "-iso_week", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_week__gte=1, iso_week__lte=53), name="est_action_iso_week_range"
            ),
            models.CheckConstraint(
                condition=Q(iso_year__gte=2000, iso_year__lte=2100), name="est_action_year_range"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        refuse_personnummer(labelled_text(self, ["text", "follow_up"]), EST_PERSONNUMMER_MESSAGE)


class Prioriteringsperiod(models.TextChoices):
    KVARTAL = "kvartal", _("quarter")
    TERTIAL = "tertial", _("tertial (four months)")


def period_of(day: date, kind: str) -> tuple[int, int]:
    """(year, number) of the quarter or tertial ``day`` falls in."""
    months = 4 if kind == Prioriteringsperiod.TERTIAL else 3
    return day.year, (day.month - 1) // months + 1


class EstPeriodval(models.Model):
    """Whether an EST group prioritises per quarter or per tertial (quarter when unset)."""

    grupp = models.OneToOneField(
        Samverkansgrupp,
        verbose_name=_("EST group"),
        on_delete=models.CASCADE,
        related_name="est_periodval",
    )
    period_kind = models.CharField(
        _("prioritisation period"),
        max_length=10,
        choices=Prioriteringsperiod.choices,
        default=Prioriteringsperiod.KVARTAL,
    )

    class Meta:
        verbose_name = _("prioritisation period of an EST group")
        verbose_name_plural = _("prioritisation periods of EST groups")

    def __str__(self):
        return f"{self.grupp}: {self.get_period_kind_display()}"

    @staticmethod
    def of(grupp) -> str:
        """The group's choice, quarters when it has made none; no query when the group was
        read with ``select_related("est_periodval")``."""
        try:
            return grupp.est_periodval.period_kind
        except EstPeriodval.DoesNotExist:
            return Prioriteringsperiod.KVARTAL


class EstPrioritering(models.Model):
    """A place or district the EST group prioritises for a quarter or tertial, and why."""

    grupp = models.ForeignKey(
        Samverkansgrupp, verbose_name=_("EST group"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(
        _("period"),
        max_length=10,
        choices=Prioriteringsperiod.choices,
        default=Prioriteringsperiod.KVARTAL,
    )
    # The number of the quarter (1–4) or the tertial (1–3), as period_kind says.
    quarter = models.PositiveSmallIntegerField(_("number of the period"))
    omrade = models.ForeignKey(
        Omrade, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    plats = models.ForeignKey(
        EstPlats,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prioriteringar",
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("EST prioritisation")
        verbose_name_plural = _("EST prioritisations")
        ordering = ["-year", "-quarter", "omrade__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind="kvartal", quarter__gte=1, quarter__lte=4)
                | Q(period_kind="tertial", quarter__gte=1, quarter__lte=3),
                name="est_priority_period_range",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="est_priority_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.period_label}: {self.plats or self.omrade}"

    @property
    def period_label(self) -> str:
        letter = "T" if self.period_kind == Prioriteringsperiod.TERTIAL else "K"
        return f"{self.year} {letter}{self.quarter}"

    def clean(self):
        refuse_personnummer(labelled_text(self, ["reason"]), EST_PERSONNUMMER_MESSAGE)
