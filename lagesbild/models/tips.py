"""Residents' tips about unsafe places, and the cases officials triage them in.

A resident tells the kommun where it feels unsafe, without an account. Tips about the same
place and category within ``CASE_WINDOW`` are one case (``Tipsarende``): the receivers
triage the case, and its status and short answer are what every resident behind it reads
on their private status page. Tips are about places, never people: the free text passes
the personnummer guard, and nothing of a tip is ever public one by one. No address or
browser data is stored; contact data only with consent, and only until the case closes.
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.personnummer import refuse_personnummer
from organisation.publication import labelled_text
from samverkan.models import Omrade

from .est import Handelserapport
from .problem import Problem

__all__ = ["Tips", "Tipsarende", "Tipsanteckning", "Tipskategori", "normalise_place"]

CASE_WINDOW = timedelta(days=30)
# The reference residents quote: no 0/O or 1/I/L to mix up when read aloud.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class Tipskategori(models.TextChoices):
    DALIG_BELYSNING = "dalig-belysning", _("poor lighting")
    KLOTTER = "klotter-skadegorelse", _("graffiti or vandalism")
    NEDSKRAPNING = "nedskrapning", _("littering")
    OTRYGG_PLATS = "otrygg-plats", _("unsafe place")
    SAMLING = "samling", _("a gathering that feels unsafe")
    ANNAT = "annat", _("other")


# The EST category a tip's category becomes when the case is made an EST report
# (slugs from the migration 0004_est_categories).
EST_CATEGORY = {
    Tipskategori.DALIG_BELYSNING: "otrygg-plats",
    Tipskategori.KLOTTER: "skadegorelse",
    Tipskategori.NEDSKRAPNING: "annat-ordningsstorande",
    Tipskategori.OTRYGG_PLATS: "otrygg-plats",
    Tipskategori.SAMLING: "otrygghetsskapande-samling",
    Tipskategori.ANNAT: "annat-ordningsstorande",
}


class Dagtid(models.TextChoices):
    MORGON = "morgon", _("morning")
    DAG = "dag", _("daytime")
    KVALL = "kvall", _("evening")
    NATT = "natt", _("night")


class Veckodag(models.TextChoices):
    VARDAG = "vardag", _("weekdays")
    HELG = "helg", _("weekends")


def normalise_place(text: str) -> str:
    """The place as it is compared: case, punctuation and spacing do not make a new place."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()[:200]


def _reference() -> str:
    return "T-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _status_token() -> str:
    return secrets.token_urlsafe(32)


class TipsarendeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases the user receives (``lagesbild.view_tipsarende``)."""
        from lagesbild import rules as access

        return self.filter(access.readable_tips_cases_q(user))

    def open(self):
        return self.filter(status__in=Tipsarende.OPEN_STATUSES)


class Tipsarende(models.Model):
    """The tips about one place and category: triaged, answered and closed together."""

    class Status(models.TextChoices):
        NY = "ny", _("new")
        HANTERAS = "hanteras", _("being handled")
        KLAR = "klar", _("done")
        VIDARE = "vidare", _("passed on to fault reporting")
        AVVISAD = "avvisad", _("rejected")

    OPEN_STATUSES = (Status.NY, Status.HANTERAS)
    HANDLED_STATUSES = (Status.KLAR, Status.VIDARE)

    omrade = models.ForeignKey(
        Omrade, verbose_name=_("district"), on_delete=models.PROTECT, related_name="tipsarenden"
    )
    kategori = models.CharField(_("category"), max_length=30, choices=Tipskategori.choices)
    place_key = models.CharField(_("place, as compared"), max_length=200, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="ny")
    rejection_reason = models.CharField(
        _("reason for rejecting"),
        max_length=300,
        blank=True,
        help_text=_("Internal: why the case needs no action."),
    )
    answer = models.TextField(
        _("answer to the resident"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Shown on the resident's private status page and sent to those who asked for a "
            "reply. Say what was done, never who did what."
        ),
    )
    first_tip_at = models.DateTimeField(_("first tip"), default=timezone.now)
    last_tip_at = models.DateTimeField(_("latest tip"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    est_rapport = models.ForeignKey(
        Handelserapport,
        verbose_name=_("EST report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tipsarenden",
    )
    # Lägesbild problems that cite the case as evidence. The link lives here so the
    # lägesbild's own model does not change for it.
    problems = models.ManyToManyField(
        Problem,
        verbose_name=_("cited on lägesbild problems"),
        blank=True,
        related_name="tipsarenden",
    )

    objects = TipsarendeQuerySet.as_manager()

    class Meta:
        verbose_name = _("tips case")
        verbose_name_plural = _("tips cases")
        ordering = ["-last_tip_at", "-pk"]
        indexes = [models.Index(fields=["omrade", "kategori", "place_key", "last_tip_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="avvisad") | ~Q(rejection_reason=""),
                name="tips_case_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["ny", "hanteras"], closed_at__isnull=True)
                | (~Q(status__in=["ny", "hanteras"]) & Q(closed_at__isnull=False)),
                name="tips_case_closed_when_closed",
            ),
        ]

    def __str__(self):
        return f"{self.get_kategori_display()}, {self.omrade.name}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def clean(self):
        refuse_personnummer(labelled_text(self, ["answer", "rejection_reason"]))
        if self.status == self.Status.AVVISAD and not self.rejection_reason.strip():
            raise ValidationError(
                {"rejection_reason": _("Say why the case is rejected.")}, code="reason_required"
            )


class TipsQuerySet(models.QuerySet):
    def visible_to(self, user):

        return self.filter(arende__in=Tipsarende.objects.visible_to(user).values("pk"))

    def public_counts(self, omrade, year: int) -> list[dict]:
        """Per quarter and category: tips and how many were handled. One query.

        The only figures of tips residents see; each count is rounded off on the page when
        below three, so a single tip cannot be told apart.
        """
        from django.db.models.functions import ExtractQuarter

        rows = (
            self.filter(omrade=omrade, created_at__year=year)
            .annotate(quarter=ExtractQuarter("created_at"))
            .values("quarter", "kategori")
            .annotate(
                total=Count("pk"),
                handled=Count("pk", filter=Q(arende__status__in=Tipsarende.HANDLED_STATUSES)),
            )
            .order_by("quarter", "kategori")
        )
        labels = dict(Tipskategori.choices)
        return [row | {"label": labels.get(row["kategori"], row["kategori"])} for row in rows]


class Tips(models.Model):
    """One resident's tip. Never public; read only by the case's receivers."""

    arende = models.ForeignKey(
        Tipsarende, verbose_name=_("case"), on_delete=models.CASCADE, related_name="tips"
    )
    reference = models.CharField(
        _("reference number"), max_length=12, unique=True, default=_reference, editable=False
    )
    # The resident's private status link; unguessable, never listed anywhere.
    status_token = models.CharField(
        _("status link key"), max_length=64, unique=True, default=_status_token, editable=False
    )
    omrade = models.ForeignKey(
        Omrade, verbose_name=_("district"), on_delete=models.PROTECT, related_name="tips"
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        help_text=_(
            "Describe the place so it can be found, e.g. 'the footpath behind the school'."
        ),
    )
    kategori = models.CharField(_("what"), max_length=30, choices=Tipskategori.choices)
    times_of_day = models.CharField(_("time of day"), max_length=40, blank=True)
    days = models.CharField(_("days"), max_length=20, blank=True)
    text = models.TextField(
        _("what makes it feel unsafe"),
        max_length=1500,
        blank=True,
        help_text=_("Describe the place and what happens there. Never name or describe a person."),
    )
    contact_email = models.EmailField(_("e-mail for a reply"), blank=True)
    consent_at = models.DateTimeField(_("consented to a reply"), null=True, blank=True)
    # Under MEDIA_ROOT, which is never served (README, Produktion): receivers see the photo
    # only through the permission-checked view.
    photo = models.ImageField(_("photo"), upload_to="tips/%Y/%m/", blank=True, max_length=200)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    replied_at = models.DateTimeField(_("reply sent"), null=True, blank=True)

    objects = TipsQuerySet.as_manager()

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["omrade", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_email="") | Q(consent_at__isnull=False),
                name="tips_contact_only_with_consent",
            ),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        refuse_personnummer(labelled_text(self, ["place", "text"]))

    def times_display(self) -> str:
        labels = dict(Dagtid.choices) | dict(Veckodag.choices)
        codes = [c for c in (self.times_of_day + "," + self.days).split(",") if c]
        return ", ".join(str(labels.get(code, code)) for code in codes)

    @property
    def contact_expires(self):
        return self.created_at + timedelta(days=settings.TIPS_CONTACT_DAYS)


class Tipsanteckning(models.Model):
    """An internal note on a case: what was checked, who was asked. Never shown to residents."""

    arende = models.ForeignKey(
        Tipsarende, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("note on a tips case")
        verbose_name_plural = _("notes on tips cases")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        refuse_personnummer(labelled_text(self, ["text"]))
