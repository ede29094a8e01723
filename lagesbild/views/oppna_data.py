"""Open data: the page that explains it, the DCAT-AP-SE catalogue and the key-figure files.

The key-figure files' views are made by the generic writer in ``lagesbild.oppna_data``.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from lagesbild.oppna_data import (
    DATASETS,
    catalogue,
    nyckeltal_csv,
    nyckeltal_json,
    omradesvarden_csv,
    omradesvarden_json,
)
from organisation.models import Kommun
from organisation.oppna_data import open_data_license
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


__all__ = [
    "katalog",
    "nyckeltal_csv",
    "nyckeltal_json",
    "omradesvarden_csv",
    "omradesvarden_json",
    "oppna_data",
]
