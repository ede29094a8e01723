"""Demo data that makes the annual report of this year and last year full: a police agreement
in force, insatser that started, finished and were cancelled in those years, and follow-ups
dated in them. Dates are relative to the current year; loading twice changes nothing.

It adds to the insatser of ``samverkan.demo`` and runs after it.
"""

import tomllib
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lagesbild.models import Arsbedomning
from organisation.models import Forum, Organ
from samverkan.demo import upsert_demo_insats
from samverkan.models import (
    Fokusomrade,
    Insats,
    Omrade,
    Overenskommelse,
    Uppfoljning,
)

# Focus areas of the agreement in force; the existing demo insatser are linked to them.
FOKUS = [
    (
        "barn-och-unga-i-riskzon",
        "Barn och unga i riskzon",
        "Tidiga och samordnade insatser för barn och unga som riskerar att dras in i kriminalitet.",
        ["manniskan-bakom-uniformen", "sspf", "vastbus", "faltarbete", "feriearbete", "krami"],
    ),
    (
        "trygga-offentliga-miljoer",
        "Trygga offentliga miljöer",
        "Torg, parker och gångstråk ska vara trygga att vistas i, dygnet runt.",
        [
            "trygghetsvandringar",
            "grannsamverkan",
            "boras-rent-och-snyggt",
            "krogarsamtal",
            "est-hulta-hassleholmen",
        ],
    ),
    (
        "vald-i-nara-relationer",
        "Våld i nära relationer",
        "Upptäcka våld tidigt och samordna stödet till den som är utsatt.",
        ["vald-i-nara-relationer"],
    ),
]

# slug, title, area, group, responsible, partners, områden, focus, target group, status,
# start (year offset, month, day), end (year offset, month, day) or None, visibility,
# publication, summary
INSATSER = [
    (
        "sommarlovsaktiviteter-hulta",
        "Sommarlovsaktiviteter i Hulta",
        "lokal-samverkan",
        "lokala-natverk-barn-och-unga",
        "fritids-och-folkhalsonamnden",
        ["ab-bostader", "polisen"],
        ["hulta"],
        ["barn-och-unga-i-riskzon"],
        "unga",
        "avslutad",
        (-1, 6, 15),
        (-1, 8, 16),
        "public",
        "published",
        "Kvällsaktiviteter på Hulta torg och i idrottshallen under sommarlovet.",
    ),
    (
        "foraldravandringar-norrby",
        "Föräldravandringar på Norrby",
        "lokal-samverkan",
        "lokala-omradesnatverk",
        "fritids-och-folkhalsonamnden",
        ["polisen"],
        ["norrby"],
        ["trygga-offentliga-miljoer"],
        "vuxna",
        "installd",
        (-1, 2, 1),
        (-1, 5, 31),
        "public",
        "published",
        "Vuxna vandrar fredags- och lördagskvällar där unga samlas.",
    ),
    (
        "belysning-i-gangtunnlar",
        "Bättre belysning i gångtunnlar",
        "trygga-miljoer",
        "boras-rent-och-snyggt",
        "tekniska-namnden",
        ["ab-bostader"],
        ["hassleholmen", "hulta"],
        ["trygga-offentliga-miljoer"],
        "alla",
        "avslutad",
        (-1, 9, 1),
        (0, 4, 30),
        "public",
        "published",
        "Ny belysning i de gångtunnlar som trygghetsvandringarna pekat ut som otrygga.",
    ),
    (
        "trygghetsundersokning",
        "Trygghetsundersökning i stadsdelarna",
        "trygga-miljoer",
        None,
        "cks",
        ["polisen"],
        ["hulta", "hassleholmen", "norrby", "sjobo"],
        [],
        "boende",
        "pagaende",
        (-1, 10, 1),
        None,
        "public",
        "published",
        "Enkät och dialogmöten om hur trygga invånarna känner sig, som underlag för lägesbilden.",
    ),
    (
        "foraldrastod-tonar",
        "Föräldrastöd för tonårsföräldrar",
        "barn-och-unga-i-riskzon",
        "faltarbete",
        "individ-och-familjeomsorgsnamnden",
        ["grundskolenamnden"],
        ["norrby", "hassleholmen"],
        ["barn-och-unga-i-riskzon"],
        "vuxna",
        "pagaende",
        (0, 2, 1),
        None,
        "public",
        "published",
        "Träffar för föräldrar till tonåringar om gränssättning, nätet och droger.",
    ),
    (
        "kamerabevakning-hassleholmen",
        "Utredning om kamerabevakning vid Hässleholmens centrum",
        "trygga-miljoer",
        None,
        "tekniska-namnden",
        ["polisen", "ab-bostader"],
        ["hassleholmen"],
        ["trygga-offentliga-miljoer"],
        "boende",
        "pagaende",
        (0, 3, 1),
        None,
        "internal",
        "published",
        "Intern utredning av behov och tillstånd för kamerabevakning.",
    ),
    (
        "ungdomsrad-for-trygghet",
        "Ungdomsråd för trygghet",
        "lokal-samverkan",
        "lokala-natverk-barn-och-unga",
        "fritids-och-folkhalsonamnden",
        [],
        [],
        [],
        "unga",
        "planerad",
        None,
        None,
        "public",
        "draft",
        "Utkast: unga ger råd om vad som gör deras område tryggt.",
    ),
]

