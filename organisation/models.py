"""The governance of Säker och trygg kommun: the bodies, the forums and who sits in them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Kommun(models.Model):
    """The municipality this installation serves. One row; its structure is data, not code."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        help_text=_("The four-digit municipality code used by Kolada and SCB, e.g. 1490."),
    )
    programme_name = models.CharField(
        _("name of the programme"), max_length=100, default="Säker och trygg kommun"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    slogans = models.TextField(
        _("guiding phrases"), blank=True, help_text=_("One phrase per line.")
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("A function mailbox, not a person's address.")
    )
    accessibility_email = models.EmailField(_("e-mail for accessibility feedback"), blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="kommun_code_four_digits"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def slogan_list(self) -> list[str]:
        return [line.strip() for line in self.slogans.splitlines() if line.strip()]


class OrganQuerySet(models.QuerySet):
    def internal(self):
        return self.exclude(kind=Organ.Kind.EXTERN)

    def external(self):
        return self.filter(kind=Organ.Kind.EXTERN)


class Organ(models.Model):
    """A body: the executive board, a nämnd, a förvaltning, a company or an external partner."""

    class Kind(models.TextChoices):
        KOMMUNSTYRELSE = "kommunstyrelse", _("municipal executive board")
        NAMND = "namnd", _("committee (nämnd)")
        FORVALTNING = "forvaltning", _("administration (förvaltning)")
        AVDELNING = "avdelning", _("department")
        BOLAG = "bolag", _("municipal company")
        EXTERN = "extern", _("external partner")

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = OrganQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organ_not_its_own_parent"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class StyrandeDokument(models.Model):
    """A steering document a forum works from (Borås 2025, the police agreement, …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("steering document")
        verbose_name_plural = _("steering documents")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ForumQuerySet(models.QuerySet):
    def public(self):
        """Forums whose meetings and minutes residents may follow."""
        return self.filter(is_public=True)


class Forum(models.Model):
    """A standing forum of the programme: the strategic group, Brå, the drug policy group."""

    class Level(models.TextChoices):
        STRATEGISK = "strategisk", _("strategic")
        TAKTISK = "taktisk", _("tactical")
        OPERATIV = "operativ", _("operational")

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    purpose = models.TextField(_("purpose"))
    description = models.TextField(_("description"), blank=True)
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

    @property
    def task_list(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]


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
        SAMORDNARE = "samordnare", _("coordinator")

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
