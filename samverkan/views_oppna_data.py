"""Open data from samverkan: published public insatser, their activities and the organisation.

Each dataset is a ``Table`` (``organisation.oppna_data``): its documented fields and the
access layer's public QuerySets its rows come from. The page that documents them and the data
catalogue are in ``lagesbild.views.oppna_data``, which reads every app's datasets.
"""

from django.db.models import CharField, F, OuterRef, Prefetch, Value
from django.db.models.functions import Cast, Concat, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Forum, Organ
from organisation.oppna_data import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    TEXT,
    TEXT_LIST,
    URL,
    Field,
    JSONList,
    Source,
    Table,
    open_data_views,
)
from samverkan.models import (
    Aktivitet,
    Fokusomrade,
    Insats,
    Omrade,
    Samverkansgrupp,
    Samverkansomrade,
)

FOCUS_AREAS_MEANING = _(
    "Focus areas of the police agreement, each with the agreement's years, e.g. "
    "'Trygga offentliga miljöer (2024–2026)'; separated by semicolons in CSV."
)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _year(field: str):
    return Cast(ExtractYear(field), CharField())


def _focus_area_names(insats_pk: str) -> JSONList:
    """The insats's focus areas in their own order (the newest agreement first), named as
    ``str(fokusomrade)`` names them: with the agreement's years, as the same name recurs in
    the next agreement."""
    return JSONList(
        Fokusomrade.objects.filter(insatser=OuterRef(insats_pk))
        .order_by("-overenskommelse__period_start", "order", "name")
        .values(
            item=Concat(
                "name",
                Value(" ("),
                _year("overenskommelse__period_start"),
                Value("–"),
                _year("overenskommelse__period_end"),
                Value(")"),
                output_field=CharField(),
            )
        )
    )


def _district_names() -> JSONList:
    return JSONList(
        Omrade.objects.filter(insatser=OuterRef("pk")).order_by("name").values(item=F("name"))
    )


# --- Insatser ---------------------------------------------------------------------------

INSATS_FIELDS = [
    Field("id", INTEGER, _("Stable numeric identifier of the intervention.")),
    Field("titel", TEXT, _("Title.")),
    Field("sammanfattning", TEXT, _("Short summary.")),
    Field("samverkansomrade", TEXT, _("Collaboration area.")),
    Field("ansvarig", TEXT, _("Responsible body.")),
    Field("omraden", TEXT_LIST, _("Districts, separated by semicolons in CSV.")),
    Field("fokusomraden", TEXT_LIST, FOCUS_AREAS_MEANING),
    Field("malgrupp", TEXT, _("Target group.")),
    Field("status", TEXT, _("planerad, pagaende, avslutad or installd.")),
    Field("startdatum", DATE, _("Start date, may be empty.")),
    Field("slutdatum", DATE, _("End date, may be empty.")),
    Field("kontakt", TEXT, _("Function or role to contact.")),
    Field("uppdaterad", DATETIME, _("When the intervention was last changed.")),
    Field("url", URL, _("The intervention's public page.")),
]


def _insatser():
    return (
        Insats.objects.published()
        .select_related("samverkansomrade", "responsible")
        .annotate(omrade_names=_district_names(), fokusomrade_names=_focus_area_names("pk"))
        .order_by("pk")
    )


def _insats_row(insats, request) -> dict:
    return {
        "id": insats.pk,
        "titel": insats.title,
        "sammanfattning": insats.summary,
        "samverkansomrade": insats.samverkansomrade.name,
        "ansvarig": insats.responsible.name,
        "omraden": insats.omrade_names or [],
        "fokusomraden": insats.fokusomrade_names or [],
        "malgrupp": insats.get_target_group_display(),
        "status": insats.status,
        "startdatum": _iso(insats.start_date),
        "slutdatum": _iso(insats.end_date),
        "kontakt": insats.contact,
        "uppdaterad": insats.updated_at.isoformat(),
        "url": request.build_absolute_uri(insats.get_absolute_url()),
    }


INSATSER = Table("insatser", INSATS_FIELDS, (Source(_insatser, _insats_row),), chunk_size=5000)

# --- Aktiviteter ------------------------------------------------------------------------