# insats slug: (year offset, month, day, what was done, result, participants, places, public)
FOLLOWUPS = {
    "trygghetsvandringar": [
        (
            -1,
            4,
            22,
            "Trygghetsvandring i Hulta med boende, polis och AB Bostäder.",
            "Sex platser noterades; buskage vid skolan röjdes inom två veckor.",
            11,
            6,
            True,
        ),
        (
            -1,
            10,
            7,
            "Trygghetsvandring på Norrby.",
            "Belysningen vid gångtunneln mot centrum anmäldes till Tekniska förvaltningen.",
            16,
            8,
            True,
        ),
        (0, 3, 18, "Trygghetsvandring på Sjöbo.", "Fyra platser noterades.", 12, 4, True),
    ],
    "grannsamverkan": [
        (
            -1,
            5,
            12,
            "Informationsträff om grannsamverkan i Brämhult.",
            "Tre nya grupper startade.",
            34,
            None,
            True,
        ),
    ],
    "feriearbete": [
        (
            -1,
            8,
            29,
            "Sommarens feriearbete genomfört.",
            "398 ungdomar hade feriearbete i kommunens verksamheter och hos partner.",
            398,
            None,
            True,
        ),
    ],
    "sommarlovsaktiviteter-hulta": [
        (
            -1,
            8,
            20,
            "Aktiviteter fem kvällar i veckan under sju veckor.",
            "Omkring 650 besök; polisen rapporterade färre ordningsstörningar än sommaren innan.",
            650,
            None,
            True,
        ),
    ],
    "foraldravandringar-norrby": [
        (
            -1,
            5,
            31,
            "Insatsen ställdes in efter fyra vandringar.",
            "För få vuxna anmälde sig; arbetet förs över till områdesnätverket.",
            6,
            None,
            True,
        ),
    ],
    "belysning-i-gangtunnlar": [
        (
            -1,
            11,
            14,
            "Inventering av 14 gångtunnlar tillsammans med AB Bostäder.",
            "Nio tunnlar behöver ny belysning.",
            None,
            14,
            True,
        ),
        (0, 4, 30, "Belysningen bytt i nio gångtunnlar.", "Arbetet är klart.", None, 9, True),
    ],
    "est-hulta-hassleholmen": [
        (
            -1,
            6,
            2,
            "Halvårsavstämning av den veckovisa lägesbilden.",
            "Skadegörelse vid centrumanläggningen minskade efter snabbare sanering.",
            None,
            None,
            True,
        ),
        (
            -1,
            12,
            1,
            "Helårsavstämning med partnerna.",
            "Samlingar av unga vid busshållplatsen flyttade när fältarbetet ökade.",
            None,
            None,
            True,
        ),
    ],
    "krogarsamtal": [
        (
            -1,
            9,
            16,
            "Utbildning i ansvarsfull alkoholservering.",
            "32 serveringsanställda utbildades.",
            32,
            None,
            True,
        ),
    ],
    "sspf": [
        (
            -1,
            11,
            20,
            "Intern avstämning av ärendeflödet mellan skola och socialtjänst.",
            "Rutinen för orosanmälan förtydligas.",
            None,
            None,
            False,
        ),
    ],
    "vald-i-nara-relationer": [
        (-1, 6, 10, "Intern genomgång av samordningsrutinen.", "", None, None, False),
    ],
    "trygghetsundersokning": [
        (
            0,
            2,
            15,
            "Enkäten besvarad av 1 240 invånare.",
            "Otryggheten störst kvällstid vid busshållplatser och i gångtunnlar.",
            1240,
            None,
            True,
        ),
    ],
    "foraldrastod-tonar": [
        (
            0,
            5,
            20,
            "Första omgången med sex träffar avslutad.",
            "18 föräldrar deltog; alla ville fortsätta i en nätverksgrupp.",
            18,
            None,
            True,
        ),
    ],
    "kamerabevakning-hassleholmen": [
        (0, 6, 1, "Behovsanalys klar tillsammans med polisen.", "", None, None, False),
    ],
}


