"""Two creates with the same title at the same moment both succeed, with different slugs.

The slug is chosen by looking for a free one and then inserting; another request can take the
same slug in between. The loser's insert then hits the unique constraint, and must retry with
the next free slug instead of answering 500.
"""

import re

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import pre_save

from lagesbild.models import Lagesbild
from samverkan.models import Insats
from tests.factories import InsatsFactory, LagesbildFactory


class TakeSlugFirst:
    """Gives `competitor` the slug the saving row has just chosen, once: the race, made certain.

    The competitor's update runs inside the savepoint of the losing insert, so it is rolled
    back with it; in a real race it is another transaction's committed row. Either way the
    insert meets the unique constraint once, which is what the save must survive.
    """

    def __init__(self, model, competitor, *, times=1, only=None):
        self.model, self.competitor = model, competitor
        self.times, self.only, self.taken = times, only or (lambda slug: True), 0

    def __call__(self, sender, instance, **kwargs):
        if instance.pk == self.competitor.pk or self.taken >= self.times:
            return
        if self.only(instance.slug):
            self.taken += 1
            self.model.objects.filter(pk=self.competitor.pk).update(slug=instance.slug)

    def __enter__(self):
        pre_save.connect(self, sender=self.model, weak=False)
        return self

    def __exit__(self, *exc):
        pre_save.disconnect(self, sender=self.model)


def test_an_insats_whose_slug_is_taken_between_check_and_insert_is_still_saved(db):
    competitor = InsatsFactory(title="Annan insats", slug="annan-insats")
    with TakeSlugFirst(Insats, competitor) as race:
        insats = InsatsFactory(title="Trygghetsvandring i Hulta", slug="")
    assert race.taken == 1
    saved = Insats.objects.get(pk=insats.pk)
    assert saved.slug.startswith("trygghetsvandring-i-hulta")
    assert Insats.objects.filter(slug=saved.slug).count() == 1
    assert saved.history.count() == 1


def test_a_lagesbild_whose_slug_is_taken_between_check_and_insert_is_still_saved(db):
    competitor = LagesbildFactory(title="Annan lägesbild")
    with TakeSlugFirst(Lagesbild, competitor) as race:
        lagesbild = LagesbildFactory(title="Lägesbild Norrby 2024")
    assert race.taken == 1
    assert Lagesbild.objects.get(pk=lagesbild.pk).slug.startswith("lagesbild-norrby-2024")
    assert lagesbild.history.count() == 1


def test_a_slug_that_keeps_being_taken_ends_with_a_random_suffix(db):
    competitor = InsatsFactory(title="Annan insats", slug="annan-insats")
    counted = re.compile(r"^grannsamverkan(-[0-9]+)?$")
    with TakeSlugFirst(Insats, competitor, times=100, only=counted.match) as race:
        insats = InsatsFactory(title="Grannsamverkan", slug="")
    assert race.taken == 5
    assert re.fullmatch(r"grannsamverkan-[0-9a-f]{8}", insats.slug)
    assert Insats.objects.filter(slug=insats.slug).count() == 1


def test_another_integrity_error_is_not_mistaken_for_a_taken_slug(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        InsatsFactory(title="Utan startdatum", slug="", status="pagaende", start_date=None)
    assert not Insats.objects.filter(title="Utan startdatum").exists()
