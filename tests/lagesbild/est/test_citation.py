"""A lägesbild cites an EST period; its figures are frozen when it is fastställd."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import Handelsekategori, Handelserapport
from lagesbild.services import create_new_version, faststall_lagesbild
from organisation.roles import ANALYTIKER
from tests.factories import (
    ForumFactory,
    LagesbildFactory,
    OmradeFactory,
    OrganFactory,
    ProblemFactory,
    SamverkansgruppFactory,
    UserFactory,
)


@pytest.fixture
def analyst(db):
    return UserFactory(username="analytiker", roles=[ANALYTIKER])


@pytest.fixture
def est(db):
    group = SamverkansgruppFactory(name="EST Hulta", kind="est")
    hulta = OmradeFactory(name="Hulta")
    group.omraden.add(hulta)
    return group, hulta


def _report(group, district, day, slug="klotter"):
    return Handelserapport.objects.create(
        grupp=group,
        omrade=district,
        occurred_on=day,
        kategori=Handelsekategori.objects.get(slug=slug),
        organ=OrganFactory(),
    )


def _citing(group, start, end):
    lagesbild = LagesbildFactory(est_grupp=group, est_from=start, est_to=end)
    ProblemFactory(lagesbild=lagesbild)
    return lagesbild


def test_a_draft_shows_the_cited_figures_counted_now(client, analyst, est):
    group, hulta = est
    start = timezone.localdate() - timedelta(days=30)
    for _n in range(3):
        _report(group, hulta, start + timedelta(days=2))
    _report(group, hulta, start + timedelta(days=3), slug="skadegorelse")
    withdrawn = _report(group, hulta, start + timedelta(days=4))
    Handelserapport.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    _report(group, hulta, start - timedelta(days=1))  # before the period
    lagesbild = _citing(group, start, timezone.localdate())
    client.force_login(analyst)

    page = client.get(reverse("lagesbild:detail", args=[lagesbild.pk])).content.decode()

    assert "EST Hulta" in page
    assert "4 rapporter" in page
    assert 'Klotter</th><td class="text-end">3' in page


def test_the_figures_are_frozen_when_the_lagesbild_is_faststalld(analyst, est):
    group, hulta = est
    start = date(2026, 1, 1)
    _report(group, hulta, date(2026, 1, 5))
    lagesbild = _citing(group, start, date(2026, 3, 31))

    faststall_lagesbild(
        lagesbild=lagesbild, forum=ForumFactory(), on=date(2026, 4, 2), user=analyst
    )
    _report(group, hulta, date(2026, 1, 6))  # reported after the decision

    lagesbild.refresh_from_db()
    assert lagesbild.est_figures["total"] == 1
    assert lagesbild.est_figures["categories"] == [["Klotter", 1]]
    copy = create_new_version(lagesbild=lagesbild, user=analyst)
    assert (copy.est_grupp_id, copy.est_from, copy.est_to) == (group.pk, start, date(2026, 3, 31))
    assert copy.est_figures == {}


def test_a_citation_needs_the_group_and_both_dates(est):
    group, _hulta = est
    lagesbild = LagesbildFactory()
    lagesbild.est_grupp = group

    with pytest.raises(ValidationError) as raised:
        lagesbild.full_clean()

    assert "est_grupp" in raised.value.message_dict
    lagesbild.est_from, lagesbild.est_to = date(2026, 2, 1), date(2026, 1, 1)
    with pytest.raises(ValidationError) as raised:
        lagesbild.full_clean()
    assert "est_to" in raised.value.message_dict
    # The database refuses half a citation too, whatever saves it.
    with pytest.raises(IntegrityError), transaction.atomic():
        type(lagesbild).objects.filter(pk=lagesbild.pk).update(est_grupp=group)


def test_the_public_page_of_a_lagesbild_never_shows_the_est_figures(client, est):
    group, hulta = est
    _report(group, hulta, date(2026, 1, 5))
    lagesbild = LagesbildFactory(
        published=True, est_grupp=group, est_from=date(2026, 1, 1), est_to=date(2026, 1, 31)
    )

    page = client.get(lagesbild.get_absolute_url()).content.decode()

    assert lagesbild.public_summary in page
    assert "EST Hulta" not in page
    assert "Klotter" not in page
