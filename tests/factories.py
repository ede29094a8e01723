from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from lagesbild.models import (
    Arsuppfoljning,
    Arsuppfoljningsversion,
    Atgard,
    Atgardsplan,
    Indikator,
    Indikatorvarde,
    Jamforelsekommun,
    Jamforelsevarde,
    Lagesbild,
    Problem,
)
from organisation.models import (
    Beslut,
    Forum,
    Forumdeltagande,
    Forummedlemskap,
    Mote,
    Motesrytm,
    Organ,
)
from samverkan.models import (
    Aktivitet,
    Fokusomrade,
    Gruppmedlemskap,
    Insats,
    Omrade,
    Overenskommelse,
    Samverkansgrupp,
    Samverkansomrade,
    Uppfoljning,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "korrekt-hast-batteri")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=name)[0])
        if create:
            self.save()


class OrganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organ

    name = factory.Sequence(lambda n: f"Testnämnd {n}")
    slug = factory.Sequence(lambda n: f"testnamnd-{n}")
    kind = Organ.Kind.NAMND


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    name = factory.Sequence(lambda n: f"Testforum {n}")
    slug = factory.Sequence(lambda n: f"testforum-{n}")
    purpose = "Samordnar trygghetsarbetet i testkommunen."
    level = Forum.Level.TAKTISK
    responsible = factory.SubFactory(OrganFactory)
    is_public = True


class MotesrytmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motesrytm

    forum = factory.SubFactory(ForumFactory)
    kind = Motesrytm.Kind.HALVDAG
    min_per_year = 3
    max_per_year = 3


class ForumdeltagandeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forumdeltagande

    forum = factory.SubFactory(ForumFactory)
    organ = factory.SubFactory(OrganFactory)
    represented_by = "förvaltningen"


class ForummedlemskapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forummedlemskap

    user = factory.SubFactory(UserFactory)
    forum = factory.SubFactory(ForumFactory)
    role = Forummedlemskap.Role.MEDLEM


class MoteFactory(factory.django.DjangoModelFactory):
    """A held public half-day meeting a month ago, minutes written but not published."""

    class Meta:
        model = Mote

    forum = factory.SubFactory(ForumFactory)
    kind = Mote.Kind.HALVDAG
    title = factory.Sequence(lambda n: f"Möte {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    place = "Stadshuset"
    status = Mote.Status.HELD
    is_public = factory.LazyAttribute(lambda o: o.forum.is_public)
    minutes = "## Genomgång\n\nLäget i Hulta redovisades."

    class Params:
        published = factory.Trait(
            minutes_published_at=factory.LazyAttribute(lambda o: o.ends_at),
        )
        planned = factory.Trait(
            status=Mote.Status.PLANNED,
            starts_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=14)),
            minutes="",
        )


class BeslutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beslut

    mote = factory.SubFactory(MoteFactory)
    text = factory.Sequence(lambda n: f"Beslut nummer {n}")
    responsible = factory.SubFactory(OrganFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class SamverkansomradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Samverkansomrade

    name = factory.Sequence(lambda n: f"Samverkansområde {n}")
    slug = factory.Sequence(lambda n: f"samverkansomrade-{n}")
    summary = "Samverkan för tryggare bostadsområden."
    coordinating_body = factory.SubFactory(OrganFactory)


class SamverkansgruppFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Samverkansgrupp

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")
    samverkansomrade = factory.SubFactory(SamverkansomradeFactory)
    kind = Samverkansgrupp.Kind.NATVERK
    is_public = True


class OmradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Omrade

    name = factory.Sequence(lambda n: f"Stadsdel {n}")
    slug = factory.Sequence(lambda n: f"stadsdel-{n}")
    kind = Omrade.Kind.STADSDEL


class GruppmedlemskapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gruppmedlemskap

    user = factory.SubFactory(UserFactory)
    grupp = factory.SubFactory(SamverkansgruppFactory)


class OverenskommelseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Overenskommelse

    name = factory.Sequence(lambda n: f"Samverkansöverenskommelse {n}")
    slug = factory.Sequence(lambda n: f"overenskommelse-{n}")
    summary = "Kommunen och Polisen arbetar tillsammans för ökad trygghet."
    period_start = date(2024, 1, 1)
    period_end = date(2026, 12, 31)


class FokusomradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fokusomrade

    overenskommelse = factory.SubFactory(OverenskommelseFactory)
    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokusomrade-{n}")


class InsatsFactory(factory.django.DjangoModelFactory):
    """A draft, public insats run by a group of its area; `published=True` publishes it."""

    class Meta:
        model = Insats
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            publication=Insats.Publication.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        internal = factory.Trait(visibility=Insats.Visibility.INTERNAL)
        archived = factory.Trait(archived_at=factory.LazyFunction(timezone.now))

    title = factory.Sequence(lambda n: f"Testinsats {n}")
    slug = factory.Sequence(lambda n: f"testinsats-{n}")
    summary = "Vi gör området tryggare tillsammans med de boende."
    description = "Insatsen pågår i samverkan med polisen."
    samverkansomrade = factory.SubFactory(SamverkansomradeFactory)
    grupp = factory.SubFactory(
        SamverkansgruppFactory, samverkansomrade=factory.SelfAttribute("..samverkansomrade")
    )
    responsible = factory.SubFactory(OrganFactory)
    status = Insats.Status.PAGAENDE
    start_date = date(2024, 3, 1)
    contact = "Samordnare för lokal samverkan"
    contact_email = "trygghet@example.org"

    @factory.post_generation
    def omraden(self, create, extracted, **kwargs):
        if create and extracted:
            self.omraden.set(extracted)

    @factory.post_generation
    def fokusomraden(self, create, extracted, **kwargs):
        if create and extracted:
            self.fokusomraden.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class UppfoljningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Uppfoljning

    insats = factory.SubFactory(InsatsFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    done = "Vi genomförde en trygghetsvandring med tolv boende."
    result = "Tre platser behöver bättre belysning."
    is_public = True


class AktivitetFactory(factory.django.DjangoModelFactory):
    """An upcoming activity, a week from now."""

    class Meta:
        model = Aktivitet

    insats = factory.SubFactory(InsatsFactory)
    title = factory.Sequence(lambda n: f"Trygghetsvandring {n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    meeting_point = "Utanför biblioteket"


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Anmälda testbrott {n}")
    unit = "per 1 000 invånare"
    lower_is_better = True
    source = "Testkälla"
    category = "Testnyckeltal"


class IndikatorvardeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikatorvarde

    indikator = factory.SubFactory(IndikatorFactory)
    year = 2023
    value = Decimal("12.3")
    national_median = Decimal("10.1")


class JamforelsekommunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jamforelsekommun
        django_get_or_create = ["code"]

    code = "1480"
    name = "Göteborg"


class JamforelsevardeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jamforelsevarde

    indikator = factory.SubFactory(IndikatorFactory)
    kommun = factory.SubFactory(JamforelsekommunFactory)
    year = 2023
    value = Decimal("14.2")


class ArsuppfoljningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arsuppfoljning
        django_get_or_create = ["year"]

    year = 2025


class ArsuppfoljningsversionFactory(factory.django.DjangoModelFactory):
    """A stored version with stand-in bytes; `submit_report` makes real ones."""

    class Meta:
        model = Arsuppfoljningsversion

    arsuppfoljning = factory.SubFactory(ArsuppfoljningFactory)
    number = factory.Sequence(lambda n: n + 1)
    submitted_by_name = "Analytiker Demo"
    checksum = "a" * 64
    public_checksum = "b" * 64
    data_json = "{}"
    pdf = b"%PDF-1.7 intern"
    public_pdf = b"%PDF-1.7 publik"


def insats_form_data(insats, **changes):
    """What the edit form posts for an insats, with some fields changed."""
    data = {
        "title": insats.title,
        "summary": insats.summary,
        "description": insats.description,
        "samverkansomrade": insats.samverkansomrade_id,
        "grupp": insats.grupp_id or "",
        "responsible": insats.responsible_id,
        "target_group": insats.target_group,
        "status": insats.status,
        "start_date": insats.start_date.isoformat() if insats.start_date else "",
        "end_date": insats.end_date.isoformat() if insats.end_date else "",
        "visibility": insats.visibility,
        "contact": insats.contact,
        "contact_email": insats.contact_email,
    }
    data.update(changes)
    return data


class LagesbildFactory(factory.django.DjangoModelFactory):
    """A kommun-wide draft lägesbild of 2024; `faststalld=True` approves it, `published=True`
    also publishes its summary. Problems are added with ProblemFactory before approving."""

    class Meta:
        model = Lagesbild

    class Params:
        faststalld = factory.Trait(
            status=Lagesbild.Status.FASTSTALLD,
            adopted_by=factory.SubFactory(ForumFactory),
            adopted_on=date(2025, 2, 20),
        )
        published = factory.Trait(
            faststalld=True,
            public_summary="Brottsligheten ligger på samma nivå som året innan.",
            summary_published_at=factory.LazyFunction(timezone.now),
        )

    title = factory.Sequence(lambda n: f"Lägesbild {n}")
    scope = Lagesbild.Scope.KOMMUN
    period_start = date(2024, 1, 1)
    period_end = date(2024, 12, 31)
    kartlaggning = "Våldsbrotten har ökat i stadskärnan."
    ovrig_information = "Boende upplever torget som otryggt."
    analys = "Alkohol och nöjesliv samverkar."
    sources = "Polisens statistik"
    author_body = factory.SubFactory(OrganFactory)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    lagesbild = factory.SubFactory(LagesbildFactory)
    title = factory.Sequence(lambda n: f"Problem {n}")
    description = "Återkommande under helgerna."
    priority = factory.Sequence(lambda n: n + 1)
    is_public = True


def approve(lagesbild, *, forum=None, on=date(2025, 2, 20)):
    """Fastställ a draft lägesbild after its problems have been added."""
    lagesbild.status = Lagesbild.Status.FASTSTALLD
    lagesbild.adopted_by = forum or ForumFactory()
    lagesbild.adopted_on = on
    lagesbild.save()
    return lagesbild


class AtgardsplanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Atgardsplan

    title = factory.Sequence(lambda n: f"Åtgärdsplan {n}")
    lagesbild = factory.SubFactory(LagesbildFactory, faststalld=True)
    period_start = date(2025, 1, 1)
    period_end = date(2025, 12, 31)


class AtgardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Atgard

    atgardsplan = factory.SubFactory(AtgardsplanFactory)
    problem = factory.SubFactory(ProblemFactory)
    insats = factory.SubFactory(InsatsFactory)
    expected_effect = "Färre anmälda brott."
    owner = factory.SubFactory(OrganFactory)
