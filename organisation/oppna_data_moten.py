"""Open data about meetings: the meetings whose minutes are published, and their decisions.

Only ``Mote.objects.with_published_minutes()`` (public meetings of public forums, held, with
published minutes) and the decisions of those meetings: the same rows the public meeting
pages show, never an internal forum's meeting, a meeting whose minutes are unpublished or the
decisions of either.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Beslut, Mote
from organisation.oppna_data import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    TEXT,
    TEXT_LIST,
    URL,
    Field,
    Source,
    Table,
    open_data_views,
)

MOTE_FIELDS = [
    Field("id", INTEGER, _("Stable numeric identifier of the meeting.")),
    Field("forum", TEXT, _("The forum that met.")),
    Field("forum_id", TEXT, _("The forum's stable short name, as in the page address.")),
    Field("typ", TEXT, _("Kind of meeting, as in the forum's meeting rhythm.")),
    Field("titel", TEXT, _("Title, or the kind of meeting when it has none.")),
    Field("start", DATETIME, _("Start.")),
    Field("slut", DATETIME, _("End.")),
    Field("plats", TEXT, _("Place, may be empty.")),
    Field("dagordning", TEXT_LIST, _("Agenda items in order, separated by semicolons in CSV.")),
    Field("deltog", TEXT_LIST, _("Bodies that attended, separated by semicolons in CSV.")),
    Field("minnesanteckningar", TEXT, _("The published minutes, as Markdown text.")),
    Field("publicerad", DATETIME, _("When the minutes were published.")),
    Field("antal_beslut", INTEGER, _("Number of decisions (rows in the dataset beslut).")),
    Field("url", URL, _("The meeting's public page.")),
]

BESLUT_FIELDS = [
    Field("id", INTEGER, _("Stable numeric identifier of the decision.")),
    Field("mote_id", INTEGER, _("The meeting the decision was taken at (id in moten).")),
    Field("forum", TEXT, _("The forum that decided.")),
    Field("motesdatum", DATE, _("Date of the meeting.")),
    Field("beslut", TEXT, _("The decision.")),
    Field("ansvarig", TEXT, _("The body that carries it out, may be empty.")),
    Field("klart_senast", DATE, _("To be done by, may be empty.")),
    Field("klart", BOOLEAN, _("Whether it is done.")),
    Field("url", URL, _("The meeting's public page, where the decision is shown.")),
]


def _moten():
    return (
        Mote.objects.with_published_minutes()
        .select_related("forum")
        .prefetch_related("agenda_items", "attended_by", "decisions")
        .order_by("starts_at", "pk")
    )


def _mote_row(mote, request) -> dict:
    return {
        "id": mote.pk,
        "forum": mote.forum.name,
        "forum_id": mote.forum.slug,
        "typ": mote.kind,
        "titel": str(mote.display_title),
        "start": timezone.localtime(mote.starts_at).isoformat(),
        "slut": timezone.localtime(mote.ends_at).isoformat(),
        "plats": mote.place,
        "dagordning": [item.heading for item in mote.agenda_items.all()],
        "deltog": [organ.name for organ in mote.attended_by.all()],
        "minnesanteckningar": mote.minutes,
        "publicerad": mote.minutes_published_at.isoformat(),
        "antal_beslut": len(mote.decisions.all()),
        "url": request.build_absolute_uri(mote.get_absolute_url()),
    }


def _beslut():
    return (
        Beslut.objects.filter(mote__in=Mote.objects.with_published_minutes())
        .select_related("mote__forum", "responsible")
        .order_by("mote__starts_at", "mote_id", "pk")
    )


def _beslut_row(beslut, request) -> dict:
    mote = beslut.mote
    return {
        "id": beslut.pk,
        "mote_id": mote.pk,
        "forum": mote.forum.name,
        "motesdatum": timezone.localdate(mote.starts_at).isoformat(),
        "beslut": beslut.text,
        "ansvarig": beslut.responsible.name if beslut.responsible else "",
        "klart_senast": beslut.due_date.isoformat() if beslut.due_date else "",
        "klart": beslut.done,
        "url": request.build_absolute_uri(mote.get_absolute_url()),
    }


MOTEN = Table("moten", MOTE_FIELDS, (Source(_moten, _mote_row),))
BESLUT = Table("beslut", BESLUT_FIELDS, (Source(_beslut, _beslut_row),))

moten_json, moten_csv = open_data_views(MOTEN)
beslut_json, beslut_csv = open_data_views(BESLUT)