def _day(year: int, offset_month_day) -> date | None:
    if offset_month_day is None:
        return None
    offset, month, day = offset_month_day
    return date(year + offset, month, day)


@transaction.atomic
def load_demo_arsuppfoljning() -> int:
    """Create or update the demo data of the annual report; returns the insatser added."""
    year = timezone.localdate().year
    organ = {o.slug: o for o in Organ.objects.all()}
    omraden = {o.slug: o for o in Omrade.objects.all()}

    agreement, _created = Overenskommelse.objects.update_or_create(
        slug=f"samverkansoverenskommelse-{year - 2}-{year}",
        defaults={
            # Invented: the real agreement after 2021–2023 is not in the source documents.
            "name": "Exempel: Samverkansöverenskommelse mellan Polismyndigheten och Borås Stad "
            f"{year - 2}–{year}",
            "summary": "Exempeldata. Kommunen och Polisen samverkar för att öka tryggheten och minska "
            "brottsligheten, med tre fokusområden som följs upp varje år.",
            "description": "",
            "period_start": date(year - 2, 1, 1),
            "period_end": date(year, 12, 31),
        },
    )
    agreement.parties.set([organ["polisen"], organ["kommunstyrelsen"]])
    agreement.forums.set(Forum.objects.filter(slug__in=["bra", "drogpolitiska-ledningsgruppen"]))
    fokus = {}
    for order, (slug, name, description, _insatser) in enumerate(FOKUS):
        fokus[slug], _created = Fokusomrade.objects.update_or_create(
            slug=f"{slug}-{year - 2}",
            defaults={
                "overenskommelse": agreement,
                "name": name,
                "description": description,
                "order": order,
            },
        )

    for (
        slug,
        title,
        area,
        group,
        responsible,
        partners,
        places,
        focus,
        target,
        status,
        start,
        end,
        visibility,
        publication,
        summary,
    ) in INSATSER:
        insats, _created = upsert_demo_insats(
            slug=slug,
            title=title,
            area=area,
            group=group,
            responsible=organ[responsible],
            partners=[organ[p] for p in partners],
            places=[omraden[o] for o in places],
            target=target,
            status=status,
            start=_day(year, start),
            end=_day(year, end),
            visibility=visibility,
            publication=publication,
            summary=summary,
        )
        insats.fokusomraden.add(*[fokus[f] for f in focus])

    for slug, _name, _description, insats_slugs in FOKUS:
        for insats in Insats.objects.filter(slug__in=insats_slugs):
            insats.fokusomraden.add(fokus[slug])

    insatser = {i.slug: i for i in Insats.objects.filter(slug__in=FOLLOWUPS)}
    for slug, entries in FOLLOWUPS.items():
        for offset, month, day, done, result, participants, places, public in entries:
            Uppfoljning.objects.get_or_create(
                insats=insatser[slug],
                date=date(year + offset, month, day),
                done=done,
                defaults={
                    "result": result,
                    "participants": participants,
                    "places_visited": places,
                    "is_public": public,
                },
            )
    load_demo_arsbedomning()
    return len(INSATSER)


ASSESSMENT_FILE = Path(__file__).resolve().parent / "data" / "arsbedomning_demo.toml"


def load_demo_arsbedomning(path: Path = ASSESSMENT_FILE) -> int:
    """The analyst's demo texts of last year and this year, as drafts; returns the count."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    year = timezone.localdate().year
    for entry in data["bedomning"]:
        values = {name: entry[name].strip() for name in Arsbedomning.TEXT_FIELDS}
        Arsbedomning.objects.update_or_create(year=year + entry["year_offset"], defaults=values)
    return len(data["bedomning"])
