"""The analysts' upload of key figures per område (the CSV that ``import_omradesvarden`` reads)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from lagesbild.omradesvarden_import import (
    COLUMNS,
    MAX_BYTES,
    ImportRefused,
    import_omradesvarden,
)
from organisation.rules import require
from organisation.uploadhandlers import AttachmentLimitHandler


class OmradesvardenImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or Windows-1252, separated by ; or , at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload


@csrf_exempt
@require_http_methods(["GET", "POST"])
def omradesvarden_import(request):
    # As for the EST import: the size limit holds while the file arrives, before CSRF reads it.
    request.upload_handlers.insert(0, AttachmentLimitHandler(request))
    return _omradesvarden_import(request)


@csrf_protect
def _omradesvarden_import(request):
    require(request.user, "lagesbild.import_omradesvarden")
    errors: list[str] = []
    form = OmradesvardenImportForm()
    if request.method == "POST":
        form = OmradesvardenImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_omradesvarden(form.cleaned_data["file"].read(), user=request.user)
            except ImportRefused as exc:
                errors = [exc.message]
            else:
                if result.ok:
                    messages.success(request, result.summary())
                    return redirect("lagesbild:omradesvarden_import")
                errors = result.error_lines()
    context = {"form": form, "errors": errors, "columns": ";".join(COLUMNS)}
    return render(
        request, "lagesbild/omradesvarden_import.html", context, status=400 if errors else 200
    )
