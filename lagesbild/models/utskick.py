"""What the portal sends by e-mail, and the record of what it sent to whom.

Officials get a digest of what they can act on (``lagesbild.utskick``); residents who
follow an area get its news. Each message is recorded before it is handed to the SMTP
server, with one row per item in it, unique per recipient and item: an item is never sent
twice to the same person, and a run interrupted between the SMTP server's answer and the
record cannot send it again (see README, "Påminnelser och prenumerationer").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.models import Omrade

__all__ = [
    "Paminnelse",
    "Paminnelseinstallning",
    "Paminnelsepost",
    "Prenumerant",
    "Prenumerationspost",
    "Utskicksstatus",
]


class Utskicksstatus(models.TextChoices):
    # Recorded, handed to the SMTP server, answer not yet recorded. A row left in this state
    # means the run stopped at that moment: the message may or may not have gone out.
    SKICKAS = "skickas", _("being sent")
    SKICKAT = "skickat", _("sent")


class Paminnelseinstallning(models.Model):
    """How often an official wants the digest. No row: the default, weekly."""

    class Frekvens(models.TextChoices):
        DAGLIGEN = "dagligen", _("daily")
        VECKOVIS = "veckovis", _("weekly")
        AV = "av", _("off")

    DEFAULT = Frekvens.VECKOVIS

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="paminnelseinstallning",
    )
    frekvens = models.CharField(
        _("reminders by e-mail"),
        max_length=10,
        choices=Frekvens.choices,
        default=DEFAULT,
        help_text=_("A digest of what you can act on: overdue follow-ups, meetings, decisions."),
    )

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return f"{self.user}: {self.get_frekvens_display()}"


class Paminnelse(models.Model):
    """One digest e-mail to one official."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="paminnelser",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Utskicksstatus.choices, default="skickas"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class Paminnelsepost(models.Model):
    """One item of a digest; ``key`` names the item and the state it was in."""

    paminnelse = models.ForeignKey(
        Paminnelse,
        verbose_name=_("reminder e-mail"),
        on_delete=models.CASCADE,
        related_name="poster",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("item"), max_length=120)

    class Meta:
        verbose_name = _("reminder item")
        verbose_name_plural = _("reminder items")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_item_once_per_user")
        ]

    def __str__(self):
        return self.key


class Prenumerant(models.Model):
    """A resident who follows one or more areas: only the address and the areas.

    Unconfirmed addresses are never stored: the confirmation link carries the address and
    the area, signed, and the row is made when it is opened. Unsubscribing deletes the row.
    """

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    omraden = models.ManyToManyField(Omrade, verbose_name=_("districts"), related_name="+")
    created_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]

    def __str__(self):
        return self.email


class Prenumerationspost(models.Model):
    """A piece of news sent to a subscriber; the message is recorded before it is sent."""

    prenumerant = models.ForeignKey(
        Prenumerant, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="poster"
    )
    key = models.CharField(_("item"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=Utskicksstatus.choices, default="skickas"
    )
    batch = models.UUIDField(_("message"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("news item sent")
        verbose_name_plural = _("news items sent")
        constraints = [
            models.UniqueConstraint(
                fields=["prenumerant", "key"], name="news_item_once_per_subscriber"
            )
        ]

    def __str__(self):
        return self.key
