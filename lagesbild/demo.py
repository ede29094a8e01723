"""Borås demo lägesbilder and an åtgärdsplan, drawn from the seed documents.

Years are relative to the day of loading: the kommun-wide lägesbild of last year is
fastställd by Brå with its summary published, a second version of it is a draft, the
year before is there to compare with, and the åtgärdsplan answers last year's problems
with the demo insatser, leaving one problem unanswered. Rows are only ever created, so
loading again changes nothing, and fastställda rows are never touched.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from lagesbild.demo_kedja import load_demo_documents, load_demo_positions
from lagesbild.models import Atgard, Atgardsplan, Lagesbild, Problem
from lagesbild.services import copy_as_new_version
from organisation.models import Forum, Mote, Organ
from samverkan.models import Insats, Omrade, Samverkansomrade


@dataclass(frozen=True)
class DemoProblem:
    title: str
    description: str
    owner: str
    public: bool = True
    place: str = ""
    omrade: str = ""
    time_pattern: str = ""


VALD_I_STADSKARNAN = DemoProblem(
    "Våld i stadskärnan kvällar och helger",
    "Många våldsbrott sker i stadskärnan i samband med nöjeslivet, främst under helgerna. "
    "Alkohol är ofta inblandat.",
    "polisen",
    place="Stadskärnan, kring krogar och resecentrum",
    omrade="centrum",
    time_pattern="Fredag och lördag, kväll och natt",
)
UNGA_I_RISKZON = DemoProblem(
    "Unga i riskzon för kriminalitet",
    "Ungdomar som riskerar att utveckla ett kriminellt beteende och att rekryteras till "
    "kriminella nätverk.",
    "individ-och-familjeomsorgsnamnden",
    place="Hela kommunen",
)
STOLD = DemoProblem(
    "Stöld- och tillgreppsbrott, bland annat bostadsinbrott",
    "Stöld- och tillgreppsbrotten ligger över rikets median.",
    "polisen",
    place="Bostadsområden",
)
OTRYGGA_PLATSER = DemoProblem(
    "Skadegörelse, nedskräpning och otrygga platser i Hulta och Hässleholmen",
    "EST-rapporterna och trygghetsvandringarna visar återkommande skadegörelse, nedskräpning "
    "och platser som boende upplever som otrygga.",
    "tekniska-namnden",
    place="Hulta och Hässleholmen",
    omrade="hulta",
    time_pattern="Kvällstid, mest under sommarhalvåret",
)
SKADEGORELSE_FORRA_ARET = DemoProblem(
    "Skadegörelse och nedskräpning i bostadsområden",
    "Skräp tenderar att dra till sig mer skräp, vilket kan leda till skadegörelse och klotter.",
    "tekniska-namnden",
    place="Flera bostadsområden",
)
BEDRAGERIER = DemoProblem(
    "Bedrägerier mot äldre",
    "Äldre personer luras per telefon och vid dörren.",
    "vard-och-aldrenamnden",
)
VALD_I_NARA_RELATIONER = DemoProblem(
    "Våld i nära relationer",
    "Mörkertalet är stort; samordningen mellan socialtjänst, hälso- och sjukvård och "
    "Polisen behöver stärkas.",
    "arbetslivsnamnden",
    public=False,
)
HEDERSRELATERAT = DemoProblem(
    "Hedersrelaterat våld och förtryck",
    "Kunskapen om hedersrelaterat våld och förtryck behöver öka i skola och socialtjänst.",
    "cks",
    public=False,
)
TRAFIK = DemoProblem(
    "Trafiksituationen upplevs otrygg i bostadsområden",
    "Trygghetsmätningar och dialoger med invånare visar att trafiken i många bostadsområden "
    "bidrar till otrygga miljöer.",
    "tekniska-namnden",
    place="Bostadsområden",
)

KARTLAGGNING = """\
Brottsligheten i Borås ligger på eller nära samma nivå som vid föregående mätning. Enligt
Öppna jämförelser Trygghet och säkerhet låg Borås 2017 över rikets median:

