"""Each digest item reaches the demo accounts the access rules allow, and nobody else.

Rows with marker words are planted beside Borås demo data; each demo account's digest is
read from the local SMTP server. The table says who must get which marker; every other
account must not.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from lagesbild.models import Tipsarende
from lagesbild.utskick import facts
from lagesbild.utskick.items import Candidates
from lagesbild.utskick.sending import send_digests
from organisation import roles
from organisation.models import Forum, Organ
from samverkan.models import Samverkansgrupp, Samverkansomrade
from tests.factories import BeslutFactory, InsatsFactory, MoteFactory
from tests.smtp_server import attachments, html_part, text_part

ACCOUNTS = ["tjansteperson", "samordnare", "analytiker", "admin", "est-rapportor"]

# marker → the demo accounts whose digest must hold it (all others must not).
EXPECTED = {
    "MARKUPPFOLJNING": {"tjansteperson", "samordnare"},
    "MARKSLUTDATUM": {"tjansteperson", "samordnare"},
    "MARKANNANGRUPP": set(),
    "MARKUTKAST": {"samordnare"},
    "MARKBRAMOTE": {"samordnare", "analytiker"},
    "MARKANTECKNINGAR": {"samordnare"},
    "MARKBESLUTOPPET": {"est-rapportor"},
    # The decision is Polisen's, but the minutes are unpublished and the reporter is no
    # member of the forum: the rules keep it from them.
    "MARKBESLUTDOLT": set(),
    # Every other new tip is removed below: the section is there for this one alone.
    "Tips som väntar på bedömning": {"est-rapportor"},
    "EST-veckan": {"est-rapportor"},
}


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    now = timezone.now()
    today = timezone.localdate(now)
    lokal = Samverkansgrupp.objects.get(slug="lokala-omradesnatverk")
    other_group = (
        Samverkansgrupp.objects.exclude(kind="est")
        .exclude(memberships__isnull=False)
        .exclude(samverkansomrade__coordinators__isnull=False)
        .first()
    )
    area = lokal.samverkansomrade
    InsatsFactory(
        title="MARKUPPFOLJNING utan uppföljning",
        samverkansomrade=area,
        grupp=lokal,
        published=True,
    )
    InsatsFactory(
        title="MARKSLUTDATUM förbi slutet",
        samverkansomrade=area,
        grupp=lokal,
        status="planerad",
        start_date=None,
        end_date=today - timedelta(days=3),
        published=True,
    )
    InsatsFactory(
        title="MARKANNANGRUPP ingens",
        samverkansomrade=other_group.samverkansomrade,
        grupp=other_group,
    )
    InsatsFactory(
        title="MARKUTKAST väntar",
        samverkansomrade=area,
        grupp=lokal,
        status="planerad",
        start_date=None,
    )
    bra = Forum.objects.get(slug="bra")
    MoteFactory(
        forum=bra,
        planned=True,
        title="MARKBRAMOTE fokusmöte",
        starts_at=now + timedelta(days=3),
        is_public=False,
    )
    MoteFactory(forum=bra, title="MARKANTECKNINGAR halvdag", starts_at=now - timedelta(days=30))
    polisen = Organ.objects.get(slug="polisen")
    public_forum = Forum.objects.filter(is_public=True).exclude(slug="bra").first()
    published = MoteFactory(
        forum=public_forum, is_public=True, published=True, starts_at=now - timedelta(days=40)
    )
    BeslutFactory(
        mote=published,
        text="MARKBESLUTOPPET belysning",
        responsible=polisen,
        due_date=today - timedelta(days=5),
    )
    hidden = MoteFactory(forum=public_forum, is_public=True, starts_at=now - timedelta(days=40))
    BeslutFactory(
        mote=hidden,
        text="MARKBESLUTDOLT internt",
        responsible=polisen,
        due_date=today - timedelta(days=5),
    )
    Tipsarende.objects.filter(status="ny").delete()
    Tipsarende.objects.create(
        omrade=Samverkansgrupp.objects.get(slug="est-hulta").omraden.get(),
        kategori="belysning",
        place_key="hulta torg-tips",
    )
    return {"now": now, "tips_receivers": Samverkansomrade.objects.filter(receives_tips=True)}


def _digests(smtp):
    by_user = {}
    for message in smtp.messages:
        username = str(message["To"]).split("@")[0]
        by_user[username] = text_part(message) + html_part(message)
    return by_user


@pytest.mark.django_db
def test_each_item_reaches_exactly_the_demo_accounts_the_rules_allow(smtp, demo):
    outcome = send_digests(now=demo["now"])

    assert outcome.failed == 0
    digests = _digests(smtp)
    for marker, expected in EXPECTED.items():
        got = {name for name in ACCOUNTS if marker.lower() in digests.get(name, "").lower()}
        assert got == expected, marker


@pytest.mark.django_db
def test_a_digest_has_both_parts_absolute_links_a_footer_and_an_ics_per_meeting(smtp, demo):
    send_digests(now=demo["now"])

    (message,) = smtp.to("samordnare@example.org")
    text = text_part(message)
    assert "https://trygg.example.se/arbetsyta/insatser/" in text
    assert "https://trygg.example.se/arbetsyta/paminnelser/" in text
    assert "Du får det här e-postmeddelandet eftersom" in text
    assert "du samordnar forumet" in text
    assert '<a href="https://trygg.example.se/arbetsyta/' in html_part(message)
    calendars = [a for a in attachments(message) if a.get_content_type() == "text/calendar"]
    contents = [a.get_content() for a in calendars]
    assert any("MARKBRAMOTE" in (c.decode() if isinstance(c, bytes) else c) for c in contents)


@pytest.mark.django_db
def test_primed_facts_are_what_the_rules_compute_for_each_demo_account(demo):
    for username in ACCOUNTS:
        fresh = get_user_model().objects.get(username=username)
        primed = get_user_model().objects.get(username=username)
        facts.prime_batch([primed])
        candidates = Candidates.load(now=demo["now"])
        expected = [i.key for i in candidates.items_for(fresh)]
        assert [i.key for i in candidates.items_for(primed)] == expected, username
        roles.forget(primed)
