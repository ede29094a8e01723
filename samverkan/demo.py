"""Borås demo insatser, drawn from the seed documents. Loaded by ``manage.py load_demo``.

Dates of follow-ups and activities are relative to the day of loading, so the
calendar always has upcoming activities and the workspace has something overdue.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from organisation.models import Forum, Mote, Organ
from samverkan.models import (
    Aktivitet,
    Fokusomrade,
    Insats,
    Omrade,
    Overenskommelse,
    Samverkansgrupp,
    Samverkansomrade,
    Uppfoljning,
)

AGREEMENTS = [
    {
        "slug": "samverkansoverenskommelse-2021-2023",
        "name": "Samverkansöverenskommelse mellan Polismyndigheten och Borås Stad 2021–2023",
        "summary": "Överenskommelsen ligger till grund för det operativa brottsförebyggande arbetet i "
        "Borås. Det gemensamma målet är att öka tryggheten och minska brottsligheten.",
        "description": "Arbetet bedrivs i olika forum för samverkan. Primärt är det "
        "Brottsförebyggande rådet och den Drogpolitiska ledningsgruppen som prioriterar, initierar "
        "och samordnar övergripande och strategiska insatser. Lägesbilder tas fram utifrån "
        "samverkansområdena och ligger till grund för prioriteringarna.",
        "start": date(2021, 1, 1),
        "end": date(2023, 12, 31),
        "fokus": [
            (
                "barn-och-unga-i-riskzon-2021",
                "Barn och unga i riskzon",
                "Förhindra negativ utveckling hos ungdomar som befinner sig i riskzon för "
                "problemutveckling och kriminalitet.",
            ),
            (
                "trygga-offentliga-miljoer-2021",
                "Trygga offentliga miljöer",
                "Stadens torg och parker ska vara trygga och tillgängliga platser för invånare och "
                "besökare.",
            ),
            (
                "kraftsamla-dar-behoven-ar-storst-2021",
                "Kraftsamla där behoven är som störst",
                "Gemensamma kraftsamlingar på områden, företeelser och trender där behoven är som "
                "störst.",
            ),
        ],
    },
    {
        "slug": "samverkansoverenskommelse-2018-2020",
        "name": "Samverkansöverenskommelse mellan Polismyndigheten och Borås Stad 2018–2020",
        "summary": "Överenskommelsen som undertecknades i början av 2018, med tre huvudspår.",
        "description": "",
        "start": date(2018, 1, 1),
        "end": date(2020, 12, 31),
        "fokus": [
            ("barn-och-unga-i-riskzonen-2018", "Barn och unga i riskzonen", ""),
            ("trygga-fysiska-miljoer-2018", "Trygga fysiska miljöer", ""),
            ("kraftsamla-dar-behoven-ar-storst-2018", "Kraftsamla där behoven är som störst", ""),
        ],
    },
]

F_UNGA, F_MILJO, F_KRAFT = (
    "barn-och-unga-i-riskzon-2021",
    "trygga-offentliga-miljoer-2021",
    "kraftsamla-dar-behoven-ar-storst-2021",
)

# slug, title, area, group, responsible, partners, områden, fokus, target, status, start,
# end, visibility, publication, summary, description
INSATSER = [
    (
        "trygghetsvandringar",
        "Trygghetsvandringar",
        "lokal-samverkan",
        "lokala-omradesnatverk",
        "fritids-och-folkhalsonamnden",
        ["polisen", "ab-bostader", "tekniska-namnden"],
        ["hulta", "hassleholmen", "norrby", "sjobo"],
        [F_MILJO],
        "boende",
        "pagaende",
        date(2019, 3, 1),
        None,
        "public",
        "published",
        "Boende, polis, bostadsbolag och kommun går tillsammans genom området och noterar "
        "platser som upplevs otrygga.",
        "Under en trygghetsvandring går vi tillsammans med dig som bor i området och tittar på "
        "belysning, buskage, skräp och annat som påverkar hur trygg du känner dig.\n\n"
        "Det som kommer fram lämnas till den som ansvarar, till exempel **Tekniska nämnden** "
        "eller **AB Bostäder**, och följs upp i områdesnätverket.",
    ),
    (
        "grannsamverkan",
        "Grannsamverkan",
        "lokal-samverkan",
        "lokala-omradesnatverk",
        "fritids-och-folkhalsonamnden",
        ["polisen", "ab-bostader"],
        ["hassleholmen", "bramhult"],
        [F_MILJO],
        "boende",
        "pagaende",
        date(2017, 9, 1),
        None,
        "public",
        "published",
        "Grannar håller uppsikt över varandras bostäder för att förebygga inbrott och stölder, "
        "nu även i flerfamiljshus på Hässleholmen.",
        "Grannsamverkan är en av de åtgärder som förebygger stöld- och tillgreppsbrott. Tack vare "
        "samverkan med AB Bostäder och Polisen har arbetet startats även i flerfamiljshus på "
        "Hässleholmen.",
    ),
    (
        "manniskan-bakom-uniformen",
        "Människan bakom uniformen (MBU)",
        "lokal-samverkan",
        "lokala-natverk-barn-och-unga",
        "fritids-och-folkhalsonamnden",
        ["polisen", "raddningstjansten"],
        ["hulta", "norrby"],
        [F_UNGA],
        "unga",
        "pagaende",
        date(2018, 9, 1),
        None,
        "public",
        "published",
        "Unga möter poliser, brandmän och andra i uniform för att bygga förtroende.",
        "Ungdomar och yrkesverksamma i uniform träffas under avslappnade former, till exempel "
        "genom idrott eller matlagning.",
    ),
    (
        "sspf",
        "SSPF – skola, socialtjänst, polis och fritid",
        "barn-och-unga-i-riskzon",
        "sspf",
        "individ-och-familjeomsorgsnamnden",
        ["polisen", "grundskolenamnden", "fritids-och-folkhalsonamnden"],
        [],
        [F_UNGA],
        "unga",
        "pagaende",
        date(2018, 1, 15),
        None,
        "public",
        "published",
        "Skola, socialtjänst, polis och fritid samverkar kring unga som riskerar att hamna i "
        "kriminalitet.",
        "Arbetet följer de riktlinjer för samverkan mellan skola, socialtjänst, polis och "
        "fritidsverksamhet som tagits fram tillsammans med berörda parter.",
    ),
    (
        "vastbus",
        "Västbus",
        "barn-och-unga-i-riskzon",
        "vastbus",
        "individ-och-familjeomsorgsnamnden",
        ["vastra-gotalandsregionen"],
        [],
        [F_UNGA],
        "barn",
        "pagaende",
        date(2017, 1, 1),
        None,
        "public",
        "published",
        "Gemensamma riktlinjer för kommun och region kring barn och unga med sammansatt "
        "problematik.",
        "",
    ),
    (
        "faltarbete",
        "Fältarbete",
        "barn-och-unga-i-riskzon",
        "faltarbete",
        "individ-och-familjeomsorgsnamnden",
        ["polisen"],
        ["centrum", "hulta", "norrby"],
        [F_UNGA],
        "unga",
        "pagaende",
        date(2017, 1, 1),
        None,
        "public",
        "published",
        "Fältarbetare finns där unga är, kvällar och helger, och fångar upp dem som behöver stöd.",
        "",
    ),
    (
        "suicidprevention",
        "Suicidprevention för äldre",
        "trygg-och-saker-vard-och-omsorg",
        "forebyggande-enheten",
        "vard-och-aldrenamnden",
        ["vastra-gotalandsregionen"],
        [],
        [],
        "aldre",
        "pagaende",
        date(2019, 2, 1),
        None,
        "public",
        "published",
        "Utbildning av personal och uppsökande arbete för att upptäcka och förebygga psykisk "
        "ohälsa och självmord bland äldre.",
        "",
    ),
    (
        "schyssta-relationer",
        "Schyssta relationer",
        "trygg-och-saker-vard-och-omsorg",
        "forebyggande-enheten",
        "vard-och-aldrenamnden",
        [],
        [],
        [],
        "aldre",
        "planerad",
        None,
        None,
        "public",
        "draft",
        "Samtalsgrupper om relationer och våld för äldre och deras närstående.",
        "",
    ),
    (
        "feriearbete",
        "Feriearbete",
        "arbete-och-utbildning",
        "feriearbete",
        "arbetslivsnamnden",
        ["ab-bostader"],
        [],
        [F_UNGA],
        "unga",
        "pagaende",
        date(2017, 6, 1),
        None,
        "public",
        "published",
        "Sommarjobb för ungdomar i kommunens verksamheter och hos partner.",
        "",
    ),
    (
        "krami",
        "KRAMI",
        "arbete-och-utbildning",
        "krami",
        "arbetslivsnamnden",
        ["polisen"],
        [],
        [F_UNGA],
        "vuxna",
        "pagaende",
        date(2017, 1, 1),
        None,
        "public",
        "published",
        "Samverkan mellan Kriminalvården, Arbetsförmedlingen och kommunen för att personer som "
        "lämnat kriminalitet ska få arbete.",
        "",
    ),
    (
        "vald-i-nara-relationer",
        "Våld i nära relationer – samordning",
        "arbete-och-utbildning",
        "vald-i-nara-relationer",
        "arbetslivsnamnden",
        ["polisen", "individ-och-familjeomsorgsnamnden"],
        [],
        [],
        "vuxna",
        "pagaende",
        date(2018, 1, 1),
        None,
        "internal",
        "published",
        "Intern samordning av kommunens arbete mot våld i nära relationer.",
        "Intern arbetsgrupp: ärendedragningar och rutiner hanteras här, inte på de öppna sidorna.",
    ),
    (
        "boras-rent-och-snyggt",
        "Borås rent och snyggt",
        "trygga-miljoer",
        "boras-rent-och-snyggt",
        "tekniska-namnden",
        ["ab-bostader"],
        ["centrum", "hassleholmen", "hulta"],
        [F_MILJO],
        "alla",
        "pagaende",
        date(2017, 4, 1),
        None,
        "public",
        "published",
        "Städinsatser och snabb klottersanering, eftersom skräp drar till sig mer skräp och "
        "skadegörelse.",
        "",
    ),
    (
        "trafikdialog",
        "Trafikdialog i bostadsområden",
        "trygga-miljoer",
        "boras-rent-och-snyggt",
        "tekniska-namnden",
        [],
        ["sjobo", "trandared", "dalsjofors"],
        [F_MILJO],
        "boende",
        "pagaende",
        date(2020, 5, 1),
        None,
        "public",
        "published",
        "Dialog med invånare om trafiksituationen för säkrare och tryggare bostadsområden.",
        "",
    ),
    (
        "est-hulta-hassleholmen",
        "EST – Effektiv samordning för trygghet i Hulta och Hässleholmen",
        "trygga-miljoer",
        None,
        "tekniska-namnden",
        ["polisen", "ab-bostader", "cks"],
        ["hulta", "hassleholmen"],
        [F_MILJO, F_KRAFT],
        "boende",
        "pagaende",
        date(2017, 3, 1),
        None,
        "public",
        "published",
        "Polis, bostadsbolag och kommun delar varje vecka en lägesbild över händelser per plats och "
        "sätter in åtgärder snabbt.",
        "",
    ),
    (
        "sakerhetsnalen",
        "Säkerhetsnålen",
        "trygg-och-saker-vard-och-omsorg",
        "forebyggande-enheten",
        "vard-och-aldrenamnden",
        ["polisen", "raddningstjansten"],
        [],
        [F_MILJO],
        "aldre",
        "pagaende",
        date(2019, 9, 1),
        None,
        "public",
        "published",
        "Information till äldre om bedrägerier, brandsäkerhet och fallolyckor.",
        "",
    ),
    (
        "halsosamt-aldrande",
        "Hälsosamt åldrande",
        "trygg-och-saker-vard-och-omsorg",
        "forebyggande-enheten",
        "vard-och-aldrenamnden",
        ["vastra-gotalandsregionen"],
        [],
        [],
        "aldre",
        "pagaende",
        date(2020, 1, 1),
        None,
        "public",
        "published",
        "Förebyggande hembesök och träffar om hälsa och trygghet för äldre.",
        "",
    ),
    (
        "krogarsamtal",
        "Krögarsamtal och ansvarsfull alkoholservering",
        "trygga-miljoer",
        None,
        "miljo-och-konsumentnamnden",
        ["polisen", "boras-city"],
        ["centrum"],
        [F_MILJO],
        "naringsliv",
        "pagaende",
        date(2017, 1, 1),
        None,
        "public",
        "published",
        "Samtal med krögare och utbildning i ansvarsfull alkoholservering mot våld i nöjeslivet.",
        "Många våldsbrott är kopplade till stadskärnan och nöjeslivet under helgerna.",
    ),
    (
        "individanpassat-brandskydd",
        "Individanpassat brandskydd",
        "trygg-och-saker-vard-och-omsorg",
        "forebyggande-enheten",
        "vard-och-aldrenamnden",
        ["raddningstjansten"],
        [],
        [],
        "aldre",
        "pagaende",
        date(2016, 1, 1),
        None,
        "public",
        "published",
        "Anpassat brandskydd hos personer med förhöjd risk att drabbas av brand.",
        "",
    ),
    (
        "72-timmar",
        "72 timmar – unga förbereder sig för kris",
        "lokal-samverkan",
        "lokala-natverk-barn-och-unga",
        "kommunstyrelsen",
        ["raddningstjansten"],
        [],
        [],
        "unga",
        "avslutad",
        date(2018, 2, 1),
        date(2018, 12, 15),
        "public",
        "published",
        "Utbildning och information om hur man klarar sig själv i 72 timmar vid en kris.",
        "",
    ),
    (
        "ortsradsdialog-fristad",
        "Dialogmöten med ortsrådet i Fristad",
        "lokal-samverkan",
        "ortsrad",
        "fritids-och-folkhalsonamnden",
        [],
        ["fristad"],
        [],
        "boende",
        "planerad",
        None,
        None,
        "public",
        "draft",
        "Utkast: dialogmöten om trygghet tillsammans med ortsrådet.",
        "",
    ),
]

FOLLOWUPS = {
    "trygghetsvandringar": [
        (
            20,
            "Trygghetsvandring på Hässleholmen med 14 boende, polis och AB Bostäder.",
            "Sju platser noterades; belysningen vid gångtunneln åtgärdas av Tekniska förvaltningen.",
            14,
            7,
            True,
        ),
        (75, "Trygghetsvandring i Hulta.", "Buskage vid skolan röjs, klotter sanerat.", 9, 5, True),
        (40, "Intern avstämning av vandringsrutinen med områdesnätverket.", "", None, None, False),
    ],
    "grannsamverkan": [
        (
            30,
            "Uppstartsmöte i två nya trappuppgångar på Hässleholmen.",
            "Två nya grannsamverkansgrupper bildade.",
            22,
            None,
            True,
        )
    ],
    "est-hulta-hassleholmen": [
        (
            7,
            "Veckovis lägesbild sammanställd tillsammans med partnerna.",
            "Färre rapporterade händelser av skadegörelse än föregående månad.",
            None,
            None,
            True,
        )
    ],
    "feriearbete": [
        (120, "Sommarens feriearbete genomfört.", "412 ungdomar fick feriearbete.", 412, None, True)
    ],
    "boras-rent-och-snyggt": [(200, "Vårstädning i centrum och på Hässleholmen.", "", 60, 4, True)],
}

ACTIVITIES = {
    "trygghetsvandringar": [
        ("Trygghetsvandring i Hulta", 11, "18:00", "19:30", "Hulta torg", "hulta"),
        (
            "Trygghetsvandring på Hässleholmen",
            25,
            "18:00",
            "19:30",
            "Hässleholmens centrum, vid biblioteket",
            "hassleholmen",
        ),
        ("Trygghetsvandring på Norrby", 40, "17:30", "19:00", "Norrby torg", "norrby"),
    ],
    "grannsamverkan": [
        (
            "Informationsträff om grannsamverkan",
            18,
            "18:30",
            "20:00",
            "Brämhults bibliotek",
            "bramhult",
        )
    ],
    "trafikdialog": [("Trafikdialog i Sjöbo", 30, "18:00", "19:30", "Sjöbo träffpunkt", "sjobo")],
    "sakerhetsnalen": [
        (
            "Säkerhetsnålen – träff om bedrägerier",
            14,
            "14:00",
            "15:30",
            "Träffpunkt Simonsland",
            "centrum",
        )
    ],
    "ortsradsdialog-fristad": [
        ("Dialogmöte i Fristad", 21, "18:00", "20:00", "Fristad folkets hus", "fristad")
    ],
}


def _at(days_from_today: int, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    day = timezone.localdate() + timedelta(days=days_from_today)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def upsert_demo_insats(
    *,
    slug: str,
    title: str,
    area: str,
    group: str | None,
    responsible: Organ,
    partners: list[Organ],
    places: list[Omrade],
    target: str,
    status: str,
    start: date | None,
    end: date | None,
    visibility: str,
    publication: str,
    summary: str,
    description: str = "",
) -> tuple[Insats, bool]:
    """Create or update one demo insats by its slug, with its partners and places."""
    insats, created = Insats.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title,
            "samverkansomrade": Samverkansomrade.objects.get(slug=area),
            "grupp": Samverkansgrupp.objects.get(slug=group) if group else None,
            "responsible": responsible,
            "target_group": target,
            "status": status,
            "start_date": start,
            "end_date": end,
            "visibility": visibility,
            "publication": publication,
            "summary": summary,
            "description": description,
            "contact": f"Samordnare, {responsible.name}",
            "contact_email": "sakerochtrygg@example.org",
            "published_at": timezone.now() if publication == "published" else None,
        },
    )
    insats.partners.set(partners)
    insats.omraden.set(places)
    return insats, created


def load_demo_insatser() -> int:
    """Create or update the demo agreements and insatser; children are added once."""
    organ = {o.slug: o for o in Organ.objects.all()}
    omraden = {o.slug: o for o in Omrade.objects.all()}
    for agreement_data in AGREEMENTS:
        agreement, _created = Overenskommelse.objects.update_or_create(
            slug=agreement_data["slug"],
            defaults={
                "name": agreement_data["name"],
                "summary": agreement_data["summary"],
                "description": agreement_data["description"],
                "period_start": agreement_data["start"],
                "period_end": agreement_data["end"],
            },
        )
        agreement.parties.set([organ["polisen"], organ["kommunstyrelsen"]])
        agreement.forums.set(
            Forum.objects.filter(slug__in=["bra", "drogpolitiska-ledningsgruppen"])
        )
        for order, (slug, name, description) in enumerate(agreement_data["fokus"]):
            Fokusomrade.objects.update_or_create(
                slug=slug,
                defaults={
                    "overenskommelse": agreement,
                    "name": name,
                    "description": description,
                    "order": order,
                },
            )
    fokus = {f.slug: f for f in Fokusomrade.objects.all()}

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
        description,
    ) in INSATSER:
        insats, created = upsert_demo_insats(
            slug=slug,
            title=title,
            area=area,
            group=group,
            responsible=organ[responsible],
            partners=[organ[p] for p in partners],
            places=[omraden[o] for o in places],
            target=target,
            status=status,
            start=start,
            end=end,
            visibility=visibility,
            publication=publication,
            summary=summary,
            description=description,
        )
        insats.fokusomraden.set([fokus[f] for f in focus])
        if created:
            for days_ago, done, result, participants, places_visited, public in FOLLOWUPS.get(
                slug, []
            ):
                Uppfoljning.objects.create(
                    insats=insats,
                    date=timezone.localdate() - timedelta(days=days_ago),
                    done=done,
                    result=result,
                    participants=participants,
                    places_visited=places_visited,
                    is_public=public,
                )
            for name, in_days, starts, ends, point, place in ACTIVITIES.get(slug, []):
                Aktivitet.objects.create(
                    insats=insats,
                    title=name,
                    starts_at=_at(in_days, starts),
                    ends_at=_at(in_days, ends),
                    meeting_point=point,
                    omrade=omraden[place],
                )
    return len(INSATSER)


# Meetings of the forums: title (the key that keeps reloading idempotent), forum, kind,
# when (a fixed date last year or days from today), hours, status, minutes published,
# agenda (heading, insats slug), decisions (text, responsible, days from today, done).
_LAST_YEAR = "last_year"
BRA_ATTENDING = [
    "fritids-och-folkhalsonamnden",
    "individ-och-familjeomsorgsnamnden",
    "grundskolenamnden",
    "polisen",
    "ab-bostader",
    "cks",
]
MOTEN = [
    (
        "Vårens utvecklingsdag",
        "strategisk-utvecklingsgrupp",
        "heldag",
        (_LAST_YEAR, 3, 12),
        ("09:00", "16:00"),
        "genomfort",
        True,
        [
            ("Lägesbild för kommunen", None),
            ("Prioriteringar inför samverkansöverenskommelsen", None),
        ],
        [
            (
                "Brå tar fram ett förslag till prioriterade problem till höstens utvecklingsdag.",
                "fritids-och-folkhalsonamnden",
                (_LAST_YEAR, 9, 30),
                True,
            )
        ],
    ),
    (
        "Höstens utvecklingsdag",
        "strategisk-utvecklingsgrupp",
        "heldag",
        (_LAST_YEAR, 10, 8),
        ("09:00", "16:00"),
        "genomfort",
        True,
        [("Uppföljning av insatserna", None), ("Åtgärdsplan för nästa år", None)],
        [],
    ),
    (
        "Brå halvdag februari",
        "bra",
        "halvdag",
        (_LAST_YEAR, 2, 20),
        ("08:30", "12:00"),
        "genomfort",
        True,
        [
            ("Fastställande av lägesbilden för kommunen", None),
            ("Trygghetsvandringar under våren", "trygghetsvandringar"),
        ],
        [],
    ),
    (
        "Brå halvdag maj",
        "bra",
        "halvdag",
        (_LAST_YEAR, 5, 20),
        ("08:30", "12:00"),
        "genomfort",
        True,
        [("Sommarens insatser för unga", "sspf"), ("Krögarsamtal", "krogarsamtal")],
        [],
    ),
    (
        "Brå halvdag november",
        "bra",
        "halvdag",
        (_LAST_YEAR, 11, 11),
        ("08:30", "12:00"),
        "genomfort",
        True,
        [("Årets uppföljning till Kommunstyrelsen", None)],
        [],
    ),
    (
        "Fokus: EST i Hulta och Hässleholmen",
        "bra",
        "fokusmote",
        (_LAST_YEAR, 3, 4),
        ("13:00", "15:00"),
        "genomfort",
        True,
        [("Veckans händelser i EST", "est-hulta-hassleholmen")],
        [],
    ),
    (
        "Fokus: trygghet i centrum",
        "bra",
        "fokusmote",
        (_LAST_YEAR, 4, 15),
        ("13:00", "15:00"),
        "genomfort",
        True,
        [("Krögarsamtal och nattvandring", "krogarsamtal")],
        [],
    ),
    (
        "Fokus: barn och unga i riskzon",
        "bra",
        "fokusmote",
        (_LAST_YEAR, 9, 9),
        ("13:00", "15:00"),
        "genomfort",
        True,
        [("SSPF-ärenden i anonymiserad form", "sspf")],
        [],
    ),
    (
        "Fokus: våld i nära relationer",
        "bra",
        "fokusmote",
        (_LAST_YEAR, 12, 2),
        ("13:00", "15:00"),
        "genomfort",
        True,
        [("Kunskapsläget", "vald-i-nara-relationer")],
        [],
    ),
    (
        "Drogpolitiska ledningsgruppen våren",
        "drogpolitiska-ledningsgruppen",
        "ovrigt",
        (_LAST_YEAR, 4, 2),
        ("10:00", "12:00"),
        "genomfort",
        False,
        [("Narkotikaläget i skolorna", None)],
        [],
    ),
    (
        "Drogpolitiska ledningsgruppen hösten",
        "drogpolitiska-ledningsgruppen",
        "ovrigt",
        (_LAST_YEAR, 10, 21),
        ("10:00", "12:00"),
        "genomfort",
        False,
        [("Tillsyn av serveringstillstånd", None)],
        [],
    ),
    (
        "Utvecklingsdag i våras",
        "strategisk-utvecklingsgrupp",
        "heldag",
        -200,
        ("09:00", "16:00"),
        "genomfort",
        True,
        [
            ("Samverkansöverenskommelsen med Polisen", None),
            ("Lag (2023:196): lägesbild och åtgärdsplan", None),
        ],
        [
            (
                "Stadsledningskansliet tar fram en åtgärdsplan utifrån lägesbilden.",
                "stadsledningskansliet",
                -60,
                True,
            )
        ],
    ),
    (
        "Utvecklingsdag i december",
        "strategisk-utvecklingsgrupp",
        "heldag",
        11,
        ("09:00", "16:00"),
        "planerat",
        False,
        [("Årsuppföljning till Kommunstyrelsen", None), ("Prioriteringar för nästa år", None)],
        [],
    ),
    (
        "Brå första halvdagen",
        "bra",
        "halvdag",
        -250,
        ("08:30", "12:00"),
        "genomfort",
        True,
        [("Lägesbild från CKS", None), ("Grannsamverkan", "grannsamverkan")],
        [],
    ),
    (
        "Brå andra halvdagen",
        "bra",
        "halvdag",
        -110,
        ("08:30", "12:00"),
        "genomfort",
        True,
        [
            ("EST i Hulta och Hässleholmen", "est-hulta-hassleholmen"),
            ("Trygghetsvandringar", "trygghetsvandringar"),
        ],
        [
            (
                "Tekniska förvaltningen återkommer om belysningen vid Hulta torg.",
                "tekniska-namnden",
                -30,
                False,
            ),
            ("AB Bostäder redovisar klottersaneringen i Hässleholmen.", "ab-bostader", 20, False),
        ],
    ),
    (
        "Brå tredje halvdagen",
        "bra",
        "halvdag",
        10,
        ("08:30", "12:00"),
        "planerat",
        False,
        [("Årets uppföljning", None)],
        [],
    ),
    (
        "Fokus: trygghetsvandringar",
        "bra",
        "fokusmote",
        -230,
        ("13:00", "15:00"),
        "genomfort",
        True,
        [("Planering av vårens vandringar", "trygghetsvandringar")],
        [],
    ),
    (
        "Fokus: sommarlov",
        "bra",
        "fokusmote",
        -170,
        ("13:00", "15:00"),
        "genomfort",
        True,
        [("Feriearbete och fältarbete", "feriearbete")],
        [],
    ),
    (
        "Fokus: krogen och natten",
        "bra",
        "fokusmote",
        -60,
        ("13:00", "15:00"),
        "genomfort",
        False,
        [("Krögarsamtal", "krogarsamtal")],
        [],
    ),
    (
        "Fokus: äldres trygghet",
        "bra",
        "fokusmote",
        25,
        ("13:00", "15:00"),
        "planerat",
        False,
        [("Säkerhetsnålen", "sakerhetsnalen")],
        [],
    ),
    (
        "Drogpolitiska ledningsgruppen i år",
        "drogpolitiska-ledningsgruppen",
        "ovrigt",
        -90,
        ("10:00", "12:00"),
        "genomfort",
        False,
        [("Uppföljning av ANDT-arbetet", None)],
        [],
    ),
]

MINUTES = (
    "## Närvarande\n\nSe listan över deltagande organ.\n\n"
    "## Genomgång\n\n"
    "- Läget redovisades av respektive förvaltning och Polisen.\n"
    "- Insatserna på dagordningen följdes upp.\n\n"
    "## Nästa steg\n\nPunkterna följs upp på nästa möte."
)


def _meeting_day(when) -> date:
    if isinstance(when, tuple):
        _marker, month, day = when
        return date(timezone.localdate().year - 1, month, day)
    return timezone.localdate() + timedelta(days=when)


def load_demo_moten() -> int:
    """Create or update the demo meetings; agenda and decisions are added once."""
    organ = {o.slug: o for o in Organ.objects.all()}
    insatser = {i.slug: i for i in Insats.objects.all()}
    for title, forum_slug, kind, when, (
        starts,
        ends,
    ), status, published, agenda, decisions in MOTEN:
        forum = Forum.objects.get(slug=forum_slug)
        day = _meeting_day(when)
        start = timezone.make_aware(datetime.combine(day, time(*map(int, starts.split(":")))))
        end = timezone.make_aware(datetime.combine(day, time(*map(int, ends.split(":")))))
        held = status == Mote.Status.HELD
        mote, created = Mote.objects.update_or_create(
            forum=forum,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": start,
                "ends_at": end,
                "place": "Stadshuset, Borås" if kind != "fokusmote" else "Digitalt möte",
                "status": status,
                "is_public": forum.is_public,
                "minutes": MINUTES if held else "",
                "minutes_published_at": end if published and forum.is_public else None,
            },
        )
        if not created:
            continue
        for order, (heading, insats_slug) in enumerate(agenda, start=1):
            mote.agenda_items.create(order=order, heading=heading, insats=insatser.get(insats_slug))
        if held:
            mote.attended_by.set(
                [organ[slug] for slug in BRA_ATTENDING]
                if forum_slug == "bra"
                else [p.organ for p in forum.participations.select_related("organ")]
            )
        for text, responsible, due, done in decisions:
            mote.decisions.create(
                text=text, responsible=organ[responsible], due_date=_meeting_day(due), done=done
            )
    return len(MOTEN)
