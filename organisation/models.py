"""The governance of Säker och trygg kommun: the bodies, the forums and who sits in them."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from organisation import rules as access
from organisation.dates import date_range_constraints, validate_date_range
from organisation.publication import PublicTextModel, check_file_text, labelled_text


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
        return self.filter(access.PUBLIC_FORUM)

    def workspace_visible_to(self, user):
        """Forums whose workspace page a user may open (``organisation.view_forum_workspace``)."""
        return self.filter(access.workspace_forums_q(user))


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

    def cadence(self, year: int, meetings=None) -> list["CadenceRow"]:
        """The forum's meeting rhythm for a year against its meetings, one row per rule.

        Pass ``meetings`` (the forum's meetings, any years) when they are already fetched;
        cancelled meetings count neither as held nor as planned.
        """
        if meetings is None:
            meetings = self.meetings.in_year(year)
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


class Organtillhorighet(models.Model):
    """The organisation an official works for, and on whose behalf they report (EST)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organtillhorighet",
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        verbose_name = _("organisation of an account")
        verbose_name_plural = _("organisations of accounts")
        ordering = ["organ", "user"]

    def __str__(self):
        return f"{self.user} – {self.organ}"


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


class MoteQuerySet(models.QuerySet):
    """Who sees which meetings is declared in ``organisation/rules.py``."""

    def public(self):
        """Meetings residents may see: public meetings of public forums."""
        return self.filter(access.PUBLIC_MOTE)

    def with_published_minutes(self):
        """The only meetings whose minutes, decisions and attachments any public output shows."""
        return self.filter(access.PUBLISHED_MINUTES)

    def editable_by(self, user):
        """Meetings of the forums the user is a member of (all of them for administrators)."""
        return self.filter(access.editable_motes_q(user))

    def minutes_readable_by(self, user):
        """Meetings whose minutes, decisions and attachments the user may read."""
        return self.filter(access.minutes_readable_q(user))

    def visible_to(self, user):
        """What the workspace lists: the user's own forums in full, otherwise what is public."""
        return self.filter(access.visible_motes_q(user))

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)

    def upcoming(self, *, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")


class Mote(PublicTextModel, models.Model):
    """A meeting of a forum, with its agenda, minutes, decisions and attendance."""

    Kind = Motesrytm.Kind

    class Status(models.TextChoices):
        PLANNED = "planerat", _("planned")
        HELD = "genomfort", _("held")
        CANCELLED = "installt", _("cancelled")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Optional, e.g. the theme of the day.")
    )
    starts_at = models.DateTimeField(_("starts"), validators=[validate_date_range])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_date_range])
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    is_public = models.BooleanField(
        _("public meeting"),
        help_text=_(
            "Public meetings of public forums are shown on the open pages; their minutes only "
            "once published."
        ),
    )
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        max_length=50000,
        help_text=_("Markdown: headings with #, lists with -."),
    )
    minutes_published_at = models.DateTimeField(
        _("minutes published"), null=True, blank=True, validators=[validate_date_range]
    )
    attended_by = models.ManyToManyField(
        Organ, verbose_name=_("bodies that attended"), blank=True, related_name="attended_meetings"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[attended_by])

    objects = MoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["forum", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="mote_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True) | Q(status="genomfort"),
                name="mote_minutes_published_only_when_held",
            ),
            *date_range_constraints(
                "mote", starts_at="datetime", ends_at="datetime", minutes_published_at="datetime"
            ),
        ]

    def __str__(self):
        when = formats.date_format(timezone.localtime(self.starts_at), "j F Y")
        return f"{self.forum.short_name or self.forum.name}, {self.display_title} {when}"

    def get_absolute_url(self):
        return reverse("organisation:mote", kwargs={"slug": self.forum.slug, "pk": self.pk})

    def get_workspace_url(self):
        return reverse("organisation:arbetsyta_mote", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        return self.title or str(self.get_kind_display()).capitalize()

    @property
    def is_public_meeting(self) -> bool:
        """Residents see the meeting (``organisation.rules.mote_is_public``)."""
        return access.mote_is_public(self)

    @property
    def minutes_are_public(self) -> bool:
        """Residents read the minutes (``organisation.rules.minutes_are_public``)."""
        return access.minutes_are_public(self)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(
                _("The meeting must end after it starts."), code="ends_before_start"
            )
        if self.status == self.Status.HELD and self.starts_at and self.starts_at > timezone.now():
            errors["status"] = ValidationError(
                _("A meeting that has not started yet cannot be marked as held."),
                code="held_in_future",
            )
        if self.status == self.Status.CANCELLED and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = ValidationError(
                _("Say why the meeting was cancelled; the reason is shown with the meeting."),
                code="reason_required",
            )
        if self.is_public and self.forum_id and not self.forum.is_public:
            errors["is_public"] = ValidationError(
                _("Meetings of an internal forum cannot be public."), code="internal_forum"
            )
        if errors:
            raise ValidationError(errors)

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["title", "place", "cancellation_reason", "minutes"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        """What residents read of the meeting as it stands.

        A public meeting shows its title, place and agenda at once; the minutes, decisions
        and attachments once the minutes are published.
        """
        if not access.mote_is_public(self):
            return {}
        fields = labelled_text(self, ["title", "place", "cancellation_reason"])
        if self.pk:
            for item in self.agenda_items.all():
                fields |= item.labelled_for_parent()
        if access.minutes_are_public(self):
            fields |= labelled_text(self, ["minutes"])
            if self.pk:
                for beslut in self.decisions.all():
                    fields[f"decision-{beslut.pk}"] = (_("Decision"), beslut.text)
                for attachment in self.attachments.all():
                    fields |= attachment.labelled_for_parent()
        return fields


class Dagordningspunkt(PublicTextModel, models.Model):
    """One item of a meeting's agenda, optionally about an insats."""

    mote = models.ForeignKey(
        Mote, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    insats = models.ForeignKey(
        "samverkan.Insats",
        verbose_name=_("intervention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["mote", "order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.heading}"

    @property
    def text(self) -> str:
        return f"{self.heading}\n{self.description}".strip()

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["heading", "description"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        return self.all_text() if access.mote_is_public(self.mote) else {}

    def labelled_for_parent(self) -> dict[str, tuple[str, str]]:
        return {f"agenda-{self.pk}": (_("Agenda item %(n)s") % {"n": self.order}, self.text)}


class BeslutQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done=False)

    def overdue(self, *, today):
        return self.open().filter(due_date__lt=today)

    def visible_to(self, user):
        """Decisions of the user's own forums, otherwise only those with published minutes."""
        return self.filter(access.readable_children_q(user))


class Beslut(PublicTextModel, models.Model):
    """A decision taken at a meeting, with who carries it out and by when."""

    mote = models.ForeignKey(
        Mote, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    responsible = models.ForeignKey(
        Organ,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    due_date = models.DateField(
        _("to be done by"), null=True, blank=True, validators=[validate_date_range]
    )
    done = models.BooleanField(_("done"), default=False)
    history = HistoricalRecords()

    objects = BeslutQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["mote", "pk"]
        constraints = date_range_constraints("beslut", due_date="date")

    def __str__(self):
        return self.text[:80]

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["text"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        return self.all_text() if access.minutes_are_public(self.mote) else {}


def bilaga_path(instance, filename):
    """A generated name: what the uploader called the file never becomes a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bilagor/{secrets.token_hex(16)}.{extension}"


class BilagaQuerySet(models.QuerySet):
    def published(self):
        return self.filter(access.published_children_q())

    def editable_by(self, user):
        return self.filter(access.editable_children_q(user))

    def visible_to(self, user):
        """Attachments of the user's own forums' meetings, otherwise only published ones."""
        return self.filter(access.readable_children_q(user))


class Bilaga(PublicTextModel, models.Model):
    """A document attached to a meeting: a presentation, the minutes as a file."""

    class Type(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        PPTX = "pptx", "PowerPoint (PPTX)"
        XLSX = "xlsx", "Excel (XLSX)"
        ODT = "odt", "OpenDocument (ODT)"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"

    mote = models.ForeignKey(
        Mote, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=bilaga_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=10, choices=Type.choices)
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

    objects = BilagaQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["mote", "uploaded_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Uploaded to a meeting whose minutes are public: the file is public at once.
        # (The upload form has read the file already and says so.)
        if access.minutes_are_public(self.mote) and not getattr(self, "file_text_checked", False):
            check_file_text(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisation:bilaga", kwargs={"pk": self.pk})

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["title", "original_name"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        """Title and file name; the file's own text is checked by ``check_file_text``."""
        return self.all_text() if access.minutes_are_public(self.mote) else {}

    def labelled_for_parent(self) -> dict[str, tuple[str, str]]:
        prefix = _("Attachment “%(title)s”") % {"title": self.title}
        return {
            f"bilaga-{self.pk}-{name}": (f"{prefix}: {label}", text)
            for name, (label, text) in self.all_text().items()
        }

    def delete(self, *args, **kwargs):
        # The file goes only once the row is gone for good, never on a rolled-back delete.
        file = self.file
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: file.delete(save=False))
        return result


class Rensning(models.Model):
    """A record that an administrator erased a value from an object and all its history.

    Says who, when, why and where, never what: the erased value is stored nowhere.
    """

    model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    fields = models.JSONField(_("fields"), default=list)
    rows_changed = models.PositiveIntegerField(
        _("rows changed"),
        help_text=_("The object itself, its history versions and its admin log entries."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.model} {self.object_id} {self.erased_at:%Y-%m-%d %H:%M}"
