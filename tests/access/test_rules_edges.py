"""Edges of the access layer that no page reaches on its own: no object, no login, the
district scope and the filters for attachments."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from lagesbild.models import Lagesbild
from lagesbild.rules import coordinated_est_groups_q
from organisation import roles
from organisation.models import Bilaga
from organisation.rules import forum_facts
from samverkan.models import Samverkansgrupp
from samverkan.rules import est_group_ids, group_area_ids
from tests.factories import (
    ForumFactory,
    ForummedlemskapFactory,
    GruppmedlemskapFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    OmradeFactory,
    UserFactory,
)
from tests.organisation import files

PERMISSIONS_ON_OBJECTS = [
    "samverkan.view_insats",
    "samverkan.change_insats",
    "samverkan.publish_insats",
    "samverkan.view_uppfoljning",
    "samverkan.change_aktivitet",
    "organisation.view_mote",
    "organisation.change_mote",
    "organisation.publish_minutes",
    "organisation.view_bilaga",
    "organisation.delete_bilaga",
    "organisation.view_forum_workspace",
    "lagesbild.view_lagesbild",
    "lagesbild.view_atgardsplan",
]


@pytest.mark.parametrize("perm", PERMISSIONS_ON_OBJECTS)
def test_a_rule_about_a_row_answers_no_when_there_is_no_row(db, perm):
    official = UserFactory(username="tjansteperson", roles=[roles.TJANSTEPERSON])

    assert official.has_perm(perm) is False
    assert AnonymousUser().has_perm(perm) is False


def test_a_resident_has_no_memberships(db):
    resident = AnonymousUser()

    assert forum_facts(resident) == []
    assert group_area_ids(resident) == frozenset()
    assert est_group_ids(resident) == frozenset()
    assert not Samverkansgrupp.objects.filter(coordinated_est_groups_q(resident)).exists()
    assert list(Lagesbild.objects.visible_to(resident)) == []


def test_a_district_lagesbild_is_read_where_ones_group_works(db):
    hulta, norrby = OmradeFactory(name="Hulta"), OmradeFactory(name="Norrby")
    insats = InsatsFactory(omraden=[hulta])
    member = UserFactory(username="gruppmedlem", roles=[roles.TJANSTEPERSON])
    GruppmedlemskapFactory(user=member, grupp=insats.grupp)
    in_hulta = LagesbildFactory(scope="omrade", omrade=hulta, title="Hulta")
    in_norrby = LagesbildFactory(scope="omrade", omrade=norrby, title="Norrby")
    kommun = LagesbildFactory(title="Kommunen")

    assert member.has_perm("lagesbild.view_lagesbild", in_hulta)
    assert not member.has_perm("lagesbild.view_lagesbild", in_norrby)
    assert not member.has_perm("lagesbild.view_lagesbild", kommun)
    assert list(Lagesbild.objects.visible_to(member)) == [in_hulta]


def test_attachments_are_listed_for_change_and_publicly_as_their_rules_say(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forum = ForumFactory()
    member = UserFactory(username="forummedlem", roles=[roles.TJANSTEPERSON])
    ForummedlemskapFactory(user=member, forum=forum)
    outsider = UserFactory(username="utomstaende", roles=[roles.TJANSTEPERSON])

    def attach(mote):
        return Bilaga.objects.create(
            mote=mote,
            title="Bild",
            file=SimpleUploadedFile("bild.pdf", files.MINIMAL_PDF),
            original_name="bild.pdf",
            file_type="pdf",
            size=len(files.MINIMAL_PDF),
        )

    published = attach(MoteFactory(forum=forum, published=True))
    unpublished = attach(MoteFactory(forum=forum))
    rows = [published, unpublished]

    for user in [member, outsider]:
        may_delete = {b.pk for b in rows if user.has_perm("organisation.delete_bilaga", b)}
        assert may_delete == set(Bilaga.objects.editable_by(user).values_list("pk", flat=True))
    assert {b.pk for b in Bilaga.objects.editable_by(member)} == {published.pk, unpublished.pk}
    assert list(Bilaga.objects.editable_by(outsider)) == []
    assert list(Bilaga.objects.published()) == [published]


def test_published_follow_ups_and_activities_are_those_of_public_published_insatser(db):
    """The public rule for an insats's children is a join on its own insats: it must give
    exactly the rows the subquery form gives, for every state an insats can be in."""
    from samverkan.models import Aktivitet, Insats, Uppfoljning
    from samverkan.rules import PUBLISHED_AND_PUBLIC, _under_insatser
    from tests.factories import AktivitetFactory, InsatsFactory, UppfoljningFactory

    states = [
        InsatsFactory(published=True),
        InsatsFactory(published=True, internal=True),
        InsatsFactory(),
        InsatsFactory(published=True, archived=True),
    ]
    for insats in states:
        AktivitetFactory(insats=insats)
        UppfoljningFactory(insats=insats, is_public=True)
        UppfoljningFactory(insats=insats, is_public=False)

    public = Insats.objects.filter(PUBLISHED_AND_PUBLIC)
    assert list(public) == [states[0]]
    assert set(Aktivitet.objects.published()) == set(
        Aktivitet.objects.filter(_under_insatser(PUBLISHED_AND_PUBLIC))
    )
    assert {a.insats for a in Aktivitet.objects.published()} == {states[0]}
    assert {(u.insats, u.is_public) for u in Uppfoljning.objects.published()} == {(states[0], True)}
