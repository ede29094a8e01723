"""Kommunstyrelsen's annual follow-up report: preview, PDF editions, submission and archive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lagesbild.forms import ArsbedomningForm, SubmitReportForm
from lagesbild.models import (
    Arsbedomning,
    Arsuppfoljning,
    Arsuppfoljningsversion,
    Rapportutskrift,
)
from lagesbild.rapport import build_report_data, report_years, year_is_reportable
from lagesbild.services import submission_status, unchanged_message
from lagesbild.tasks import CACHE_SECONDS, cache_key, print_report, submit_report_in_background
from organisation.public_cache import INSATSER, MOTEN, RAPPORTER, public_page


def _reportable_year(year: int) -> int:
    if not year_is_reportable(year, today=timezone.localdate()):
        raise Http404
    return year


def _require_internal_reader(request) -> None:
    """Officials without a report role get the same answer as for a year that does not exist."""
    if not request.user.has_perm("lagesbild.view_internal_report"):
        raise Http404


def _printed_or_queued(request, report, *, filename: str):
    """The PDF when the worker has printed this state of the data, else its progress page.

    No request prints: the first one for a state of the data queues a print (one per year,
    edition and checksum, so anonymous requests cannot pile up work) and every request
    after it reads the print's status until the file is there.
    """
    checksum = report.checksum()
    key = cache_key(year=report.year, public=report.public, checksum=checksum)
    content = cache.get(key)
    if content is not None:
        return _pdf_response(content, filename, attachment=False)
    row, created = Rapportutskrift.objects.get_or_create(
        year=report.year, public=report.public, checksum=checksum
    )
    if created or row.status == Rapportutskrift.Status.FAILED:
        Rapportutskrift.objects.filter(pk=row.pk).update(
            status=Rapportutskrift.Status.QUEUED, requested_at=timezone.now()
        )
        print_report.enqueue(row.pk)
        row.refresh_from_db()
    if row.status == Rapportutskrift.Status.DONE and row.pdf is not None:
        content = bytes(row.pdf)
        cache.set(key, content, CACHE_SECONDS)
        return _pdf_response(content, filename, attachment=False)
    response = render(
        request,
        "lagesbild/rapport/utskrift.html",
        {"report": report, "print": row, "retry_seconds": 3},
        status=202,
    )
    response["Retry-After"] = "3"
    response["Cache-Control"] = "no-store"
    return response


def _pdf_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_safe
@public_page(RAPPORTER, INSATSER, MOTEN)
def rapport_list(request):
    """The years that can be reported. Residents see the public editions; the roles that
    prepare the report also see the internal edition and the submitted versions."""
    internal = request.user.has_perm("lagesbild.view_internal_report")
    today = timezone.localdate()
    context = {
        "years": report_years(public=not internal, today=today),
        "internal": internal,
        "current_year": today.year,
    }
    # Submitted versions' public editions are public documents: everyone sees the list.
    context["submitted"] = Arsuppfoljning.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=Arsuppfoljningsversion.objects.without_files().order_by("-number"),
        )
    )
    return render(request, "lagesbild/rapport/list.html", context)


@require_safe
def rapport_preview(request, year):
    year = _reportable_year(year)
    _require_internal_reader(request)
    report = build_report_data(year=year, public=False)
    context = {
        "report": report,
        "status": submission_status(report=report),
        "can_submit": request.user.has_perm("lagesbild.submit_report"),
        "can_write": request.user.has_perm("lagesbild.write_report_text"),
    }
    return render(request, "lagesbild/rapport/preview.html", context)


@require_safe
def rapport_pdf(request, year):
    year = _reportable_year(year)
    _require_internal_reader(request)
    report = build_report_data(year=year, public=False)
    return _printed_or_queued(request, report, filename=f"arsuppfoljning-{year}.pdf")


@login_not_required
@require_safe
def rapport_public_pdf(request, year):
    year = _reportable_year(year)
    report = build_report_data(year=year, public=True)
    return _printed_or_queued(request, report, filename=f"arsuppfoljning-{year}-publik.pdf")


@require_http_methods(["GET", "POST"])
def rapport_submit(request, year):
    year = _reportable_year(year)
    if not request.user.has_perm("lagesbild.submit_report"):
        raise Http404
    form = SubmitReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        status = submission_status(report=build_report_data(year=year, public=False))
        if status.matches:
            messages.error(request, unchanged_message(status.latest.number))
            return redirect("lagesbild:rapport", year=year)
        # Both editions are printed by the worker; the version appears when they are stored.
        before = status.latest.number if status.submitted else 0
        submit_report_in_background.enqueue(year, request.user.pk, form.cleaned_data["note"])
        latest = (
            Arsuppfoljningsversion.objects.without_files()
            .filter(arsuppfoljning__year=year)
            .order_by("-number")
            .first()
        )
        if latest is not None and latest.number > before:
            messages.success(
                request,
                _(
                    "Version %(number)s of the annual follow-up %(year)s is stored as submitted "
                    "to Kommunstyrelsen. Later changes to the data do not change it."
                )
                % {"number": latest.number, "year": year},
            )
        else:
            messages.success(
                request,
                _(
                    "The annual follow-up %(year)s is being printed and stored as submitted to "
                    "Kommunstyrelsen. The version appears in the list when it is ready."
                )
                % {"year": year},
            )
        return redirect("lagesbild:rapport", year=year)
    return render(request, "lagesbild/rapport/submit.html", {"form": form, "year": year})


def _version_response(year: int, number: int, *, public: bool) -> HttpResponse:
    field = "public_pdf" if public else "pdf"
    version = get_object_or_404(
        Arsuppfoljningsversion.objects.select_related("arsuppfoljning").only(
            "number", "arsuppfoljning__year", field
        ),
        arsuppfoljning__year=year,
        number=number,
    )
    return _pdf_response(
        bytes(getattr(version, field)), version.filename(public=public), attachment=True
    )


@require_safe
def version_pdf(request, year, number):
    _require_internal_reader(request)
    return _version_response(year, number, public=False)


@login_not_required
@require_safe
def version_public_pdf(request, year, number):
    """A submitted version's public edition, as stored: a public document for anyone."""
    if not request.user.has_perm("lagesbild.view_submitted_public_report"):
        raise Http404
    return _version_response(year, number, public=True)


@require_http_methods(["GET", "POST"])
def rapport_text(request, year):
    """The analyst writes the year's assessment, conclusions and proposal for decision."""
    year = _reportable_year(year)
    if not request.user.has_perm("lagesbild.write_report_text"):
        raise Http404
    instance = Arsbedomning.objects.filter(year=year).first() or Arsbedomning(year=year)
    form = ArsbedomningForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            text = form.save(commit=False)
            # Any change makes the text a draft until the report is submitted again.
            text.submitted_at = None
            text.updated_by = request.user
            text.save()
        messages.success(
            request,
            _("The assessment of %(year)s is saved as a draft until the report is submitted.")
            % {"year": year},
        )
        return redirect("lagesbild:rapport", year=year)
    return render(
        request,
        "lagesbild/rapport/bedomning.html",
        {"form": form, "year": year, "text": instance},
    )
