"""Retention: old records of what was sent go, what idempotence or a retry needs stays."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lagesbild.models import (
    Paminnelse,
    Paminnelsepost,
    Prenumerant,
    Prenumerationspost,
    Utskicksstatus,
)
from lagesbild.utskick.gallring import prune_mail_records
from lagesbild.utskick.nyheter import send_news
from lagesbild.utskick.sending import send_digests
from tests.factories import (
    GruppmedlemskapFactory,
    InsatsFactory,
    OmradeFactory,
    UppfoljningFactory,
    UserFactory,
)


@pytest.fixture
def official(db):
    user = UserFactory(username="olle", email="olle@example.org")
    insats = InsatsFactory(title="Grannsamverkan Norrby")
    GruppmedlemskapFactory(user=user, grupp=insats.grupp)
    return user


def _age(queryset, days: int) -> None:
    queryset.update(created_at=timezone.now() - timedelta(days=days))


def _old_digest(user, key: str, *, days: int, status=Utskicksstatus.SKICKAT) -> Paminnelse:
    record = Paminnelse.objects.create(user=user, status=status)
    Paminnelsepost.objects.create(paminnelse=record, user=user, key=key)
    _age(Paminnelse.objects.filter(pk=record.pk), days)
    return record


def test_an_old_digest_whose_items_are_done_is_deleted_and_a_recent_one_kept(official, settings):
    settings.MAIL_RECORD_RETENTION_DAYS = 180
    old = _old_digest(official, "tips:1", days=181)
    recent = _old_digest(official, "tips:2", days=179)

    pruned = prune_mail_records()

    assert pruned.digests == 1
    assert not Paminnelse.objects.filter(pk=old.pk).exists()
    assert not Paminnelsepost.objects.filter(key="tips:1").exists()
    assert Paminnelse.objects.filter(pk=recent.pk).exists()


def test_an_old_digest_with_an_item_still_due_is_kept_so_the_item_is_not_sent_again(smtp, official):
    send_digests()
    _age(Paminnelse.objects.all(), 400)

    assert prune_mail_records().digests == 0
    send_digests()
    assert len(smtp.to("olle@example.org")) == 1, "the same item went out twice"

    # A follow-up moves the item on: its old record is no longer needed.
    UppfoljningFactory(insats=official.group_memberships.get().grupp.insatser.get())
    assert prune_mail_records().digests == 1
    assert Paminnelse.objects.count() == 0


def test_a_message_left_being_sent_is_never_pruned_however_old(official):
    uncertain = _old_digest(official, "tips:3", days=3000, status=Utskicksstatus.SKICKAS)
    prune_mail_records()
    assert Paminnelse.objects.filter(pk=uncertain.pk).exists()


def test_a_retention_under_a_week_and_a_day_keeps_the_weekly_period_whole(official, settings):
    settings.MAIL_RECORD_RETENTION_DAYS = 1
    kept = _old_digest(official, "tips:4", days=7)
    prune_mail_records()
    assert Paminnelse.objects.filter(pk=kept.pk).exists()


@pytest.fixture
def hulta(db):
    return OmradeFactory(name="Hulta", slug="hulta")


def _news_item(prenumerant, key: str, *, days: int, status=Utskicksstatus.SKICKAT):
    item = Prenumerationspost.objects.create(
        prenumerant=prenumerant, key=key, batch=uuid.uuid4(), status=status
    )
    _age(Prenumerationspost.objects.filter(pk=item.pk), days)
    return item


def test_old_news_items_go_and_current_recent_or_uncertain_ones_stay(smtp, hulta):
    anna = Prenumerant.objects.create(email="anna@example.org")
    anna.omraden.add(hulta)
    InsatsFactory(title="Nytt i Hulta", published=True, omraden=[hulta])
    send_news()
    (current,) = Prenumerationspost.objects.all()
    _age(Prenumerationspost.objects.all(), 400)
    gone = _news_item(anna, "insats:999999", days=400)
    recent = _news_item(anna, "insats:999998", days=10)
    uncertain = _news_item(anna, "insats:999997", days=400, status=Utskicksstatus.SKICKAS)

    assert prune_mail_records().news_items == 1

    left = set(Prenumerationspost.objects.values_list("pk", flat=True))
    assert left == {current.pk, recent.pk, uncertain.pk}
    assert gone.pk not in left
    assert send_news().sent == 0, "the current piece of news went out again"


def test_a_subscriber_left_with_no_district_is_deleted(hulta):
    follows = Prenumerant.objects.create(email="anna@example.org")
    follows.omraden.add(hulta)
    Prenumerant.objects.create(email="bo@example.org")

    assert prune_mail_records().subscribers == 1

    assert list(Prenumerant.objects.values_list("email", flat=True)) == ["anna@example.org"]


def test_the_command_says_what_it_deleted(official, capsys):
    _old_digest(official, "tips:5", days=400)
    call_command("prune_mail")
    out = capsys.readouterr().out
    assert "Gallringstid: 180 dagar" in out
    assert "Påminnelser raderade: 1" in out
