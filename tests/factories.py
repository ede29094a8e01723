import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from organisation.models import Forum, Forumdeltagande, Motesrytm, Organ
from samverkan.models import Omrade, Samverkansgrupp, Samverkansomrade


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
            self.groups.add(Group.objects.get(name=name))
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
