"""Workflows of residents' tips that cross models: a tip joins its case, a case is closed
and answered, becomes an EST report or evidence on a lägesbild, and old data is pruned."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.models import (
    EstPlats,
    Handelsekategori,
    Handelserapport,
    Problem,
    Tips,
    Tipsanteckning,
    Tipsarende,
    iso_week_of,
)
from lagesbild.models.tips import CASE_WINDOW, EST_CATEGORY, normalise_place


def submit_tip(*, tip: Tips) -> Tips:
    """Save a validated tip in the open case of its place and category, or in a new one.

    Repetition is signal: the fourth tip about the same footpath within a month is the same
    case, counted, not a fourth case.
    """
    now = timezone.now()
    key = normalise_place(tip.place)
    with transaction.atomic():
        arende = (
            Tipsarende.objects.select_for_update()
            .open()
            .filter(
                omrade=tip.omrade,
                kategori=tip.kategori,
                place_key=key,
                last_tip_at__gte=now - CASE_WINDOW,
            )
            .order_by("-last_tip_at")
            .first()
        )
        if arende is None:
            arende = Tipsarende.objects.create(
                omrade=tip.omrade,
                kategori=tip.kategori,
                place_key=key,
                first_tip_at=now,
                last_tip_at=now,
            )
        else:
            arende.last_tip_at = now
            arende.save(update_fields=["last_tip_at"])
        tip.arende = arende
        tip.created_at = now
        tip.save()
    return tip


def status_url(request, tip: Tips) -> str:
    return request.build_absolute_uri(reverse("lagesbild:tips_status", args=[tip.status_token]))


@transaction.atomic
def update_case(*, arende: Tipsarende, closing: bool, request) -> int:
    """Save a triaged case; on closing, reply to those who asked and forget their addresses.

    Returns the number of replies sent.
    """
    arende.save()
    if not closing:
        return 0
    sent = send_replies(arende=arende, request=request)
    forget_contacts(Tips.objects.filter(arende=arende))
    return sent


def send_replies(*, arende: Tipsarende, request) -> int:
    """E-mail the case's outcome to the residents who consented to a reply."""
    sent = 0
    waiting = arende.tips.exclude(contact_email="").filter(replied_at__isnull=True)
    for tip in waiting:
        body = render_to_string(
            "lagesbild/tips/reply_email.txt",
            {"tip": tip, "arende": arende, "status_url": status_url(request, tip)},
        )
        send_mail(
            _("Your tip %(reference)s") % {"reference": tip.reference},
            body,
            None,
            [tip.contact_email],
        )
        tip.replied_at = timezone.now()
        tip.save(update_fields=["replied_at"])
        sent += 1
    return sent


def forget_contacts(tips) -> int:
    return tips.exclude(contact_email="").update(contact_email="", consent_at=None)


def add_note(*, arende: Tipsarende, note: Tipsanteckning, user) -> Tipsanteckning:
    note.arende = arende
    note.author = user
    note.save()
    return note


@transaction.atomic
def make_est_report(*, arende: Tipsarende, grupp, organ, user) -> Handelserapport:
    """The case as an EST report of the group: category and place carried over."""
    latest = arende.tips.order_by("-created_at").first()
    count = arende.tips.count()
    place = latest.place if latest else arende.place_key
    description = _("Residents' tips (%(count)s): %(place)s") % {"count": count, "place": place}
    known_place = (
        EstPlats.objects.approved().filter(omrade=arende.omrade, name__iexact=place.strip()).first()
    )
    report = Handelserapport(
        grupp=grupp,
        omrade=arende.omrade,
        plats=known_place,
        occurred_on=timezone.localdate(latest.created_at if latest else None),
        kategori=Handelsekategori.objects.get(slug=EST_CATEGORY[arende.kategori]),
        description=description[:500],
        organ=organ,
        reporter=user,
    )
    report.iso_year, report.iso_week = iso_week_of(report.occurred_on)
    report.full_clean()
    report.save()
    arende.est_rapport = report
    if arende.status == Tipsarende.Status.NY:
        arende.status = Tipsarende.Status.HANTERAS
    arende.save(update_fields=["est_rapport", "status"])
    return report


def cite_on_problem(*, arende: Tipsarende, problem: Problem) -> None:
    arende.problems.add(problem)


@dataclass(frozen=True)
class PruneSummary:
    contacts_forgotten: int
    tips_deleted: int
    cases_deleted: int


@transaction.atomic
def prune_tips(*, now=None) -> PruneSummary:
    """Contact data of closed cases and older than the contact limit; tips past retention."""
    now = now or timezone.now()
    contact_limit = now - timedelta(days=settings.TIPS_CONTACT_DAYS)
    contacts = forget_contacts(
        Tips.objects.filter(created_at__lt=contact_limit)
        | Tips.objects.filter(arende__closed_at__isnull=False)
    )
    old = Tips.objects.filter(created_at__lt=now - timedelta(days=settings.TIPS_RETENTION_DAYS))
    photos = [tip.photo for tip in old.exclude(photo="").only("photo")]
    _total, deleted = old.delete()
    _total, deleted_cases = Tipsarende.objects.filter(tips__isnull=True).delete()
    for photo in photos:
        transaction.on_commit(lambda photo=photo: photo.storage.delete(photo.name))
    return PruneSummary(
        contacts, deleted.get("lagesbild.Tips", 0), deleted_cases.get("lagesbild.Tipsarende", 0)
    )
