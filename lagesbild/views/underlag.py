"""The evidence of a lägesbild: its documents and what each problem cites.

Both are internal: read by those who read the lägesbild, changed by those who write
lägesbilder (``lagesbild/rules.py``). Uploads take the meetings' checked path:
``AttachmentLimitHandler`` while the body streams in, ``validate_attachment`` on the file.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lagesbild.forms import LagesbildDokumentForm, UnderlagFormSet
from lagesbild.models import FrozenError, Lagesbild, LagesbildDokument
from organisation.downloads import stored_file_response
from organisation.rules import require
from organisation.uploadhandlers import AttachmentLimitHandler
from organisation.views import BILAGA_CONTENT_TYPES


def _editable(request, pk):
    lagesbild = get_object_or_404(Lagesbild.objects.visible_to(request.user), pk=pk)
    require(request.user, "lagesbild.change_lagesbild", lagesbild)
    return lagesbild


def _visible_document(request, pk):
    return get_object_or_404(
        LagesbildDokument.objects.filter(
            lagesbild__in=Lagesbild.objects.visible_to(request.user).values("pk")
        ).select_related("lagesbild"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def problem_underlag(request, pk, problem_pk):
    """The evidence one problem cites, while its lägesbild is a draft."""
    lagesbild = _editable(request, pk)
    problem = get_object_or_404(lagesbild.problems, pk=problem_pk)
    if lagesbild.is_frozen:
        return render(
            request,
            "lagesbild/lagesbild_frozen.html",
            {"lagesbild": lagesbild, "successor": None},
            status=409,
        )
    data = request.POST if request.method == "POST" else None
    formset = UnderlagFormSet(
        data,
        instance=problem,
        prefix="underlag",
        queryset=problem.underlag.order_by("pk"),
        form_kwargs={"lagesbild": lagesbild},
    )
    if data is not None and formset.is_valid():
        formset.save()
        messages.success(request, _("The evidence was saved."))
        return redirect("lagesbild:detail", pk=lagesbild.pk)
    return render(
        request,
        "lagesbild/problem_underlag.html",
        {"lagesbild": lagesbild, "problem": problem, "formset": formset},
    )


@csrf_exempt
@require_POST
def dokument_upload(request, pk):
    # As for meeting attachments: the size limit must be in place before anything reads
    # the body, CSRF checking included, so the check runs in the inner view.
    request.upload_handlers.insert(0, AttachmentLimitHandler(request))
    return _dokument_upload(request, pk)


@csrf_protect
def _dokument_upload(request, pk):
    lagesbild = _editable(request, pk)
    form = LagesbildDokumentForm(
        request.POST, request.FILES, instance=LagesbildDokument(lagesbild=lagesbild)
    )
    if form.is_valid():
        document = form.save(commit=False)
        document.uploaded_by = request.user
        document.save()
        messages.success(request, _("The document was attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("lagesbild:detail", pk=lagesbild.pk)


@require_safe
def dokument(request, pk):
    """Download a document; internal, so no shared cache may keep it."""
    document = _visible_document(request, pk)
    try:
        response = stored_file_response(
            document.file,
            as_attachment=True,
            filename=document.original_name,
            content_type=BILAGA_CONTENT_TYPES[document.file_type],
        )
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def dokument_delete(request, pk):
    document = _visible_document(request, pk)
    require(request.user, "lagesbild.change_lagesbild", document.lagesbild)
    try:
        document.delete()
    except FrozenError as exc:
        messages.error(request, " ".join(exc.messages))
    except ValidationError:
        raise
    else:
        messages.success(request, _("The document was removed."))
    return redirect("lagesbild:detail", pk=document.lagesbild_id)
