"""Open data: the page that explains it, the DCAT-AP-SE catalogue and the key-figure files."""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from lagesbild.oppna_data import (
    DATASETS,
    NYCKELTAL_FIELDS,
    OMRADESVARDE_FIELDS,
    catalogue,
    nyckeltal_rows,
    omradesvarde_rows,
)
from organisation.models import Kommun
from organisation.oppna_data import csv_response, json_response, open_data_license
from organisation.public_cache import public_page


@login_not_required
@require_safe
@public_page()
def oppna_data(request):
    kommun = Kommun.objects.first()
    return render(
        request,
        "lagesbild/oppna_data.html",
        {"datasets": DATASETS, "licence": open_data_license(kommun)},
    )


@login_not_required
@require_safe
def katalog(request):
    kommun = Kommun.objects.first()
    # The catalogue's texts are tagged Swedish, so they are written in Swedish whatever the
    # address's language prefix.
    with translation.override("sv"):
        document = catalogue(request, kommun=kommun, licence=open_data_license(kommun))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _names(fields):
    return [name for name, _meaning in fields]


@login_not_required
@require_safe
def omradesvarden_json(request):
    return json_response("omradesvarden", omradesvarde_rows(request))


@login_not_required
@require_safe
def omradesvarden_csv(request):
    return csv_response(
        "omradesvarden.csv", _names(OMRADESVARDE_FIELDS), omradesvarde_rows(request)
    )


@login_not_required
@require_safe
def nyckeltal_json(request):
    return json_response("nyckeltal", nyckeltal_rows(request))


@login_not_required
@require_safe
def nyckeltal_csv(request):
    return csv_response("nyckeltal.csv", _names(NYCKELTAL_FIELDS), nyckeltal_rows(request))
