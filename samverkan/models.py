"""The operational side: samverkansområden, their groups and the districts they work in."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.dates import date_range_constraints, validate_date_range
from organisation.models import Forum, Organ
from organisation.publication import AlwaysPublicTextModel, PublicTextModel, labelled_text
from organisation.slugs import save_with_free_slug
from organisation.textsearch import MATCH_LIMIT, Document, Matches, clean_query
from organisation.translation import TranslatedModel, translations
from samverkan import rules as access
from samverkan.aktivitet_detaljer import DETAIL_CONSTRAINTS, DETAIL_TEXT_FIELDS, AktivitetDetaljer

# Four digits of the kommun, then R and three digits (RegSO) or A/B/C and four digits (DeSO).
REGSO_PATTERN = r"^[0-9]{4}R[0-9]{3}$"
DESO_PATTERN = r"^[0-9]{4}[ABC][0-9]{4}$"


class Omrade(PublicTextModel, TranslatedModel, models.Model):
    """A geographic district or locality of the kommun (Hulta, Norrby, Dalsjöfors, …)."""

    class Kind(models.TextChoices):
        STADSDEL = "stadsdel", _("district of the town")
        TATORT = "tatort", _("locality")
        CENTRUM = "centrum", _("town centre")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    description_en, description_fi = translations(description)
    # SCB's statistical areas, so figures published per RegSO or DeSO can be imported by
    # code and joined to the kommun's own districts. Optional: not every district is one.
    regso_code = models.CharField(
        _("RegSO code"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(REGSO_PATTERN)],
        help_text=_("SCB's regional statistical area, e.g. 1490R012."),
    )
    deso_code = models.CharField(
        _("DeSO code"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(DESO_PATTERN)],
        help_text=_("SCB's demographic statistical area, e.g. 1490C1230."),
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["regso_code"], condition=~Q(regso_code=""), name="omrade_regso_unique"
            ),
            models.UniqueConstraint(
                fields=["deso_code"], condition=~Q(deso_code=""), name="omrade_deso_unique"
            ),
            models.CheckConstraint(
                condition=Q(regso_code="") | Q(regso_code__regex=REGSO_PATTERN),
                name="omrade_regso_format",
            ),
            models.CheckConstraint(
                condition=Q(deso_code="") | Q(deso_code__regex=DESO_PATTERN),
                name="omrade_deso_format",
            ),
        ]

    def __str__(self):
        return self.name

    # Place names are proper nouns, the same in every language: only the text is translated.
    translated_fields = ("description",)

    def get_absolute_url(self):
        return reverse("samverkan:omrade", kwargs={"slug": self.slug})

    def public_text(self) -> dict[str, tuple[str, str]]:
        """Every district page is public, in every language it is written in."""
        return labelled_text(self, ["name", *self.translation_columns()])

    def public_groups(self):
        """The public groups that work here (a local network, an ortsråd), never an EST group."""
        return (
            Samverkansgrupp.objects.public()
            .filter(omraden=self)
            .select_related("responsible", "samverkansomrade")
        )

    def active_organisations(self):
        """Bodies responsible for, or partners in, the published public insatser here."""
        here = Insats.objects.published().filter(omraden=self)
        return (
            Organ.objects.filter(Q(insatser__in=here) | Q(partner_insatser__in=here))
            .distinct()
            .order_by("order", "name")
        )


class SamverkansomradeQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Areas a user may place an insats in: those they coordinate or have a group in."""
        return self.filter(access.editable_areas_q(user))


