"""The open datasets: what each contains, its fields and files, and the DCAT-AP-SE catalogue.

One list, ``DATASETS``, is the truth for the open-data page, the catalogue that the national
data portal (dataportal.se) harvests and the files themselves: a dataset's fields are the
columns of its CSV and the keys of its JSON rows, in that order. The rows come from the
access layer's public QuerySets only (``Insats.objects.published()``,
``Omradesvarde.objects.public()``, the key figures that have values), so a file cannot hold
more than the public pages show. This module lives in ``lagesbild``, the top floor, because
it reads every app's datasets.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lagesbild.models import Indikatorvarde, Omradesvarde
from lagesbild.rules import MIN_PUBLIC_RESPONDENTS
from samverkan.views_oppna_data import OPEN_DATA_FIELDS as INSATS_FIELDS

EU = "http://publications.europa.eu/resource/authority/"

OMRADESVARDE_FIELDS = [
    ("indikator", _("The indicator's code (Kolada's KPI id or the kommun's own code).")),
    ("namn", _("The indicator's name.")),
    ("enhet", _("Unit, e.g. per 1 000 invånare or procent.")),
    ("omrade", _("District.")),
    ("omrade_id", _("The district's stable short name, as in the page address.")),
    ("regso", _("SCB's regional statistical area (RegSO), may be empty.")),
    ("deso", _("SCB's demographic statistical area (DeSO), may be empty.")),
    ("ar", _("Year.")),
    ("varde", _("Value; for yes/no items 1 is yes and 0 is no.")),
    ("kalla", _("Source.")),
    ("matning", _("The safety survey and its year; empty for register figures.")),
    (
        "svarande",
        format_lazy(
            _(
                "Respondents, survey results only. Results from fewer than {min} respondents "
                "are never published and are not in the file."
            ),
            min=MIN_PUBLIC_RESPONDENTS,
        ),
    ),
    ("ki_lag", _("Lower end of the 95 % confidence interval, may be empty.")),
    ("ki_hog", _("Upper end of the 95 % confidence interval, may be empty.")),
    ("url", _("The district's public page.")),
]

NYCKELTAL_FIELDS = [
    ("indikator", _("The indicator's code (Kolada's KPI id or the kommun's own code).")),
    ("namn", _("The indicator's name.")),
    ("enhet", _("Unit, e.g. per 1 000 invånare or procent.")),
    ("kategori", _("Heading the figure is shown under.")),
    ("ar", _("Year.")),
    ("varde", _("The kommun's value, may be empty; for yes/no items 1 is yes and 0 is no.")),
    ("riksmedian", _("The value of the median municipality in the country, may be empty.")),
    ("kalla", _("Source.")),
    ("url", _("The indicator's public page.")),
]

KALENDER_FIELDS = [
    ("SUMMARY", _("Title of the activity.")),
    ("DTSTART, DTEND", _("Start and end, with time zone.")),
    ("LOCATION", _("Meeting place.")),
    ("URL", _("The activity's public page.")),
    ("STATUS", _("CANCELLED for a cancelled activity.")),
]


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
    fields: list
    distributions: list[Distribution]
    frequency: str  # an EU frequency (authority table frequency), e.g. ANNUAL
    frequency_text: str
    keywords: list[str] = field(default_factory=list)
    theme: str = "JUST"  # Justice, legal system and public safety

    @property
    def field_names(self) -> list[str]:
        return [name for name, _meaning in self.fields]


def _json_and_csv(name: str) -> list[Distribution]:
    return [
        Distribution(f"{name}_json", f"{name.split(':')[1]}.json", "application/json", "JSON"),
        Distribution(f"{name}_csv", f"{name.split(':')[1]}.csv", "text/csv", "CSV"),
    ]


DATASETS = [
    Dataset(
        slug="insatser",
        title=_("Crime-prevention interventions"),
        description=_(
            "The kommun's published public interventions against crime and insecurity: what, "
            "where, who is responsible, status and period."
        ),
        fields=INSATS_FIELDS,
        distributions=_json_and_csv("samverkan:insatser"),
        frequency="CONT",
        frequency_text=_("As soon as an intervention is published or changed."),
        keywords=["brottsförebyggande", "trygghet", "insatser"],
    ),
    Dataset(
        slug="aktiviteter",
        title=_("Activities residents can attend"),
        description=_(
            "Upcoming trygghetsvandringar and other public activities, as a calendar file."
        ),
        fields=KALENDER_FIELDS,
        distributions=[Distribution("samverkan:kalender_ics", "kalender.ics", "text/calendar")],
        frequency="CONT",
        frequency_text=_("As soon as an activity is published, changed or cancelled."),
        keywords=["trygghetsvandring", "kalender", "aktiviteter"],
    ),
    Dataset(
        slug="nyckeltal",
        title=_("Key figures for the kommun"),
        description=_(
            "Key figures on crime and safety year by year, with the national median where "
            "there is one."
        ),
        fields=NYCKELTAL_FIELDS,
        distributions=_json_and_csv("lagesbild:nyckeltal"),
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
        fields=OMRADESVARDE_FIELDS,
        distributions=_json_and_csv("lagesbild:omradesvarden"),
        frequency="ANNUAL",
        frequency_text=_("Yearly, when new figures or survey results are imported."),
        keywords=["trygghetsmätning", "nyckeltal", "stadsdelar"],
    ),
]


def _number(value):
    return None if value is None else float(value)


def omradesvarde_rows(request):
    values = (
        Omradesvarde.objects.public()
        .select_related("indikator", "omrade", "matning")
        .order_by("indikator__order", "indikator__code", "omrade__name", "year")
    )
    for varde in values.iterator(chunk_size=2000):
        indikator, omrade = varde.indikator, varde.omrade
        yield {
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


def nyckeltal_rows(request):
    values = Indikatorvarde.objects.select_related("indikator").order_by(
        "indikator__order", "indikator__code", "year"
    )
    for varde in values.iterator(chunk_size=2000):
        indikator = varde.indikator
        yield {
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
    "activities and key figures. Only what the public pages show."
)
