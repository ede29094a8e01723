import pytest
from django.db import IntegrityError, transaction

from organisation.models import Forum, Kommun, Motesrytm
from tests.factories import ForumdeltagandeFactory, ForumFactory, MotesrytmFactory, OrganFactory


@pytest.mark.django_db
def test_rhythm_with_max_below_min_is_refused_by_the_database():
    forum = ForumFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Motesrytm.objects.create(forum=forum, kind="halvdag", min_per_year=4, max_per_year=3)


@pytest.mark.django_db
def test_a_forum_has_one_rhythm_per_kind_of_meeting():
    rule = MotesrytmFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Motesrytm.objects.create(forum=rule.forum, kind=rule.kind, min_per_year=1, max_per_year=1)


@pytest.mark.django_db
def test_a_body_takes_part_in_a_forum_once():
    part = ForumdeltagandeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ForumdeltagandeFactory(forum=part.forum, organ=part.organ)


@pytest.mark.django_db
def test_a_body_cannot_be_part_of_itself():
    organ = OrganFactory()
    organ.parent = organ
    with pytest.raises(IntegrityError), transaction.atomic():
        organ.save()


@pytest.mark.django_db
def test_a_forum_cannot_report_to_itself():
    forum = ForumFactory()
    forum.reports_to = forum
    with pytest.raises(IntegrityError), transaction.atomic():
        forum.save()


@pytest.mark.django_db
def test_municipality_code_has_four_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        Kommun.objects.create(name="Testkommun", code="149")


@pytest.mark.django_db
def test_public_forums_exclude_internal_ones():
    open_forum = ForumFactory(is_public=True)
    ForumFactory(is_public=False)
    assert list(Forum.objects.public()) == [open_forum]


def test_rhythm_is_described_in_swedish():
    same = Motesrytm(kind="heldag", min_per_year=2, max_per_year=2)
    span = Motesrytm(kind="fokusmote", min_per_year=4, max_per_year=6)
    assert same.describe() == "2 × heldag per år"
    assert span.describe() == "4–6 × fokusmöte per år"
