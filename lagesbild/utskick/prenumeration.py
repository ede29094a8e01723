"""Residents who follow an area: signed links for confirming and unsubscribing.

Nothing is stored before the resident opens the confirmation link: it carries the address
and the område, signed, and expires after ``SUBSCRIPTION_CONFIRM_SECONDS``. The
unsubscribe link carries the address, signed, and never expires (RFC 8058 asks that it
works without signing in or answering questions).
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from lagesbild.models import Prenumerant
from saker_trygg.client_ip import client_ip

_CONFIRM_SALT = "lagesbild.prenumeration.bekrafta"
_UNSUBSCRIBE_SALT = "lagesbild.prenumeration.avsluta"
RATE_GROUP = "lagesbild.prenumeration"


def over_rate_limit(request) -> bool:
    usage = get_usage(
        request,
        group=RATE_GROUP,
        key=lambda group, request: client_ip(request) or "unknown",
        rate=settings.SUBSCRIPTION_RATE,
        increment=True,
    )
    return bool(usage and usage["should_limit"])


def confirm_token(email: str, omrade) -> str:
    return signing.dumps({"e": email, "o": omrade.pk}, salt=_CONFIRM_SALT)


def read_confirm_token(token: str) -> tuple[str, int] | None:
    """(address, område id), or None for a link that is forged or has expired."""
    try:
        data = signing.loads(
            token, salt=_CONFIRM_SALT, max_age=settings.SUBSCRIPTION_CONFIRM_SECONDS
        )
        return str(data["e"]), int(data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email, salt=_UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=_UNSUBSCRIBE_SALT))
    except signing.BadSignature:
        return None


class Unsubscribe:
    """The unsubscribe links of many addresses: the path around the token is reversed once."""

    _MARKER = "TOKEN"

    def __init__(self):
        before, after = unsubscribe_url_of_token(self._MARKER).split(self._MARKER)
        self._before, self._after = before, after

    def url(self, email: str) -> str:
        return self._before + unsubscribe_token(email) + self._after


def unsubscribe_url_of_token(token: str) -> str:
    with translation.override("sv"):
        return settings.SITE_URL + reverse("lagesbild:avprenumerera", kwargs={"token": token})


def send_confirmation(*, email: str, omrade) -> None:
    with translation.override("sv"):
        url = settings.SITE_URL + reverse(
            "lagesbild:bekrafta_prenumeration", kwargs={"token": confirm_token(email, omrade)}
        )
        context = {
            "omrade": omrade,
            "url": url,
            "hours": settings.SUBSCRIPTION_CONFIRM_SECONDS // 3600,
        }
        message = EmailMultiAlternatives(
            subject=_("Confirm that you want news about %(omrade)s") % {"omrade": omrade.name},
            body=render_to_string("lagesbild/utskick/bekrafta.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        )
    message.send()


@transaction.atomic
def subscribe(*, email: str, omrade) -> Prenumerant:
    prenumerant, _created = Prenumerant.objects.get_or_create(email=email)
    prenumerant.omraden.add(omrade)
    return prenumerant


def unsubscribe(email: str) -> bool:
    """Deletes the address and its areas; True if there was one."""
    deleted, _per_model = Prenumerant.objects.filter(email=email).delete()
    return bool(deleted)
