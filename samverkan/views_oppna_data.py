"""Open data about insatser: published public insatser as JSON and CSV.

The page that documents them and the data catalogue are in ``lagesbild.views.oppna_data``,
which reads every app's datasets; the licence and the streaming are
``organisation.oppna_data``'s.
"""

from django.contrib.auth.decorators import login_not_required
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from organisation.oppna_data import csv_response, json_response
from samverkan.models import Insats

OPEN_DATA_FIELDS = [
    ("id", _("Stable numeric identifier of the intervention.")),
    ("titel", _("Title.")),
    ("sammanfattning", _("Short summary.")),
    ("samverkansomrade", _("Collaboration area.")),
    ("ansvarig", _("Responsible body.")),
    ("omraden", _("Districts, separated by semicolons in CSV.")),
    (
        "fokusomraden",
        _(
            "Focus areas of the police agreement with the agreement's years, separated by "
            "semicolons in CSV."
        ),
    ),
    ("malgrupp", _("Target group.")),
    ("status", _("planerad, pagaende, avslutad or installd.")),
    ("startdatum", _("Start date, ISO 8601, may be empty.")),
    ("slutdatum", _("End date, ISO 8601, may be empty.")),
    ("kontakt", _("Function or role to contact.")),
    ("uppdaterad", _("When the intervention was last changed, ISO 8601 with time zone.")),
    ("url", _("The intervention's public page.")),
]


def _open_data_rows(request):
    insatser = (
        Insats.objects.published()
        .select_related("samverkansomrade", "responsible")
        .prefetch_related("omraden", "fokusomraden__overenskommelse")
        .order_by("pk")
    )
    # One chunk covers any real kommun, so the prefetch queries do not grow with the rows.
    for insats in insatser.iterator(chunk_size=5000):
        yield {
            "id": insats.pk,
            "titel": insats.title,
            "sammanfattning": insats.summary,
            "samverkansomrade": insats.samverkansomrade.name,
            "ansvarig": insats.responsible.name,
            "omraden": [o.name for o in insats.omraden.all()],
            # With the agreement's years: the same name recurs in the next agreement.
            "fokusomraden": [str(f) for f in insats.fokusomraden.all()],
            "malgrupp": insats.get_target_group_display(),
            "status": insats.status,
            "startdatum": insats.start_date.isoformat() if insats.start_date else "",
            "slutdatum": insats.end_date.isoformat() if insats.end_date else "",
            "kontakt": insats.contact,
            "uppdaterad": insats.updated_at.isoformat(),
            "url": request.build_absolute_uri(insats.get_absolute_url()),
        }


@login_not_required
@require_safe
def insatser_json(request):
    return json_response("insatser", _open_data_rows(request))


@login_not_required
@require_safe
def insatser_csv(request):
    header = [name for name, _help in OPEN_DATA_FIELDS]
    return csv_response("insatser.csv", header, _open_data_rows(request))
