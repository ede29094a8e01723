from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from lagesbild.models import Arsuppfoljning, Arsuppfoljningsversion
from organisation.models import Forum, Forumdeltagande, Motesrytm, Organ
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
