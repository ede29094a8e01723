"""The standing forums, their meeting rhythm, the bodies in them and the accounts that are members."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from organisation import rules as access
from organisation.models.organ import Organ, StyrandeDokument
from organisation.publication import PublicTextModel, labelled_text
from organisation.translation import TranslatedModel, translations

__all__ = ["CadenceRow", "Forum", "Forumdeltagande", "Forummedlemskap", "Motesrytm"]


class ForumQuerySet(models.QuerySet):
    def public(self):
        """Forums whose meetings and minutes residents may follow."""
        return self.filter(access.PUBLIC_FORUM)

    def workspace_visible_to(self, user):
        """Forums whose workspace page a user may open (``organisation.view_forum_workspace``)."""
        return self.filter(access.workspace_forums_q(user))


class Forum(PublicTextModel, TranslatedModel, models.Model):
    """A standing forum of the programme: the strategic group, Brå, the drug policy group."""

    class Level(models.TextChoices):
        STRATEGISK = "strategisk", _("strategic")
        TAKTISK = "taktisk", _("tactical")
        OPERATIV = "operativ", _("operational")

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en, name_fi = translations(name)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    purpose = models.TextField(_("purpose"))
    purpose_en, purpose_fi = translations(purpose)
    description = models.TextField(_("description"), blank=True)
    description_en, description_fi = translations(description)
    tasks = models.TextField(
        _("tasks"), blank=True, help_text=_("The forum's functions, one per line.")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    responsible = models.ForeignKey(
        Organ,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="responsible_for_forums",
    )
    coordinator = models.ForeignKey(
        Organ,
        verbose_name=_("coordinating body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_forums",
    )
    chair = models.CharField(
        _("chaired by"), max_length=150, blank=True, help_text=_("A role, e.g. 'Kommunalråd'.")
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_forums",
    )
    cadence_note = models.CharField(_("meeting rhythm in words"), max_length=200, blank=True)
    steering_documents = models.ManyToManyField(
        StyrandeDokument, verbose_name=_("steering documents"), blank=True, related_name="forums"
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public forums publish their meetings and minutes on the open pages."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ForumQuerySet.as_manager()
    translated_fields = ("name", "purpose", "description")

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reports_to=models.F("pk")), name="forum_not_reporting_to_itself"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation:forum", kwargs={"slug": self.slug})

    def public_text(self) -> dict[str, tuple[str, str]]:
        """Name, purpose and description present the forum on the public pages."""
        return labelled_text(self, self.translation_columns())

    @property
    def task_list(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]

    def cadence(self, year: int, meetings=None) -> list["CadenceRow"]:
        """The forum's meeting rhythm for a year against its meetings, one row per rule.

        Pass ``meetings`` (the forum's meetings, any years) when they are already fetched;
        cancelled meetings count neither as held nor as planned.
        """
        if meetings is None:
            meetings = self.meetings.in_year(year)
        Mote = self.meetings.model  # noqa: N806 - the meetings' model, defined after Forum
        held: dict[str, int] = {}
        planned: dict[str, int] = {}
        for mote in meetings:
            if timezone.localtime(mote.starts_at).year != year:
                continue
            if mote.status == Mote.Status.HELD:
                held[mote.kind] = held.get(mote.kind, 0) + 1
            elif mote.status == Mote.Status.PLANNED:
                planned[mote.kind] = planned.get(mote.kind, 0) + 1
        return [
            CadenceRow(
                kind=rule.kind,
                label=rule.get_kind_display(),
                required=rule.min_per_year,
                maximum=rule.max_per_year,
                held=held.get(rule.kind, 0),
                planned=planned.get(rule.kind, 0),
            )
            for rule in self.cadence_rules.all()
        ]


@dataclass(frozen=True)
class CadenceRow:
    """How one rule of a forum's rhythm stands in a year."""

    kind: str
    label: str
    required: int
    maximum: int
    held: int
    planned: int

    @property
    def missing(self) -> int:
        """Meetings neither held nor planned that the rule still requires."""
        return max(0, self.required - self.held - self.planned)

    @property
    def met(self) -> bool:
        return self.held >= self.required

    def describe(self) -> str:
        text = _("%(held)s of %(required)s × %(kind)s held") % {
            "held": self.held,
            "required": self.required,
            "kind": self.label,
        }
        if self.planned:
            text += ", " + ngettext("%(count)s planned", "%(count)s planned", self.planned) % {
                "count": self.planned
            }
        if self.missing:
            text += ", " + ngettext(
                "%(count)s not yet planned", "%(count)s not yet planned", self.missing
            ) % {"count": self.missing}
        return text


class Motesrytm(models.Model):
    """How often a forum must meet per year, by kind of meeting."""

    class Kind(models.TextChoices):
        HELDAG = "heldag", _("full day")
        HALVDAG = "halvdag", _("half day")
        FOKUSMOTE = "fokusmote", _("focus meeting")
        OVRIGT = "ovrigt", _("other meeting")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="cadence_rules"
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind.choices)
    min_per_year = models.PositiveSmallIntegerField(_("at least per year"))
    max_per_year = models.PositiveSmallIntegerField(_("at most per year"))

    class Meta:
        verbose_name = _("meeting rhythm")
        verbose_name_plural = _("meeting rhythms")
        ordering = ["forum", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "kind"], name="one_rhythm_per_kind"),
            models.CheckConstraint(
                condition=Q(max_per_year__gte=models.F("min_per_year")),
                name="rhythm_max_not_below_min",
            ),
            models.CheckConstraint(condition=Q(max_per_year__gt=0), name="rhythm_max_positive"),
        ]

    def __str__(self):
        return f"{self.forum}: {self.describe()}"

    def describe(self) -> str:
        if self.min_per_year == self.max_per_year:
            count = str(self.min_per_year)
        else:
            count = f"{self.min_per_year}–{self.max_per_year}"
        return _("%(count)s × %(kind)s per year") % {
            "count": count,
            "kind": self.get_kind_display(),
        }


class Forumdeltagande(models.Model):
    """A body represented in a forum, and in what role (members by body and role)."""

    class Role(models.TextChoices):
        ORDFORANDE = "ordforande", _("chair")
        SAMMANKALLANDE = "sammankallande", _("convener")
        LEDAMOT = "ledamot", _("member")
        STOD = "stod", _("support")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="participations"
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("body"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEDAMOT)
    represented_by = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("Roles, never names, e.g. 'presidium och förvaltningschef'."),
    )

    class Meta:
        verbose_name = _("participating body")
        verbose_name_plural = _("participating bodies")
        ordering = ["forum", "organ__order", "organ__name"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "organ"], name="one_participation_per_body")
        ]

    def __str__(self):
        return f"{self.organ} i {self.forum}"


class Forummedlemskap(models.Model):
    """A user account's membership of a forum: the basis of object rights in the workspace."""

    class Role(models.TextChoices):
        MEDLEM = "medlem", _("member")
        FORUM_COORDINATOR = "samordnare", _("forum coordinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_memberships",
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEDLEM)

    class Meta:
        verbose_name = _("forum membership")
        verbose_name_plural = _("forum memberships")
        ordering = ["forum", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="one_membership_per_forum")
        ]

    def __str__(self):
        return f"{self.user} i {self.forum}"
