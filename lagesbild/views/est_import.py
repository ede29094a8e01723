"""An EST group's CSV: upload a partner's export, download a period for the police's analysis.

Both live under the group's slug. A group the user may not read answers 404; a group they
read but do not keep (an analyst) answers 403 for the upload.
"""

import csv
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from lagesbild import rules as access
from lagesbild.est_import import COLUMNS, MAX_BYTES, ImportRefused, export_rows, import_reports
from organisation.models import Organtillhorighet
from organisation.rules import require
from organisation.uploadhandlers import AttachmentLimitHandler
from samverkan.models import Samverkansgrupp


class EstImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or Windows-1252, separated by ; or , at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": 20})
        return upload


def _readable_group(request, slug) -> Samverkansgrupp:
    groups = Samverkansgrupp.objects.filter(access.readable_est_groups_q(request.user))
    return get_object_or_404(groups, slug=slug)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def est_import(request, slug):
    # A file past the limit reaches the form with its real size, so the form says it is too
    # large, not that no file was chosen. The handler must be in place before anything reads
    # the body, CSRF checking included, hence the check in the inner view.
    request.upload_handlers.insert(0, AttachmentLimitHandler(request))
    return _est_import(request, slug)


@csrf_protect
def _est_import(request, slug):
    grupp = _readable_group(request, slug)
    require(request.user, "lagesbild.keep_est_group", grupp)
    tillhorighet = (
        Organtillhorighet.objects.select_related("organ").filter(user=request.user).first()
    )
    organ = tillhorighet.organ if tillhorighet else None
    errors: list[str] = []
    form = EstImportForm()
    if request.method == "POST" and organ is not None:
        form = EstImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_reports(
                    form.cleaned_data["file"].read(), grupp=grupp, organ=organ, user=request.user
                )
            except ImportRefused as exc:
                errors = [exc.message]
            else:
                if result.ok:
                    messages.success(request, result.summary())
                    return redirect("lagesbild:est_import", slug=grupp.slug)
                errors = result.error_lines()
    today = timezone.localdate()
    context = {
        "grupp": grupp,
        "organ": organ,
        "form": form,
        "errors": errors,
        "columns": ";".join(COLUMNS),
        "export_from": today - timedelta(weeks=13),
        "export_to": today,
    }
    return render(request, "lagesbild/est/import.html", context, status=400 if errors else 200)


class _Echo:
    def write(self, value):
        return value


def _date_param(value: str | None, default: date) -> date | None:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@require_safe
def est_export(request, slug):
    grupp = _readable_group(request, slug)
    require(request.user, "lagesbild.view_est_group", grupp)
    today = timezone.localdate()
    start = _date_param(request.GET.get("fran"), today - timedelta(weeks=13))
    end = _date_param(request.GET.get("till"), today)
    if start is None or end is None or start > end:
        return HttpResponseBadRequest(
            _(
                "Give the period as fran=YYYY-MM-DD&till=YYYY-MM-DD, the first date not after the last."
            ),
            content_type="text/plain; charset=utf-8",
        )
    writer = csv.writer(_Echo(), delimiter=";")

    def stream():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        for row in export_rows(grupp, start, end):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    filename = f"{grupp.slug}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