AKTIVITET_FIELDS = [
    Field("id", INTEGER, _("Stable numeric identifier of the activity.")),
    Field("titel", TEXT, _("Title.")),
    Field("start", DATETIME, _("Start.")),
    Field("slut", DATETIME, _("End, may be empty.")),
    Field("motesplats", TEXT, _("Meeting place.")),
    Field("omrade", TEXT, _("District, may be empty.")),
    Field("omrade_id", TEXT, _("The district's stable short name, as in the page address.")),
    Field("beskrivning", TEXT, _("Description.")),
    Field("installd", BOOLEAN, _("Whether the activity is cancelled.")),
    Field("installd_orsak", TEXT, _("Why it is cancelled, may be empty.")),
    Field("insats_id", INTEGER, _("The intervention the activity is part of (id in insatser).")),
    Field("insats", TEXT, _("The intervention's title.")),
    Field("fokusomraden", TEXT_LIST, FOCUS_AREAS_MEANING),
    Field("arrangor", TEXT, _("Who organises it: a public group or a body.")),
    Field("kontakt_epost", TEXT, _("A function mailbox to ask, never a person's address.")),
    Field("anmalan", TEXT, _("ingen (just come) or kravs (sign-up required).")),
    Field("anmalan_hur", TEXT, _("How to sign up, when sign-up is required.")),
    Field("anmalan_senast", DATE, _("Last day to sign up, may be empty.")),
    Field("tillganglighet", TEXT, _("What is known about the meeting place's accessibility.")),
    Field("steglost", TEXT, _("Step-free access: ja, nej or okant (not known).")),
    Field("uppdaterad", DATETIME, _("When the activity was last changed.")),
    Field("url", URL, _("The activity's public page.")),
    Field("ics", URL, _("The activity alone as an iCalendar file.")),
]


def _aktiviteter():
    return (
        Aktivitet.objects.published()
        .select_related(
            "insats__grupp", "insats__responsible", "omrade", "organiser_grupp", "organiser_organ"
        )
        .annotate(fokusomrade_names=_focus_area_names("insats_id"))
        .order_by("starts_at", "pk")
    )


def _aktivitet_row(aktivitet, request) -> dict:
    omrade = aktivitet.omrade
    return {
        "id": aktivitet.pk,
        "titel": aktivitet.title,
        "start": timezone.localtime(aktivitet.starts_at).isoformat(),
        "slut": _iso(aktivitet.ends_at and timezone.localtime(aktivitet.ends_at)),
        "motesplats": aktivitet.meeting_point,
        "omrade": omrade.name if omrade else "",
        "omrade_id": omrade.slug if omrade else "",
        "beskrivning": aktivitet.description,
        "installd": aktivitet.cancelled,
        "installd_orsak": aktivitet.cancellation_note if aktivitet.cancelled else "",
        "insats_id": aktivitet.insats_id,
        "insats": aktivitet.insats.title,
        "fokusomraden": aktivitet.fokusomrade_names or [],
        "arrangor": aktivitet.organiser_name,
        "kontakt_epost": aktivitet.public_contact_email,
        "anmalan": aktivitet.signup,
        "anmalan_hur": aktivitet.signup_how,
        "anmalan_senast": _iso(aktivitet.signup_by),
        "tillganglighet": aktivitet.accessibility,
        "steglost": aktivitet.step_free,
        "uppdaterad": aktivitet.updated_at.isoformat(),
        "url": request.build_absolute_uri(aktivitet.get_absolute_url()),
        "ics": request.build_absolute_uri(
            reverse("samverkan:aktivitet_ics", kwargs={"pk": aktivitet.pk})
        ),
    }


AKTIVITETER = Table(
    "aktiviteter", AKTIVITET_FIELDS, (Source(_aktiviteter, _aktivitet_row),), chunk_size=5000
)

# --- The organisation -------------------------------------------------------------------
# One row per body, public forum, collaboration area and public group, as the organisation
# page shows them; rows refer to each other by ``id`` ("forum:bra"), so the tree can be
# rebuilt. An internal forum is never a row, nor named as another row's parent.

