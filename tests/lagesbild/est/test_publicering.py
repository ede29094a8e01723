"""EST counts become public figures only for a quarter someone decided to publish."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild import rules as access
from lagesbild.models import EstKvartalsbeslut, Handelsekategori, Handelserapport
from organisation.roles import ANALYTIKER, TJANSTEPERSON
from tests.factories import (
    GruppmedlemskapFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def est(db):
    area = SamverkansomradeFactory()
    grupp = SamverkansgruppFactory(samverkansomrade=area, kind="est", is_public=False)
    omrade = OmradeFactory(name="Hulta", slug="hulta")
    grupp.omraden.add(omrade)
    organ = OrganFactory()
    reporter = UserFactory()
    klotter = Handelsekategori.objects.get(slug="klotter")

    def report(day, text):
        return Handelserapport.objects.create(
            grupp=grupp,
            omrade=omrade,
            occurred_on=day,
            kategori=klotter,
            organ=organ,
            reporter=reporter,
            description=text,
        )

    # Q1 last year: three reports, one withdrawn. Q2: two, never decided.
    report(date(LAST_YEAR, 1, 10), "Hemligt spår ett")
    report(date(LAST_YEAR, 2, 11), "Hemligt spår två")
    withdrawn = report(date(LAST_YEAR, 3, 12), "Återkallat")
    Handelserapport.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    report(date(LAST_YEAR, 4, 13), "Opublicerat kvartal")
    report(date(LAST_YEAR, 5, 14), "Opublicerat kvartal")
    return {"area": area, "grupp": grupp, "omrade": omrade, "klotter": klotter}


def _page(client):
    return client.get(reverse("samverkan:omrade", kwargs={"slug": "hulta"})).content.decode()


def test_without_a_decision_no_est_count_reaches_the_district_page(est, client):
    page = _page(client)

    assert "Händelser rapporterade i EST" not in page
    assert Handelserapport.objects.filter(access.public_est_counts_q([])).count() == 0


def test_a_decided_quarter_shows_its_counts_and_nothing_of_the_reports(est, client, settings):
    # Every count printed, to see that the withdrawn report is not counted.
    settings.EST_PUBLIC_MIN_COUNT = 1
    analyst = UserFactory(roles=[ANALYTIKER])
    client.force_login(analyst)
    url = reverse("lagesbild:est_publicering", kwargs={"slug": est["grupp"].slug})

    response = client.post(url, {"year": LAST_YEAR, "quarter": 1})
    client.logout()
    page = _page(client)

    assert response.status_code == 302
    decision = EstKvartalsbeslut.objects.get()
    assert decision.decided_by == analyst and decision.decided_at is not None
    assert "Händelser rapporterade i EST" in page
    # Two current reports in Q1 (the withdrawn one does not count); Q2 is not decided.
    assert f'<th scope="row">{LAST_YEAR} K1</th><td>{est["klotter"].name}</td>' in page
    assert '<td class="text-end">2</td>' in page
    assert f"{LAST_YEAR} K2" not in page
    for text in ("Hemligt spår", "Återkallat", "Opublicerat kvartal"):
        assert text not in page


def test_a_quarter_that_has_not_ended_cannot_be_published(est, client):
    client.force_login(UserFactory(roles=[ANALYTIKER]))
    today = timezone.localdate()
    url = reverse("lagesbild:est_publicering", kwargs={"slug": est["grupp"].slug})

    response = client.post(url, {"year": today.year, "quarter": (today.month - 1) // 3 + 1})

    assert response.status_code == 400
    assert "Bara ett avslutat kvartal kan publiceras" in response.content.decode()
    assert not EstKvartalsbeslut.objects.exists()


def test_a_member_of_the_group_reads_it_but_may_not_publish_its_figures(est, client):
    member = UserFactory(roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=member, grupp=est["grupp"])
    client.force_login(member)

    response = client.get(reverse("lagesbild:est_publicering", kwargs={"slug": est["grupp"].slug}))

    assert response.status_code == 403


def test_withdrawing_a_decision_removes_the_counts_and_keeps_who_did_it(est, client):
    coordinator = UserFactory(roles=[TJANSTEPERSON])
    est["area"].coordinators.add(coordinator)
    decision = EstKvartalsbeslut.objects.create(
        grupp=est["grupp"], year=LAST_YEAR, quarter=1, decided_by=coordinator
    )
    client.force_login(coordinator)
    url = reverse("lagesbild:est_publicering", kwargs={"slug": est["grupp"].slug})

    response = client.post(url, {"withdraw": decision.pk})
    client.logout()

    assert response.status_code == 302
    assert not EstKvartalsbeslut.objects.exists()
    assert EstKvartalsbeslut.history.filter(history_type="-").get().history_user == coordinator
    assert "Händelser rapporterade i EST" not in _page(client)