| per 1 000 invånare | Borås 2016 | Borås 2017 | median riket 2017 |
|---|---|---|---|
| anmälda våldsbrott | 10,3 | 10,4 | 8,2 |
| anmälda stöld- och tillgreppsbrott | 39,7 | 39,7 | 34,5 |
| anmälda brott om skadegörelse | 10,9 | 10,5 | 9,3 |

Många våldsbrott är relaterade till stadskärnan och främst till nöjeslivet under helgerna.
I Hulta och Hässleholmen rapporterar parterna i EST varje vecka skadegörelse, otrygghets-
skapande samlingar och otrygga platser.
"""

OVRIG_INFORMATION = """\
Trygghetsvandringar och dialoger med boende pekar ut belysning, buskage, skräp och trafiken
som det som oftast gör att man känner sig otrygg. Nedskräpning är en viktig faktor för
känslan av trygghet i ett område. Grannsamverkan har kunnat starta i flerfamiljshus på
Hässleholmen tack vare samverkan med AB Bostäder och Polisen.
"""

ANALYS = """\
Våldet i stadskärnan hänger samman med alkohol och nöjesliv och kräver insatser tillsammans
med krögarna och en hög närvaro av Polisen. Otryggheten i Hulta och Hässleholmen är
kopplad till den fysiska miljön och bör mötas med EST, trygghetsvandringar och Borås rent
och snyggt. Unga i riskzon behöver tidiga och samordnade insatser från skola,
socialtjänst, polis och fritid. Hedersrelaterat våld och förtryck saknar i dag en samlad
insats.
"""

SOURCES = """\
Polisens anmälningsstatistik för lokalpolisområde Borås
Öppna jämförelser Trygghet och säkerhet (SKR)
EST-rapporter från Hulta och Hässleholmen
Trygghetsvandringar och dialoger med boende
Samverkansöverenskommelsen mellan Polismyndigheten och Borås Stad"""

PUBLIC_SUMMARY = """\
Brottsligheten i Borås ligger på ungefär samma nivå som året innan. Våldet är störst i
stadskärnan under helgkvällar, och i Hulta och Hässleholmen upplever många boende
skadegörelse och nedskräpning som ett problem.

