"""What a resident needs to know before going to an activity: who organises it, whom to ask,
whether to sign up, and whether the meeting place can be reached without steps.

An abstract model that ``Aktivitet`` is built on, so that these fields, their rules and their
public text stay in one place beside the activity's own.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.dates import date_range_constraints, validate_date_range
from organisation.role_address import validate_role_address

# Free text of these fields is public with the activity and goes through the guard.
DETAIL_TEXT_FIELDS = ["signup_how", "accessibility"]


# ``Aktivitet.Meta`` adds these to its own (a child's Meta replaces an abstract parent's).
DETAIL_CONSTRAINTS = [
    models.CheckConstraint(
        condition=Q(organiser_organ__isnull=True) | Q(organiser_grupp__isnull=True),
        name="aktivitet_one_organiser",
    ),
    models.CheckConstraint(
        condition=Q(signup="kravs") | (Q(signup_how="") & Q(signup_by__isnull=True)),
        name="aktivitet_signup_only_when_required",
    ),
    models.CheckConstraint(
        condition=Q(signup__in=["ingen", "kravs"]), name="aktivitet_signup_choice"
    ),
    models.CheckConstraint(
        condition=Q(step_free__in=["ja", "nej", "okant"]), name="aktivitet_step_free_choice"
    ),
    *date_range_constraints("aktivitet", signup_by="date"),
]


class AktivitetDetaljer(models.Model):
    class Anmalan(models.TextChoices):
        NONE = "ingen", _("no sign-up, just come")
        REQUIRED = "kravs", _("sign-up required")

    class Steglost(models.TextChoices):
        YES = "ja", _("yes")
        NO = "nej", _("no")
        UNKNOWN = "okant", _("not known")

    organiser_organ = models.ForeignKey(
        "organisation.Organ",
        verbose_name=_("organised by (body)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_aktiviteter",
        help_text=_("Leave empty when the intervention's responsible body organises it."),
    )
    organiser_grupp = models.ForeignKey(
        "samverkan.Samverkansgrupp",
        verbose_name=_("organised by (group)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_aktiviteter",
        help_text=_("A public group, e.g. the local network or the ortsråd."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        validators=[validate_role_address],
        help_text=_(
            "A function mailbox, never a person's address. Empty: the intervention's address."
        ),
    )
    signup = models.CharField(
        _("sign-up"), max_length=10, choices=Anmalan.choices, default=Anmalan.NONE
    )
    signup_how = models.CharField(
        _("how to sign up"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'Anmäl dig till trygghet@boras.se' or the address of a form."),
    )
    signup_by = models.DateField(
        _("sign up by"), null=True, blank=True, validators=[validate_date_range]
    )
    accessibility = models.CharField(
        _("accessibility of the meeting place"),
        max_length=300,
        blank=True,
        help_text=_("What is known, e.g. 'Asphalt paths, benches at the square, toilet nearby'."),
    )
    step_free = models.CharField(
        _("step-free access"), max_length=10, choices=Steglost.choices, default=Steglost.UNKNOWN
    )

    class Meta:
        abstract = True

    @property
    def organiser_name(self) -> str:
        """Whom residents see as the organiser: never a group they may not see named."""
        grupp = self.organiser_grupp
        if grupp is not None and grupp.is_shown_publicly:
            return grupp.name
        if self.organiser_organ is not None:
            return self.organiser_organ.name
        insats = self.insats
        if insats.grupp is not None and insats.grupp.is_shown_publicly:
            return f"{insats.grupp.name}, {insats.responsible.name}"
        return insats.responsible.name

    @property
    def public_contact_email(self) -> str:
        return self.contact_email or self.insats.contact_email

    def clean_details(self) -> dict[str, ValidationError]:
        errors = {}
        if self.organiser_organ_id and self.organiser_grupp_id:
            errors["organiser_grupp"] = ValidationError(
                _("Name a body or a group as organiser, not both."), code="two_organisers"
            )
        elif self.organiser_grupp_id and not self.organiser_grupp.is_shown_publicly:
            errors["organiser_grupp"] = ValidationError(
                _("An internal or EST group cannot be named to residents as organiser."),
                code="internal_group",
            )
        if self.signup == self.Anmalan.REQUIRED:
            if not self.signup_how.strip():
                errors["signup_how"] = ValidationError(
                    _("Say how to sign up, e.g. an address or a telephone number of a function."),
                    code="signup_how_missing",
                )
            if (
                self.signup_by
                and self.starts_at
                and self.signup_by > timezone.localdate(self.starts_at)
            ):
                errors["signup_by"] = ValidationError(
                    _("The last day to sign up cannot be after the activity."),
                    code="signup_after_start",
                )
        elif self.signup_how.strip() or self.signup_by:
            errors["signup"] = ValidationError(
                _("Choose 'sign-up required' to give how and by when to sign up."),
                code="signup_not_required",
            )
        return errors
