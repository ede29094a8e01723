"""The reminder run killed with SIGKILL in the middle of sending, then run again.

A real `manage.py send_reminders` process sends to the local SMTP server against this
test's database (committed rows, so the test is transactional) and is killed with SIGKILL
once a part of its messages has arrived. What the code guarantees (lagesbild/utskick/
sending.py): each message is recorded as "being sent" and committed, a batch at a time,
before it goes out, and marked sent only after the batch. So after the kill

- the run again sends nobody a second message (at most once, never twice), and every due
  recipient either got theirs or is reported uncertain: nothing is lost;
- the uncertain ones are at most the batch that was being sent (500 digests or 1,000 news
  messages), those the server got among them the messages in flight at the kill;
- `--release-uncertain` (when the server's log cannot tell which went) sends the uncertain
  ones: everyone then has theirs, and the duplicates are exactly the messages in flight;
- a run after that sends nothing.

scripts/fault_worker_crash.sh (PARTS=reminders) does the same at a larger volume, with
the operator confirming what the server's log shows before releasing the rest.
"""

import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from lagesbild.models import Paminnelse, Prenumerant, Prenumerationspost, Utskicksstatus
from lagesbild.utskick import nyheter, sending
from samverkan.models import Gruppmedlemskap
from tests.factories import InsatsFactory, OmradeFactory
from tests.ops.serving import ROOT, database_url_of_this_test
from tests.smtp_server import SmtpServer, text_part

pytestmark = [
    pytest.mark.transactional,
    # What the migrations filled (roles, EST categories) is put back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a second process needs a shared database"
    ),
]

OFFICIALS = 600  # two digest batches: 500 and 100
SUBSCRIBERS = 150
KILL_AT = 540  # messages arrived: into the second digest batch


@pytest.fixture
def slow_smtp():
    """A server of its own that holds each answer back 2 ms, so the run can be caught."""
    with SmtpServer(delay=0.002) as server:
        yield server


@pytest.fixture
def due():
    """Officials with an insats without a follow-up, residents following an area with news."""
    grupp = InsatsFactory(title="Grannsamverkan Norrby").grupp
    hulta = OmradeFactory(name="Hulta", slug="hulta")
    InsatsFactory(title="Trygghetsvandring i Hulta", published=True, omraden=[hulta])
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"tjp{n}", email=f"tjp{n}@example.org", password="!")  # noqa: S106
        for n in range(OFFICIALS)
    )
    Gruppmedlemskap.objects.bulk_create(Gruppmedlemskap(user=u, grupp=grupp) for u in users)
    people = Prenumerant.objects.bulk_create(
        Prenumerant(email=f"invanare{n}@example.org") for n in range(SUBSCRIBERS)
    )
    through = Prenumerant.omraden.through
    through.objects.bulk_create(through(prenumerant=p, omrade=hulta) for p in people)
    return {
        **{u.email: "Grannsamverkan Norrby" for u in users},
        **{p.email: "Trygghetsvandring i Hulta" for p in people},
    }


def _batches(pks, size) -> list[set]:
    pks = sorted(pks)
    return [set(pks[i : i + size]) for i in range(0, len(pks), size)]


def _uncertain() -> tuple[set[str], list[set[str]]]:
    """The addresses left "being sent", and each batch's addresses as the run made them."""
    User = get_user_model()
    officials = dict(User.objects.exclude(email="").values_list("pk", "email"))
    residents = dict(Prenumerant.objects.values_list("pk", "email"))
    batches = [
        {officials[pk] for pk in batch} for batch in _batches(officials, sending.BATCH_SIZE)
    ] + [{residents[pk] for pk in batch} for batch in _batches(residents, nyheter.BATCH_SIZE)]
    uncertain = set(
        Paminnelse.objects.filter(status=Utskicksstatus.SKICKAS).values_list(
            "user__email", flat=True
        )
    ) | set(
        Prenumerationspost.objects.filter(status=Utskicksstatus.SKICKAS).values_list(
            "prenumerant__email", flat=True
        )
    )
    return uncertain, batches


def _received(server) -> Counter:
    return Counter(str(message["To"]) for message in list(server.messages))


def _run(settings, server, *args) -> str:
    settings.MAILERS = server.mailer_settings
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_killed_run_run_again_loses_nothing_and_duplicates_only_what_was_in_flight(
    due, slow_smtp, settings, tmp_path
):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment |= {
        "DATABASE_URL": database_url_of_this_test(),
        "DJANGO_SETTINGS_MODULE": "saker_trygg.settings",
        "DJANGO_EMAIL_BACKEND": "smtp",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(slow_smtp.port),
    }
    log = tmp_path / "send_reminders.log"
    with log.open("w") as output:
        sender = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "send_reminders", "--skip-checks"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while len(slow_smtp.messages) < KILL_AT and sender.poll() is None:
                assert time.monotonic() < deadline, "no messages arrived within 60 s"
                time.sleep(0.002)
            sender.send_signal(signal.SIGKILL)
        finally:
            sender.kill()
            sender.wait(timeout=30)
    assert sender.returncode == -signal.SIGKILL, log.read_text()
    time.sleep(0.2)  # a message whose data had arrived is still answered (2 ms) after the kill
    at_kill = _received(slow_smtp)
    assert KILL_AT <= sum(at_kill.values()) < len(due), "the kill came after the run"

    report = _run(settings, slow_smtp)

    received = _received(slow_smtp)
    uncertain, batches = _uncertain()
    assert max(received.values()) == 1, "a run again never sends a message twice"
    assert set(due) - set(received) - uncertain == set(), "nothing due is lost"
    assert uncertain, "the kill left the batch being sent uncertain"
    assert any(uncertain <= batch for batch in batches), "at most the batch being sent"
    in_flight = uncertain & set(at_kill)
    assert in_flight, "the kill came while messages were going out"
    assert f"osäkra: {len(uncertain)}" in report

    _run(settings, slow_smtp, "--release-uncertain", "--uncertain-minutes", "0")

    received = _received(slow_smtp)
    assert set(received) == set(due), "every due recipient has theirs"
    assert {r for r, count in received.items() if count > 1} == in_flight
    assert max(received.values()) == 2, "a released message goes out once more, never twice"
    for message in slow_smtp.messages:
        assert due[str(message["To"])] in text_part(message)

    before = len(slow_smtp.messages)
    report = _run(settings, slow_smtp)

    assert len(slow_smtp.messages) == before
    assert "Påminnelser skickade: 0" in report
    assert "Nyhetsbrev skickade: 0" in report
