"""The open datasets: what each contains, its fields and files, and the DCAT-AP-SE catalogue.

One list, ``DATASETS``, is the truth for the open-data page, the catalogue that the national
data portal (dataportal.se) harvests and the files themselves. Each dataset is a ``Table``
(``organisation.oppna_data``, the one writer of every JSON and CSV file): its fields are the
columns of its CSV and the keys of its JSON rows, in that order, and its rows come from the
access layer's public QuerySets only (``Insats.objects.published()``,
``Mote.objects.with_published_minutes()``, ``Omradesvarde.objects.public()``, …), so a file
cannot hold more than the public pages show. The key figures' tables are here; the others
beside their models (``samverkan.views_oppna_data``, ``organisation.oppna_data_moten``).
This module lives in ``lagesbild``, the top floor, because it reads every app's datasets.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lagesbild.models import Indikatorvarde, Omradesvarde
from lagesbild.rules import MIN_PUBLIC_RESPONDENTS
from organisation.oppna_data import (
    DECIMAL,
    INTEGER,
    TEXT,
    URL,
    Field,
    Source,
    Table,
    open_data_views,
)
from organisation.oppna_data_moten import BESLUT, MOTEN
from samverkan.views_oppna_data import AKTIVITETER, INSATSER, ORGANISATION

EU = "http://publications.europa.eu/resource/authority/"

OMRADESVARDE_FIELDS = [
    Field("indikator", TEXT, _("The indicator's code (Kolada's KPI id or the kommun's own code).")),
    Field("namn", TEXT, _("The indicator's name.")),
    Field("enhet", TEXT, _("Unit, e.g. per 1 000 invånare or procent.")),
    Field("omrade", TEXT, _("District.")),
    Field("omrade_id", TEXT, _("The district's stable short name, as in the page address.")),
    Field("regso", TEXT, _("SCB's regional statistical area (RegSO), may be empty.")),
    Field("deso", TEXT, _("SCB's demographic statistical area (DeSO), may be empty.")),
    Field("ar", INTEGER, _("Year.")),
    Field("varde", DECIMAL, _("Value; for yes/no items 1 is yes and 0 is no.")),
    Field("kalla", TEXT, _("Source.")),
    Field("matning", TEXT, _("The safety survey and its year; empty for register figures.")),
    Field(
        "svarande",
        INTEGER,
        format_lazy(
            _(
                "Respondents, survey results only. Results from fewer than {min} respondents "
                "are never published and are not in the file."
            ),
            min=MIN_PUBLIC_RESPONDENTS,
        ),
    ),
    Field("ki_lag", DECIMAL, _("Lower end of the 95 % confidence interval, may be empty.")),
    Field("ki_hog", DECIMAL, _("Upper end of the 95 % confidence interval, may be empty.")),
    Field("url", URL, _("The district's public page.")),
]

NYCKELTAL_FIELDS = [
    Field("indikator", TEXT, _("The indicator's code (Kolada's KPI id or the kommun's own code).")),
    Field("namn", TEXT, _("The indicator's name.")),
    Field("enhet", TEXT, _("Unit, e.g. per 1 000 invånare or procent.")),
    Field("kategori", TEXT, _("Heading the figure is shown under.")),
    Field("ar", INTEGER, _("Year.")),
    Field(
        "varde",
        DECIMAL,
        _("The kommun's value, may be empty; for yes/no items 1 is yes and 0 is no."),
    ),
    Field(
        "riksmedian",
        DECIMAL,
        _("The value of the median municipality in the country, may be empty."),
    ),
    Field("kalla", TEXT, _("Source.")),
    Field("url", URL, _("The indicator's public page.")),
]


def _number(value):
    return None if value is None else float(value)


def _omradesvarden():
    return (
        Omradesvarde.objects.public()
        .select_related("indikator", "omrade", "matning")
        .order_by("indikator__order", "indikator__code", "omrade__name", "year")
    )


def _omradesvarde_row(varde, request) -> dict:
    indikator, omrade = varde.indikator, varde.omrade
    return {
        "indikator": indikator.code,
        "namn": indikator.name,
        "enhet": indikator.unit,
        "omrade": omrade.name,
        "omrade_id": omrade.slug,
        "regso": omrade.regso_code,
        "deso": omrade.deso_code,
        "ar": varde.year,
        "varde": _number(varde.value),
        "kalla": varde.source,
        "matning": str(varde.matning) if varde.matning else "",
        "svarande": varde.respondents,
        "ki_lag": _number(varde.ci_low),
        "ki_hog": _number(varde.ci_high),
        "url": request.build_absolute_uri(omrade.get_absolute_url()),
    }


def _nyckeltal():
    return Indikatorvarde.objects.select_related("indikator").order_by(
        "indikator__order", "indikator__code", "year"
    )


def _nyckeltal_row(varde, request) -> dict:
    indikator = varde.indikator
    return {
        "indikator": indikator.code,
        "namn": indikator.name,
        "enhet": indikator.unit,
        "kategori": indikator.category,
        "ar": varde.year,
        "varde": _number(varde.value),
        "riksmedian": _number(varde.national_median),
        "kalla": indikator.source,
        "url": request.build_absolute_uri(indikator.get_absolute_url()),
    }


OMRADESVARDEN = Table(
    "omradesvarden", OMRADESVARDE_FIELDS, (Source(_omradesvarden, _omradesvarde_row),)
)
NYCKELTAL = Table("nyckeltal", NYCKELTAL_FIELDS, (Source(_nyckeltal, _nyckeltal_row),))

omradesvarden_json, omradesvarden_csv = open_data_views(OMRADESVARDEN)
nyckeltal_json, nyckeltal_csv = open_data_views(NYCKELTAL)


@dataclass(frozen=True)
class Distribution:
    url_name: str
    filename: str
    media_type: str
    # An EU file type (the authority table file-type), e.g. JSON; empty where the table has
    # no entry we are sure of, and the media type alone says what the file is.
    format: str = ""


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    table: Table
    distributions: list[Distribution]
    frequency: str  # an EU frequency (authority table frequency), e.g. ANNUAL
    frequency_text: str
    keywords: list[str] = field(default_factory=list)
    theme: str = "JUST"  # Justice, legal system and public safety

    @property
    def fields(self) -> list[Field]:
        return self.table.fields

    @property
    def field_names(self) -> list[str]:
        return self.table.field_names


def _json_and_csv(app: str, table: Table) -> list[Distribution]:
    return [
        Distribution(f"{app}:{table.name}_json", f"{table.name}.json", "application/json", "JSON"),
        Distribution(f"{app}:{table.name}_csv", f"{table.name}.csv", "text/csv", "CSV"),
    ]


DATASETS = [
    Dataset(
        slug="insatser",
        title=_("Crime-prevention interventions"),
        description=_(
            "The kommun's published public interventions against crime and insecurity: what, "
            "where, who is responsible, status and period."
        ),
        table=INSATSER,
        distributions=_json_and_csv("samverkan", INSATSER),
        frequency="CONT",
        frequency_text=_("As soon as an intervention is published or changed."),
        keywords=["brottsförebyggande", "trygghet", "insatser"],
    ),
    Dataset(
        slug="aktiviteter",
        title=_("Activities residents can attend"),
        description=_(
            "Trygghetsvandringar and other public activities of the published interventions: "
            "when, where, who organises, whether to sign up and the meeting place's "
            "accessibility. Also as a calendar of the upcoming ones."
        ),
        table=AKTIVITETER,
        distributions=[
            *_json_and_csv("samverkan", AKTIVITETER),
            Distribution("samverkan:kalender_ics", "kalender.ics", "text/calendar"),
        ],
        frequency="CONT",
        frequency_text=_("As soon as an activity is published, changed or cancelled."),
        keywords=["trygghetsvandring", "kalender", "aktiviteter"],
    ),
    Dataset(
        slug="moten",
        title=_("Meetings with published minutes"),
        description=_(
            "Public meetings of the public forums whose minutes are published: when, where, "
            "agenda, who attended and the minutes."
        ),
        table=MOTEN,
        distributions=_json_and_csv("organisation", MOTEN),
        frequency="CONT",
        frequency_text=_("As soon as minutes are published or changed."),
        keywords=["möten", "minnesanteckningar", "brottsförebyggande råd"],
    ),
    Dataset(
        slug="beslut",
        title=_("Decisions of the meetings"),
        description=_(
            "The decisions of the meetings with published minutes: what was decided, who "
            "carries it out, by when and whether it is done."
        ),
        table=BESLUT,
        distributions=_json_and_csv("organisation", BESLUT),
        frequency="CONT",
        frequency_text=_("As soon as minutes are published or a decision is followed up."),
        keywords=["beslut", "möten", "uppföljning"],
    ),
    Dataset(
        slug="organisation",
        title=_("How the work is organised"),
        description=_(
            "Kommunstyrelsen and the other bodies, the public forums, the collaboration areas "
            "with the nämnder that coordinate them, and the public groups, as one table whose "
            "rows refer to each other."
        ),
        table=ORGANISATION,
        distributions=_json_and_csv("samverkan", ORGANISATION),
        frequency="IRREG",
        frequency_text=_("When the organisation changes."),
        keywords=["organisation", "samverkan", "brottsförebyggande"],
    ),
    Dataset(
        slug="nyckeltal",
        title=_("Key figures for the kommun"),
        description=_(
            "Key figures on crime and safety year by year, with the national median where "
            "there is one."
        ),
        table=NYCKELTAL,
        distributions=_json_and_csv("lagesbild", NYCKELTAL),
        frequency="ANNUAL",
        frequency_text=_("Yearly, when new figures are imported."),
        keywords=["nyckeltal", "brottsstatistik", "trygghet"],
    ),
    Dataset(
        slug="omradesvarden",
        title=_("Key figures per district"),
        description=_(
            "Register figures and safety-survey results per district and year. Survey results "
            "from small samples are left out."
        ),
        table=OMRADESVARDEN,
        distributions=_json_and_csv("lagesbild", OMRADESVARDEN),
        frequency="ANNUAL",
        frequency_text=_("Yearly, when new figures or survey results are imported."),
        keywords=["trygghetsmätning", "nyckeltal", "stadsdelar"],
    ),
]


def catalogue(request, *, kommun, licence) -> dict:
    """The DCAT-AP-SE catalogue as JSON-LD, its context inline so it parses offline."""
    page = request.build_absolute_uri(reverse("lagesbild:oppna_data"))
    publisher = {
        "@id": f"{page}#utgivare",
        "@type": "foaf:Agent",
        "foaf:name": kommun.name if kommun else "",
        "dcterms:type": {"@id": "http://purl.org/adms/publishertype/LocalAuthority"},
    }
    contact = {"@type": "vcard:Organization", "vcard:fn": kommun.name if kommun else ""}
    if kommun and kommun.contact_email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{kommun.contact_email}"}
    swedish = {"@id": f"{EU}language/SWE"}
    datasets = []
    for dataset in DATASETS:
        distributions = []
        for dist in dataset.distributions:
            url = request.build_absolute_uri(reverse(dist.url_name))
            distribution = {
                "@id": url,
                "@type": "dcat:Distribution",
                "dcterms:title": dist.filename,
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": {
                    "@id": f"https://www.iana.org/assignments/media-types/{dist.media_type}"
                },
                "dcterms:license": {"@id": licence.url},
            }
            if dist.format:
                distribution["dcterms:format"] = {"@id": f"{EU}file-type/{dist.format}"}
            distributions.append(distribution)
        datasets.append(
            {
                "@id": f"{page}#{dataset.slug}",
                "@type": "dcat:Dataset",
                "dcterms:identifier": f"{page}#{dataset.slug}",
                "dcterms:title": {"@language": "sv", "@value": str(dataset.title)},
                "dcterms:description": {"@language": "sv", "@value": str(dataset.description)},
                "dcterms:publisher": {"@id": publisher["@id"]},
                "dcat:contactPoint": contact,
                "dcat:theme": {"@id": f"{EU}data-theme/{dataset.theme}"},
                "dcat:keyword": [{"@language": "sv", "@value": k} for k in dataset.keywords],
                "dcterms:accrualPeriodicity": {"@id": f"{EU}frequency/{dataset.frequency}"},
                "dcterms:language": swedish,
                "dcat:landingPage": {"@id": page},
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dcterms": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@id": request.build_absolute_uri(reverse("lagesbild:oppna_data_katalog")),
        "@type": "dcat:Catalog",
        "dcterms:title": {
            "@language": "sv",
            "@value": f"{kommun.programme_name if kommun else ''} – öppna data".strip(" –"),
        },
        "dcterms:description": {"@language": "sv", "@value": str(CATALOGUE_DESCRIPTION)},
        "dcterms:publisher": publisher,
        "dcterms:license": {"@id": licence.url},
        "dcterms:language": swedish,
        "foaf:homepage": {"@id": page},
        "dcat:dataset": datasets,
    }


CATALOGUE_DESCRIPTION = _(
    "Open data about the kommun's work for safety and against crime: interventions, "
    "activities, meetings and their decisions, the organisation and key figures. Only what "
    "the public pages show."
)
