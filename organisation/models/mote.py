"""Meetings of the forums: agenda, minutes, decisions and attachments."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from organisation import rules as access
from organisation.dates import date_range_constraints, validate_date_range
from organisation.models.forum import Forum, Motesrytm
from organisation.models.organ import Organ
from organisation.publication import PublicTextModel, check_file_text, labelled_text

__all__ = ["Beslut", "Bilaga", "Dagordningspunkt", "Mote", "bilaga_path"]


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
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")


class Mote(PublicTextModel, models.Model):
    """A meeting of a forum, with its agenda, minutes, decisions and attendance."""

    Kind = Motesrytm.Kind

    class Status(models.TextChoices):
        # "Ett möte": the Swedish adjectives agree with the neuter noun (planerat,
        # genomfört, inställt), unlike an insats's or an activity's (planerad, inställd).
        PLANNED = "planerat", pgettext_lazy("meeting", "planned")
        HELD = "genomfort", pgettext_lazy("meeting", "held")
        CANCELLED = "installt", pgettext_lazy("meeting", "cancelled")

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