Brottsförebyggande rådet har prioriterat de problem som listas nedan. Åtgärderna finns
bland kommunens **insatser**.
"""


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _not_after_today(day: date) -> date:
    return min(day, timezone.localdate())


class _Loader:
    def __init__(self):
        self.organ = {o.slug: o for o in Organ.objects.all()}
        self.omraden = {o.slug: o for o in Omrade.objects.all()}
        self.bra = Forum.objects.get(slug="bra")
        self.cks = self.organ["cks"]
        self.created = 0

    def lagesbild(
        self,
        *,
        title: str,
        year: int,
        problems: list[DemoProblem],
        area: str = "",
        adopted_on: date | None = None,
        summary: str = "",
        publish: bool = False,
    ) -> Lagesbild:
        existing = Lagesbild.objects.filter(title=title, version=1).first()
        if existing is not None:
            return existing
        start, end = _year_range(year)
        lagesbild = Lagesbild(
            title=title,
            scope=Lagesbild.Scope.SAMVERKANSOMRADE if area else Lagesbild.Scope.KOMMUN,
            samverkansomrade=Samverkansomrade.objects.get(slug=area) if area else None,
            period_start=start,
            period_end=end,
            kartlaggning=KARTLAGGNING,
            ovrig_information=OVRIG_INFORMATION,
            analys=ANALYS,
            sources=SOURCES,
            author_body=self.cks,
            author_forum=self.bra,
            public_summary=summary,
        )
        lagesbild.save()
        self.add_problems(lagesbild, problems)
        if adopted_on is not None:
            lagesbild.status = Lagesbild.Status.FASTSTALLD
            lagesbild.adopted_by = self.bra
            lagesbild.adopted_on = _not_after_today(adopted_on)
            lagesbild.adopted_at_meeting = Mote.objects.filter(
                forum=self.bra, status=Mote.Status.HELD, starts_at__date=lagesbild.adopted_on
            ).first()
            if publish:
                lagesbild.summary_published_at = timezone.now()
            lagesbild.save()
        self.created += 1
        return lagesbild

    def add_problems(self, lagesbild: Lagesbild, problems: list[DemoProblem], first: int = 1):
        for priority, problem in enumerate(problems, start=first):
            created = Problem.objects.create(
                lagesbild=lagesbild,
                title=problem.title,
                description=problem.description,
                owner=self.organ[problem.owner],
                is_public=problem.public,
                place=problem.place,
                time_pattern=problem.time_pattern,
                priority=priority,
            )
            if problem.omrade in self.omraden:
                created.omraden.add(self.omraden[problem.omrade])


# problem, insats slug, owner, expected effect, time horizon
ATGARDER = [
    (
        VALD_I_STADSKARNAN,
        "krogarsamtal",
        "miljo-och-konsumentnamnden",
        "Färre våldsbrott kopplade till krogmiljön genom ansvarsfull alkoholservering.",
        Atgard.Horisont.KORT,
    ),
    (
        UNGA_I_RISKZON,
        "sspf",
        "individ-och-familjeomsorgsnamnden",
        "Unga i riskzon fångas upp tidigt och får samordnat stöd.",
        Atgard.Horisont.MEDEL,
    ),
    (
        UNGA_I_RISKZON,
        "faltarbete",
        "individ-och-familjeomsorgsnamnden",
        "Vuxna finns där unga vistas kvällstid.",
        Atgard.Horisont.KORT,
    ),
    (
        UNGA_I_RISKZON,
        "feriearbete",
        "arbetslivsnamnden",
        "Fler unga får ett första arbete och en meningsfull sommar.",
        Atgard.Horisont.MEDEL,
    ),
    (
        OTRYGGA_PLATSER,
        "est-hulta-hassleholmen",
        "tekniska-namnden",
        "Skadegörelse och otrygga platser åtgärdas inom en vecka efter rapport.",
        Atgard.Horisont.KORT,
    ),
    (
        OTRYGGA_PLATSER,
        "trygghetsvandringar",
        "fritids-och-folkhalsonamnden",
        "Boende pekar ut otrygga platser som sedan åtgärdas.",
        Atgard.Horisont.KORT,
    ),
    (
        OTRYGGA_PLATSER,
        "boras-rent-och-snyggt",
        "tekniska-namnden",
        "Mindre nedskräpning och klotter i bostadsområdena.",
        Atgard.Horisont.MEDEL,
    ),
    (
        STOLD,
        "grannsamverkan",
        "polisen",
        "Färre bostadsinbrott där grannsamverkan finns.",
        Atgard.Horisont.MEDEL,
    ),
    (
        BEDRAGERIER,
        "sakerhetsnalen",
        "vard-och-aldrenamnden",
        "Äldre känner igen bedrägeriförsök och vet vart de ska vända sig.",
        Atgard.Horisont.KORT,
    ),
    (
        VALD_I_NARA_RELATIONER,
        "vald-i-nara-relationer",
        "arbetslivsnamnden",
        "Våldsutsatta får stöd snabbare genom samordnade kontaktvägar.",
        Atgard.Horisont.LANG,
    ),
]


@transaction.atomic
def load_demo_lagesbilder() -> int:
    """Create the demo lägesbilder and åtgärdsplan once; returns how many lägesbilder exist."""
    loader = _Loader()
    this_year = timezone.localdate().year
    last_year = this_year - 1

    loader.lagesbild(
        title=f"Lägesbild Borås Stad {last_year - 1}",
        year=last_year - 1,
        problems=[VALD_I_STADSKARNAN, STOLD, UNGA_I_RISKZON, SKADEGORELSE_FORRA_ARET],
        adopted_on=date(last_year, 2, 20),
    )
    current_problems = [
        VALD_I_STADSKARNAN,
        UNGA_I_RISKZON,
        OTRYGGA_PLATSER,
        STOLD,
        BEDRAGERIER,
        VALD_I_NARA_RELATIONER,
        HEDERSRELATERAT,
    ]
    kommun = loader.lagesbild(
        title=f"Lägesbild Borås Stad {last_year}",
        year=last_year,
        problems=current_problems,
        adopted_on=date(this_year, 2, 20),
        summary=PUBLIC_SUMMARY,
        publish=True,
    )
    # The kommun's positions on both years' problems, before the new version carries them.
    load_demo_positions()
    if not Lagesbild.objects.filter(previous_version=kommun).exists():
        # New knowledge after fastställandet: a second version is being drafted.
        draft = copy_as_new_version(lagesbild=kommun)
        unga = draft.problems.get(title=UNGA_I_RISKZON.title)
        vald = draft.problems.get(title=VALD_I_STADSKARNAN.title)
        # Young people at risk now come first. Priorities are unique, so one steps aside.
        new_unga, new_vald = vald.priority, unga.priority
        unga.priority = 999
        unga.save()
        vald.priority = new_vald
        vald.save()
        unga.priority = new_unga
        unga.save()
        loader.add_problems(draft, [TRAFIK], first=len(current_problems) + 1)

    loader.lagesbild(
        title=f"Lägesbild Lokal samverkan {last_year}",
        year=last_year,
        area="lokal-samverkan",
        problems=[
            DemoProblem(
                "Otrygghet kring torg och centrumanläggningar kvällstid",
                "Boende undviker torgen i Hässleholmen och Hulta efter mörkrets inbrott.",
                "fritids-och-folkhalsonamnden",
                place="Torgen i Hässleholmen och Hulta",
                omrade="hassleholmen",
                time_pattern="Vardagskvällar efter mörkrets inbrott",
            ),
            DemoProblem(
                "Inbrott i källare och förråd i flerfamiljshus",
                "Återkommande inbrott i gemensamma utrymmen.",
                "ab-bostader",
                place="Flerfamiljshus på Hässleholmen",
                omrade="hassleholmen",
            ),
            DemoProblem(
                "Unga 10–16 år ute sent utan vuxna",
                "De lokala nätverken för barn och unga ser grupper av unga ute sent.",
                "fritids-och-folkhalsonamnden",
                public=False,
                time_pattern="Helgkvällar",
            ),
        ],
        adopted_on=date(this_year, 3, 10),
    )
    loader.lagesbild(
        title=f"Lägesbild Trygga miljöer {this_year}",
        year=this_year,
        area="trygga-miljoer",
        problems=[
            TRAFIK,
            DemoProblem(
                "Nedskräpning och klotter",
                "Skräp och klotter i parker och längs gångstråk.",
                "tekniska-namnden",
            ),
            DemoProblem(
                "Mörka gångstråk och parker",
                "Trygghetsvandringarna pekar ut gångstråk och parker med dålig belysning.",
                "tekniska-namnden",
                time_pattern="Vinterhalvåret",
            ),
        ],
    )

    _load_atgardsplan(loader, kommun, this_year)
    load_demo_documents()
    return Lagesbild.objects.count()


def _load_atgardsplan(loader: _Loader, kommun: Lagesbild, year: int):
    title = f"Åtgärdsplan Borås Stad {year}"
    if Atgardsplan.objects.filter(title=title).exists():
        return
    start, end = _year_range(year)
    plan = Atgardsplan.objects.create(
        title=title,
        lagesbild=kommun,
        period_start=start,
        period_end=end,
        status=Atgardsplan.Status.ANTAGEN,
        adopted_by=loader.organ["kommunstyrelsen"],
        adopted_on=_not_after_today(date(year, 3, 25)),
    )
    problems = {p.title: p for p in kommun.problems.all()}
    insatser = {i.slug: i for i in Insats.objects.filter(slug__in=[a[1] for a in ATGARDER])}
    for problem, slug, owner, effect, horizon in ATGARDER:
        if slug in insatser:
            Atgard.objects.create(
                atgardsplan=plan,
                problem=problems[problem.title],
                insats=insatser[slug],
                owner=loader.organ[owner],
                expected_effect=effect,
                time_horizon=horizon,
            )
