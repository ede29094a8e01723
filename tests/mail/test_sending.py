"""Idempotence, retry after a refusal, the setting, and a run that stopped mid-way."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lagesbild.models import Paminnelse, Paminnelseinstallning, Utskicksstatus
from lagesbild.utskick.sending import send_digests
from tests.factories import GruppmedlemskapFactory, InsatsFactory, UserFactory


@pytest.fixture
def official(db):
    user = UserFactory(username="olle", email="olle@example.org")
    insats = InsatsFactory(title="Grannsamverkan Norrby")
    GruppmedlemskapFactory(user=user, grupp=insats.grupp)
    return user


def test_running_again_the_same_day_sends_nothing_new(smtp, official):
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    (message,) = smtp.to("olle@example.org")
    assert "Grannsamverkan Norrby" in message.get_body(("plain",)).get_content()


def test_an_item_already_sent_is_not_sent_again_a_week_later(smtp, official):
    send_digests()
    InsatsFactory(title="Trygghetsvandring Hulta", grupp=official.group_memberships.get().grupp)
    send_digests(now=timezone.now() + timedelta(days=8))

    first, second = smtp.to("olle@example.org")
    body = second.get_body(("plain",)).get_content()
    assert "Trygghetsvandring Hulta" in body
    assert "Grannsamverkan Norrby" not in body


def test_a_refused_message_is_reported_and_sent_on_the_next_run(smtp, official, capsys):
    smtp.refuse_next(1)
    with pytest.raises(CommandError, match="skickas igen"):
        call_command("send_reminders")
    assert "misslyckade: 1" in capsys.readouterr().out
    assert smtp.to("olle@example.org") == []

    call_command("send_reminders")

    (message,) = smtp.to("olle@example.org")
    assert "Grannsamverkan Norrby" in message.get_body(("plain",)).get_content()


def test_a_message_left_being_sent_by_a_stopped_run_is_not_sent_twice(smtp, official, capsys):
    """The run recorded the message and stopped before recording the server's answer."""
    send_digests()
    Paminnelse.objects.update(status=Utskicksstatus.SKICKAS, sent_at=None)
    smtp.clear()

    call_command("send_reminders")

    assert smtp.to("olle@example.org") == []
    assert "osäkra: 1" in capsys.readouterr().out


def test_an_official_who_turned_reminders_off_gets_none(smtp, official):
    Paminnelseinstallning.objects.create(user=official, frekvens="av")
    send_digests()
    assert smtp.to("olle@example.org") == []


def test_a_weekly_official_gets_nothing_new_until_a_week_has_passed(smtp, official):
    send_digests()
    InsatsFactory(title="Feriearbete", grupp=official.group_memberships.get().grupp)
    send_digests(now=timezone.now() + timedelta(days=2))
    assert len(smtp.to("olle@example.org")) == 1


def test_a_daily_official_gets_the_new_item_the_next_day(smtp, official):
    Paminnelseinstallning.objects.create(user=official, frekvens="dagligen")
    send_digests()
    InsatsFactory(title="Feriearbete", grupp=official.group_memberships.get().grupp)
    send_digests(now=timezone.now() + timedelta(days=1))
    assert len(smtp.to("olle@example.org")) == 2


def test_the_official_changes_the_setting_in_the_workspace(client, official):
    client.force_login(official)
    response = client.post("/arbetsyta/paminnelser/", {"frekvens": "dagligen"})
    assert response.status_code == 302
    assert Paminnelseinstallning.objects.get(user=official).frekvens == "dagligen"