class Samverkansomrade(AlwaysPublicTextModel, models.Model):
    """One of the collaboration areas, coordinated by one nämnd."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True)
    coordinating_body = models.ForeignKey(
        Organ,
        verbose_name=_("coordinating body"),
        on_delete=models.PROTECT,
        related_name="coordinated_areas",
    )
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("steered by forum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="samverkansomraden",
    )
    examples = models.TextField(_("examples of insatser"), blank=True, help_text=_("One per line."))
    always_public_fields = ("name", "summary", "description", "examples")
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("area coordinators"),
        blank=True,
        related_name="coordinated_areas",
        help_text=_("Accounts that publish insatser within this area."),
    )
    # Set by the structure file: this area's coordinators read every resident's tip
    # (lagesbild.rules). In Borås, Trygga miljöer.
    receives_tips = models.BooleanField(
        _("receives residents' tips"),
        default=False,
        help_text=_("The area's coordinators read and handle every tip about unsafe places."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["coordinators"])

    objects = SamverkansomradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration area")
        verbose_name_plural = _("collaboration areas")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("samverkan:samverkansomrade", kwargs={"slug": self.slug})

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class SamverkansgruppQuerySet(models.QuerySet):
    def public(self):
        """Groups residents may see named; an EST group never, whatever its flag says."""
        return self.filter(is_public=True).exclude(kind=Samverkansgrupp.Kind.EST)

    def est(self):
        return self.filter(kind=Samverkansgrupp.Kind.EST)

    def editable_by(self, user):
        """Groups a user may run an insats in: their own and those of areas they coordinate."""
        return self.filter(access.editable_groups_q(user))


class Samverkansgrupp(PublicTextModel, models.Model):
    """An operational group or network within a collaboration area.

    A group that works in places (a lokalt områdesnätverk, an ortsråd, an EST group) belongs
    to its districts (``omraden``); a public one is shown on those districts' pages with its
    role contact and how residents take part.
    """

    class Kind(models.TextChoices):
        NATVERK = "natverk", _("network")
        ORTSRAD = "ortsrad", _("local council (ortsråd)")
        ARBETSGRUPP = "arbetsgrupp", _("working group")
        ENHET = "enhet", _("unit")
        VERKSAMHET = "verksamhet", _("programme")
        EST = "est", _("EST group (Effektiv samordning för trygghet)")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    samverkansomrade = models.ForeignKey(
        Samverkansomrade,
        verbose_name=_("collaboration area"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        Organ,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
    )
    is_public = models.BooleanField(_("public"), default=True)
    omraden = models.ManyToManyField(
        Omrade,
        verbose_name=_("districts"),
        blank=True,
        related_name="groups",
        help_text=_(
            "The districts the group works in; a public group is shown on their pages. "
            "For EST groups: the districts the group reports on."
        ),
    )
    contact = models.CharField(
        _("contact"),
        max_length=150,
        blank=True,
        help_text=_("A function or role, e.g. 'Samordnare för lokal samverkan', never a name."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("A function mailbox, not a person's address.")
    )
    participation = models.TextField(
        _("how to take part"),
        blank=True,
        help_text=_(
            "For residents, e.g. 'The ortsråd meets four times a year; everyone is welcome.'"
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = SamverkansgruppQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration group")
        verbose_name_plural = _("collaboration groups")
        ordering = ["samverkansomrade__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["samverkansomrade", "name"], name="group_name_unique_in_area"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_shown_publicly(self) -> bool:
        return self.is_public and self.kind != self.Kind.EST

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["name", "description", "contact", "participation"])

    def public_text(self) -> dict[str, tuple[str, str]]:
        return self.all_text() if self.is_shown_publicly else {}


class Gruppmedlemskap(models.Model):
    """A user account's membership of a collaboration group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    grupp = models.ForeignKey(
        Samverkansgrupp,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["grupp", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "grupp"], name="one_membership_per_group")
        ]

    def __str__(self):
        return f"{self.user} i {self.grupp}"


PUBLISHED_AND_PUBLIC = access.PUBLISHED_AND_PUBLIC


