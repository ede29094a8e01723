"""Background tasks of the annual report: every PDF is printed here, in the worker.

A busy year takes seconds of CPU and hundreds of megabytes to print, so no request does
it: the views queue a task and show its progress (``lagesbild.views.rapport``).
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.tasks import task
from django.utils import timezone

from lagesbild.models import Rapportutskrift

logger = logging.getLogger(__name__)

# The live public edition is kept in the shared cache for a day, by its data's checksum:
# the checksum changes with the data, so an entry never goes stale.
CACHE_SECONDS = 60 * 60 * 24
# A print still queued or running after this long was lost with its worker, and a failed one
# is printed again by the next request anyway: ``prune_prints`` deletes them.
LOST_PRINT_AGE = timedelta(days=1)


def cache_key(*, year: int, public: bool, checksum: str) -> str:
    edition = "publik" if public else "intern"
    return f"lagesbild:arsuppfoljning:{year}:{edition}:{checksum}"


@task()
def print_report(print_id: int) -> None:
    """Print the live report of a queued ``Rapportutskrift`` and store its bytes."""
    from lagesbild.pdf import render_report_pdf  # WeasyPrint is slow to import
    from lagesbild.rapport import build_report_data

    with transaction.atomic():
        row = Rapportutskrift.objects.select_for_update().filter(pk=print_id).first()
        if row is None or row.status == Rapportutskrift.Status.DONE:
            return
        row.status = Rapportutskrift.Status.RUNNING
        row.save(update_fields=["status"])
    try:
        report = build_report_data(year=row.year, public=row.public)
        content = render_report_pdf(report)
    except Exception:
        logger.exception("The annual report %s could not be printed", row)
        Rapportutskrift.objects.filter(pk=row.pk).update(
            status=Rapportutskrift.Status.FAILED, finished_at=timezone.now()
        )
        raise
    # The data may have changed since the print was asked for: the bytes are stored under
    # the checksum they were printed from; a request for the old state asks again.
    actual = report.checksum()
    done = {"status": Rapportutskrift.Status.DONE, "finished_at": timezone.now(), "pdf": content}
    if actual == row.checksum:
        Rapportutskrift.objects.filter(pk=row.pk).update(**done)
    else:
        Rapportutskrift.objects.update_or_create(
            year=row.year, public=row.public, checksum=actual, defaults=done
        )
        Rapportutskrift.objects.filter(pk=row.pk).delete()
    # The live edition is printed anew each time its data changes: the print it replaces
    # shows a state of the data that no request asks for any more.
    superseded_prints(year=row.year, public=row.public).delete()
    cache.set(cache_key(year=row.year, public=row.public, checksum=actual), content, CACHE_SECONDS)


def superseded_prints(*, year: int | None = None, public: bool | None = None):
    """Finished prints of the live report other than the newest one of their year and edition.

    Submitted versions (``Arsuppfoljningsversion``) are never prints: they are kept.
    """
    newest = (
        Rapportutskrift.objects.filter(
            status=Rapportutskrift.Status.DONE, year=OuterRef("year"), public=OuterRef("public")
        )
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    done = Rapportutskrift.objects.filter(status=Rapportutskrift.Status.DONE)
    if year is not None:
        done = done.filter(year=year, public=public)
    return done.exclude(pk=Subquery(newest))


def prune_prints(*, now=None) -> dict[str, int]:
    """Delete superseded prints, failed ones and those lost with a worker; run nightly."""
    now = now or timezone.now()
    superseded, _ = superseded_prints().delete()
    lost, _ = Rapportutskrift.objects.filter(
        Q(status=Rapportutskrift.Status.FAILED)
        | Q(status__in=[Rapportutskrift.Status.QUEUED, Rapportutskrift.Status.RUNNING]),
        requested_at__lt=now - LOST_PRINT_AGE,
    ).delete()
    return {"superseded": superseded, "failed_or_lost": lost}


@task()
def submit_report_in_background(year: int, user_id: int, note: str) -> int | None:
    """Store a submitted version (both editions printed, the public one archival)."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from lagesbild.services import submit_report

    user = get_user_model().objects.get(pk=user_id)
    try:
        return submit_report(year=year, user=user, note=note).number
    except ValidationError:
        # Unchanged data: the view refused it already; a second click got here first.
        return None