ORGANISATION_FIELDS = [
    Field("id", TEXT, _("Stable identifier: the kind of row and the short name, e.g. forum:bra.")),
    Field("typ", TEXT, _("organ (a body), forum, samverkansomrade or samverkansgrupp.")),
    Field(
        "slag",
        TEXT,
        _(
            "For a body its kind (kommunstyrelse, namnd, forvaltning, avdelning, bolag, extern), "
            "for a forum its level (strategisk, taktisk, operativ), for a group its kind "
            "(natverk, ortsrad, arbetsgrupp, enhet, verksamhet)."
        ),
    ),
    Field("namn", TEXT, _("Name.")),
    Field("kortnamn", TEXT, _("Short name, may be empty.")),
    Field("beskrivning", TEXT, _("What it is or does, as the public pages say.")),
    Field(
        "del_av",
        TEXT,
        _(
            "id of the row above: a body's parent body, the forum a forum reports to, the "
            "forum that steers an area, a group's collaboration area; may be empty."
        ),
    ),
    Field("ansvarig", TEXT, _("id of the responsible body of a forum or a group.")),
    Field("samordnas_av", TEXT, _("id of the body (nämnd) that coordinates an area or a forum.")),
    Field("omraden", TEXT_LIST, _("Districts a group works in, separated by semicolons in CSV.")),
    Field("kontakt", TEXT, _("A group's contact: a function or role, never a name.")),
    Field("kontakt_epost", TEXT, _("A group's function mailbox.")),
    Field("delta", TEXT, _("How residents take part in a group.")),
    Field("url", URL, _("The public page, where there is one.")),
]


def _ref(kind: str, row) -> str:
    return f"{kind}:{row.slug}" if row is not None else ""


def _public_forum_ref(forum) -> str:
    return _ref("forum", forum) if forum is not None and forum.is_public else ""


def _row(request, **values) -> dict:
    row = dict.fromkeys(f.name for f in ORGANISATION_FIELDS)
    row |= {"kortnamn": "", "del_av": "", "ansvarig": "", "samordnas_av": "", "omraden": []}
    row |= {"kontakt": "", "kontakt_epost": "", "delta": "", "url": ""}
    url = values.pop("url", "")
    row |= values
    row["url"] = request.build_absolute_uri(url) if url else ""
    return row


def _organ_row(organ, request) -> dict:
    return _row(
        request,
        id=_ref("organ", organ),
        typ="organ",
        slag=organ.kind,
        namn=organ.name,
        kortnamn=organ.short_name,
        beskrivning=organ.description,
        del_av=_ref("organ", organ.parent),
    )


def _forum_row(forum, request) -> dict:
    return _row(
        request,
        id=_ref("forum", forum),
        typ="forum",
        slag=forum.level,
        namn=forum.name,
        kortnamn=forum.short_name,
        beskrivning=forum.purpose,
        del_av=_public_forum_ref(forum.reports_to),
        ansvarig=_ref("organ", forum.responsible),
        samordnas_av=_ref("organ", forum.coordinator),
        url=forum.get_absolute_url(),
    )


def _area_row(area, request) -> dict:
    return _row(
        request,
        id=_ref("samverkansomrade", area),
        typ="samverkansomrade",
        slag="",
        namn=area.name,
        beskrivning=area.summary,
        del_av=_public_forum_ref(area.forum),
        samordnas_av=_ref("organ", area.coordinating_body),
        url=area.get_absolute_url(),
    )


def _group_row(grupp, request) -> dict:
    return _row(
        request,
        id=_ref("samverkansgrupp", grupp),
        typ="samverkansgrupp",
        slag=grupp.kind,
        namn=grupp.name,
        beskrivning=grupp.description,
        del_av=_ref("samverkansomrade", grupp.samverkansomrade),
        ansvarig=_ref("organ", grupp.responsible),
        omraden=[o.name for o in grupp.omraden.all()],
        kontakt=grupp.contact,
        kontakt_epost=grupp.contact_email,
        delta=grupp.participation,
    )


ORGANISATION = Table(
    "organisation",
    ORGANISATION_FIELDS,
    (
        Source(
            lambda: Organ.objects.select_related("parent").order_by("order", "name"), _organ_row
        ),
        Source(
            lambda: (
                Forum.objects.public()
                .select_related("responsible", "coordinator", "reports_to")
                .order_by("order", "name")
            ),
            _forum_row,
        ),
        Source(
            lambda: Samverkansomrade.objects.select_related("coordinating_body", "forum").order_by(
                "order", "name"
            ),
            _area_row,
        ),
        Source(
            lambda: (
                Samverkansgrupp.objects.public()
                .select_related("samverkansomrade", "responsible")
                .prefetch_related(Prefetch("omraden"))
                .order_by("samverkansomrade__order", "order", "name")
            ),
            _group_row,
        ),
    ),
)

insatser_json, insatser_csv = open_data_views(INSATSER)
aktiviteter_json, aktiviteter_csv = open_data_views(AKTIVITETER)
organisation_json, organisation_csv = open_data_views(ORGANISATION)