class Overenskommelse(AlwaysPublicTextModel, models.Model):
    """A samverkansöverenskommelse between the kommun and Polisen, with its focus areas."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True)
    always_public_fields = ("name", "summary", "description")
    period_start = models.DateField(_("valid from"), validators=[validate_date_range])
    period_end = models.DateField(_("valid until"), validators=[validate_date_range])
    parties = models.ManyToManyField(
        Organ, verbose_name=_("parties"), related_name="agreements", blank=True
    )
    forums = models.ManyToManyField(
        Forum,
        verbose_name=_("steered by forums"),
        related_name="agreements",
        blank=True,
    )

    class Meta:
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="agreement_ends_after_start",
            ),
            *date_range_constraints("agreement", period_start="date", period_end="date"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("samverkan:overenskommelse", kwargs={"slug": self.slug})


class Fokusomrade(AlwaysPublicTextModel, models.Model):
    """One of the agreement's focus areas (Barn och unga i riskzon, Trygga offentliga miljöer…)."""

    overenskommelse = models.ForeignKey(
        Overenskommelse,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="fokusomraden",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    always_public_fields = ("name", "description")

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["overenskommelse", "order", "name"]

    def __str__(self):
        return f"{self.name} ({self.overenskommelse.period_start.year}–{self.overenskommelse.period_end.year})"

    def get_absolute_url(self):
        return reverse("samverkan:fokusomrade", kwargs={"slug": self.slug})


class InsatsQuerySet(models.QuerySet):
    def published(self):
        """The only insatser any public output may show."""
        return self.filter(PUBLISHED_AND_PUBLIC)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def editable_by(self, user):
        """Insatser the user may edit (``samverkan.change_insats``)."""
        return self.filter(access.editable_insatser_q(user))

    def publishable_by(self, user):
        """Insatser the user may publish (``samverkan.publish_insats``)."""
        return self.filter(access.publishable_insatser_q(user))

    def awaiting_publication_by(self, user):
        """Drafts, not archived, that the user may publish: their to-do list on the workspace."""
        return self.publishable_by(user).active().filter(publication=Insats.Publication.DRAFT)

    def visible_to(self, user):
        """What the workspace shows a user (``samverkan.view_insats``): their own scope,
        everything for analysts and administrators, and what is published for the rest."""
        return self.filter(access.visible_insatser_q(user))

    def internals_visible_to(self, user):
        """Insatser whose internal follow-ups and groups the user may read."""
        return self.filter(access.insats_internals_q(user))

    def with_latest_followup(self):
        return self.annotate(latest_followup=models.Max("uppfoljningar__date"))

    def followup_overdue(self, *, today, after_days: int = 90):
        """Ongoing insatser with no follow-up in the last ``after_days`` days."""
        cutoff = today - timedelta(days=after_days)
        return self.with_latest_followup().filter(
            Q(latest_followup__isnull=True) | Q(latest_followup__lt=cutoff),
            status=Insats.Status.PAGAENDE,
        )

    def search(self, text: str):
        """The portal's Swedish search (``organisation.textsearch``), areas' names included."""
        text = clean_query(text)
        if not text:
            return self
        tagged = Insats.omraden.through.objects.filter(
            omrade__in=Omrade.objects.filter(Matches(Document("name"), text))
        )
        # Two subqueries, so that PostgreSQL answers the text from its GIN indexes (ORed
        # with the areas' subquery in one WHERE, the match is computed for every row), each
        # of at most MATCH_LIMIT rows, the newest, which it can stop reading early.
        matching = self.filter(Matches(Document("title", "summary", "description"), text))
        return self.filter(
            Q(pk__in=matching.order_by("-pk").values("pk")[:MATCH_LIMIT])
            | Q(pk__in=tagged.values("insats_id"))
        )


class Insats(PublicTextModel, TranslatedModel, models.Model):
    """An intervention or initiative: what is done, where, by whom, and how it is going."""

    class Status(models.TextChoices):
        PLANERAD = "planerad", _("planned")
        PAGAENDE = "pagaende", _("ongoing")
        AVSLUTAD = "avslutad", _("finished")
        INSTALLD = "installd", _("cancelled")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        INTERNAL = "internal", _("internal")

    class Publication(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Malgrupp(models.TextChoices):
        ALLA = "alla", _("everyone")
        BARN = "barn", _("children")
        UNGA = "unga", _("young people")
        VUXNA = "vuxna", _("adults")
        ALDRE = "aldre", _("older people")
        BOENDE = "boende", _("residents of an area")
        NARINGSLIV = "naringsliv", _("businesses")
        PERSONAL = "personal", _("staff and professionals")

    title = models.CharField(_("title"), max_length=200)
    title_en, title_fi = translations(title)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("short summary"), max_length=300)
    summary_en, summary_fi = translations(summary)
    description = models.TextField(
        _("description"), blank=True, max_length=20000, help_text=_("Markdown is allowed.")
    )
    description_en, description_fi = translations(description)
    samverkansomrade = models.ForeignKey(
        Samverkansomrade,
        verbose_name=_("collaboration area"),
        on_delete=models.PROTECT,
        related_name="insatser",
    )
    grupp = models.ForeignKey(
        Samverkansgrupp,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="insatser",
        help_text=_("The group that runs the intervention; its members may edit it."),
    )
    responsible = models.ForeignKey(
        Organ,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="insatser",
    )
    partners = models.ManyToManyField(
        Organ, verbose_name=_("partners"), blank=True, related_name="partner_insatser"
    )
    omraden = models.ManyToManyField(
        Omrade, verbose_name=_("districts"), blank=True, related_name="insatser"
    )
    fokusomraden = models.ManyToManyField(
        Fokusomrade, verbose_name=_("focus areas"), blank=True, related_name="insatser"
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=Malgrupp.choices, default=Malgrupp.ALLA
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANERAD
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_date_range]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_date_range]
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.DRAFT
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        help_text=_(
            "A function or role, e.g. 'Samordnare för lokal samverkan', never a private person."
        ),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("A function mailbox.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, validators=[validate_date_range]
    )
    archived_at = models.DateTimeField(
        _("archived"), null=True, blank=True, validators=[validate_date_range]
    )
    history = HistoricalRecords(m2m_fields=[omraden, fokusomraden, partners])

    objects = InsatsQuerySet.as_manager()
    translated_fields = ("title", "summary", "description")

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="insats_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="planerad") | Q(start_date__isnull=False),
                name="insats_started_has_start_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="avslutad") | Q(end_date__isnull=False),
                name="insats_finished_has_end_date",
            ),
            *date_range_constraints(
                "insats",
                start_date="date",
                end_date="date",
                published_at="datetime",
                archived_at="datetime",
            ),
        ]
        indexes = [
            # "New" on the start page: the newest public insatser without sorting them all.
            models.Index(
                fields=["-published_at", "title", "id"],
                name="insats_public_newest",
                condition=access.PUBLISHED_AND_PUBLIC,
            ),
            # The public list's pages, by title, without sorting them all for each page.
            models.Index(
                fields=["title", "id"],
                name="insats_public_by_title",
                condition=access.PUBLISHED_AND_PUBLIC,
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.slug:
            super().save(*args, **kwargs)
            return
        save = super().save
        save_with_free_slug(
            self, lambda: save(*args, **kwargs), base=slugify(self.title)[:180] or "insats"
        )

    def get_absolute_url(self):
        return reverse("samverkan:insats", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                _("The end date cannot be before the start date."), code="end_before_start"
            )
        if self.status != self.Status.PLANERAD and not self.start_date:
            errors["start_date"] = ValidationError(
                _("An intervention that has started needs a start date."), code="start_missing"
            )
        if self.status == self.Status.AVSLUTAD and not self.end_date:
            errors["end_date"] = ValidationError(
                _("A finished intervention needs an end date."), code="end_missing"
            )
        if (
            self.grupp_id
            and self.samverkansomrade_id
            and (self.grupp.samverkansomrade_id != self.samverkansomrade_id)
        ):
            errors["grupp"] = ValidationError(
                _("The group belongs to another collaboration area."), code="group_area"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        """Residents see it (``samverkan.rules.insats_is_public``)."""
        return access.insats_is_public(self)

    @property
    def is_published(self) -> bool:
        """Published, whether residents see it or only officials."""
        return self.publication == self.Publication.PUBLISHED

    @property
    def is_published_internally(self) -> bool:
        return self.is_published and self.visibility == self.Visibility.INTERNAL

    def public_text_fields(self) -> dict[str, tuple[str, str]]:
        """The free text that reaches the public when the insats is published."""
        return labelled_text(self, [*self.translation_columns(), "contact"])

    def all_text(self) -> dict[str, tuple[str, str]]:
        return self.public_text_fields()

    def public_text(self) -> dict[str, tuple[str, str]]:
        """What residents read of the insats as it stands, its public children included."""
        if not self.is_public:
            return {}
        fields = self.public_text_fields()
        if self.pk:
            for entry in self.uppfoljningar.filter(is_public=True):
                fields |= entry.labelled_for_parent()
            for aktivitet in self.aktiviteter.all():
                fields |= aktivitet.labelled_for_parent()
        return fields


class UppfoljningQuerySet(models.QuerySet):
    def published(self):
        return self.filter(access.published_uppfoljningar_q())

    def visible_to(self, user):
        return self.filter(access.visible_uppfoljningar_q(user))


class Uppfoljning(PublicTextModel, models.Model):
    """A dated follow-up entry on an insats."""

    insats = models.ForeignKey(
        Insats,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="uppfoljningar",
    )
    date = models.DateField(_("date"), validators=[validate_date_range])
    done = models.TextField(_("what was done"), max_length=10000)
    result = models.TextField(_("result"), blank=True, max_length=10000)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    places_visited = models.PositiveIntegerField(_("places visited"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="uppfoljningar",
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown to residents on the intervention's page.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = UppfoljningQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-date", "-pk"]
        constraints = date_range_constraints("uppfoljning", date="date")

    def __str__(self):
        return f"{self.insats} {self.date:%Y-%m-%d}"

    def public_text_fields(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, ["done", "result"])

    all_text = public_text_fields

    def public_text(self) -> dict[str, tuple[str, str]]:
        return self.public_text_fields() if access.uppfoljning_is_public(self) else {}

    def labelled_for_parent(self) -> dict[str, tuple[str, str]]:
        prefix = _("Follow-up of %(date)s") % {"date": self.date}
        return {
            f"uppfoljning-{self.pk}-{name}": (f"{prefix}: {label}", text)
            for name, (label, text) in self.public_text_fields().items()
        }


class AktivitetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(access.published_aktiviteter_q())

    def visible_to(self, user):
        return self.filter(access.visible_aktiviteter_q(user))

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now() - timedelta(hours=3))


class Aktivitet(PublicTextModel, AktivitetDetaljer):
    """A dated occurrence of an insats that residents can attend."""

    insats = models.ForeignKey(
        Insats, verbose_name=_("intervention"), on_delete=models.CASCADE, related_name="aktiviteter"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), validators=[validate_date_range])
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, validators=[validate_date_range]
    )
    meeting_point = models.CharField(_("meeting point"), max_length=200)
    omrade = models.ForeignKey(
        Omrade,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aktiviteter",
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancellation_note = models.CharField(_("reason for cancellation"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = AktivitetQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at"]
        indexes = [
            # Every list of what is coming (start page, calendar, område, insats) reads the
            # first activities from now in this order and stops.
            models.Index(fields=["starts_at", "id"], name="aktivitet_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="aktivitet_ends_after_start",
            ),
            *date_range_constraints("aktivitet", starts_at="datetime", ends_at="datetime"),
            *DETAIL_CONSTRAINTS,
        ]

    def __str__(self):
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("samverkan:aktivitet", kwargs={"pk": self.pk})

    def clean(self):
        errors = self.clean_details()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(
                _("The activity must end after it starts."), code="end_before_start"
            )
        if errors:
            raise ValidationError(errors)

    def public_text_fields(self) -> dict[str, tuple[str, str]]:
        return labelled_text(
            self,
            ["title", "meeting_point", "description", "cancellation_note", *DETAIL_TEXT_FIELDS],
        )

    all_text = public_text_fields

    def public_text(self) -> dict[str, tuple[str, str]]:
        return self.public_text_fields() if access.aktivitet_is_public(self) else {}

    def labelled_for_parent(self) -> dict[str, tuple[str, str]]:
        prefix = _("Activity “%(title)s”") % {"title": self.title}
        return {
            f"aktivitet-{self.pk}-{name}": (f"{prefix}: {label}", text)
            for name, (label, text) in self.public_text_fields().items()
        }
