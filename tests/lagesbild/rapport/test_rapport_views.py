"""Who reaches which edition of the annual report, and how a submitted version is kept."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import Arsuppfoljning, Arsuppfoljningsversion
from lagesbild.services import submit_report
from samverkan.models import Insats
from tests.factories import (
    ArsuppfoljningsversionFactory,
    InsatsFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
)
from tests.lagesbild.rapport.pdf import pdf_text

YEAR = 2025


@pytest.fixture
def insats(db):
    area = SamverkansomradeFactory(name="Samverkan Centrum")
    insats = InsatsFactory(
        samverkansomrade=area,
        title="Trygghetsvandring i centrum",
        published=True,
        start_date=date(YEAR, 2, 1),
    )
    UppfoljningFactory(
        insats=insats,
        date=date(YEAR, 3, 1),
        done="Vandring runt torget",
        result="Tolv boende deltog i vandringen",
    )
    return insats


def _preview(year=YEAR):
    return reverse("lagesbild:rapport", kwargs={"year": year})


def _pdf(year=YEAR):
    return reverse("lagesbild:rapport_pdf", kwargs={"year": year})


def _public_pdf(year=YEAR):
    return reverse("lagesbild:rapport_public_pdf", kwargs={"year": year})


def _submit(year=YEAR):
    return reverse("lagesbild:rapport_submit", kwargs={"year": year})


def test_urls_are_the_ones_in_the_issue():
    assert _preview() == "/rapporter/arsuppfoljning/2025/"
    assert _pdf() == "/rapporter/arsuppfoljning/2025.pdf"
    assert _public_pdf() == "/rapporter/arsuppfoljning/2025/publik.pdf"
    assert reverse("lagesbild:rapporter") == "/rapporter/"


@pytest.mark.parametrize("url", [_preview(), _pdf(), _submit()])
def test_anonymous_visitor_is_sent_to_login_for_the_internal_report(client, insats, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisation:login"))


def test_anonymous_visitor_gets_the_public_pdf(client, insats):
    response = client.get(_public_pdf())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="arsuppfoljning-2025-publik.pdf"' in response["Content-Disposition"]
    assert "Trygghetsvandring i centrum" in pdf_text(response.content)


def test_official_without_a_report_role_gets_404_for_the_internal_report(client, insats, official):
    client.force_login(official)

    for url in [_preview(), _pdf(), _submit()]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["coordinator", "analyst", "administrator"])
def test_report_roles_see_the_preview_with_the_years_insatser(client, insats, role, request):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_preview())

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="omslag-titel">Årsuppföljning 2025</h1>' in html
    assert "Trygghetsvandring i centrum" in html
    assert "Tolv boende deltog i vandringen" in html
    assert "Ingen version av årsuppföljningen 2025 har lämnats in ännu." in html
    assert "registrerad när rapporten skrivs ut" in html


def test_internal_pdf_is_served_inline_to_an_analyst(client, insats, analyst):
    client.force_login(analyst)

    response = client.get(_pdf())

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="arsuppfoljning-2025.pdf"'
    assert "Intern utgåva" in pdf_text(response.content)


@pytest.mark.parametrize(
    "url",
    [
        "/rapporter/arsuppfoljning/1066/",
        "/rapporter/arsuppfoljning/9999/",
        "/rapporter/arsuppfoljning/0000.pdf",
        "/rapporter/arsuppfoljning/9999/publik.pdf",
        "/rapporter/arsuppfoljning/tjugo/",
        "/rapporter/arsuppfoljning/2025a/",
        "/rapporter/arsuppfoljning/20250/",
        "/rapporter/arsuppfoljning/-2025/",
    ],
)
def test_non_numeric_or_absurd_year_answers_404(client, analyst, url):
    client.force_login(analyst)

    assert client.get(url).status_code == 404


def test_year_without_data_gives_a_clear_empty_preview(client, analyst):
    SamverkansomradeFactory(name="Samverkan Norr")
    client.force_login(analyst)

    response = client.get(_preview(2031))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Inga insatser registrerade 2031." in html
    assert "Inga insatser registrerade 2031 inom samverkansområdet." in html


def test_submission_needs_the_confirmation_box(client, insats, coordinator):
    client.force_login(coordinator)

    page = client.get(_submit())
    response = client.post(_submit(), {"note": "KS 2026/12"})

    assert "Lämna in årsuppföljningen 2025 till Kommunstyrelsen" in page.content.decode()
    assert response.status_code == 200
    assert "Kryssa i rutan för att bekräfta inlämningen." in response.content.decode()
    assert not Arsuppfoljningsversion.objects.exists()


def test_submission_is_refused_without_a_csrf_token(insats, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(_submit(), {"confirm": "on"})

    assert response.status_code == 403
    assert not Arsuppfoljningsversion.objects.exists()


def test_submitted_version_keeps_its_bytes_and_checksum_when_the_data_changes(
    client, insats, coordinator
):
    client.force_login(coordinator)
    response = client.post(_submit(), {"confirm": "on", "note": "KS 2026/12"}, follow=True)
    version = Arsuppfoljningsversion.objects.get()
    stored_pdf, stored_checksum = bytes(version.pdf), version.checksum
    assert "Version 1 av årsuppföljningen 2025 är sparad" in response.content.decode()
    assert "Det aktuella underlaget är detsamma som i version 1" in response.content.decode()

    insats.title = "Helt nytt namn på vandringen"
    insats.save()
    download = client.get(reverse("lagesbild:version_pdf", kwargs={"year": YEAR, "number": 1}))
    preview = client.get(_preview()).content.decode()

    version.refresh_from_db()
    assert bytes(version.pdf) == stored_pdf
    assert version.checksum == stored_checksum
    assert download.content == stored_pdf
    assert "Trygghetsvandring i centrum" in pdf_text(download.content)
    assert "Helt nytt namn på vandringen" not in pdf_text(download.content)
    assert "Det aktuella underlaget skiljer sig från version 1" in preview


def test_archived_version_is_downloaded_as_an_attachment_that_is_not_sniffed(
    client, insats, analyst
):
    submit_report(year=YEAR, user=analyst, note="Dnr KS 2026-00012")
    client.force_login(analyst)

    internal = client.get(reverse("lagesbild:version_pdf", kwargs={"year": YEAR, "number": 1}))
    public = client.get(reverse("lagesbild:version_public_pdf", kwargs={"year": YEAR, "number": 1}))

    assert internal["Content-Disposition"] == (
        'attachment; filename="arsuppfoljning-2025-version-1.pdf"'
    )
    assert public["Content-Disposition"] == (
        'attachment; filename="arsuppfoljning-2025-version-1-publik.pdf"'
    )
    for response in (internal, public):
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
    internal_text, public_text = pdf_text(internal.content), pdf_text(public.content)
    assert "Version 1, inlämnad till Kommunstyrelsen" in internal_text
    assert "Dnr KS 2026-00012" in internal_text
    assert "Intern utgåva" in internal_text and "Publik utgåva" in public_text


def test_officials_without_a_report_role_and_visitors_cannot_download_versions(
    client, insats, analyst, official
):
    submit_report(year=YEAR, user=analyst)
    url = reverse("lagesbild:version_pdf", kwargs={"year": YEAR, "number": 1})

    assert client.get(url).status_code == 302
    client.force_login(official)
    assert client.get(url).status_code == 404
    client.force_login(analyst)
    assert (
        client.get(reverse("lagesbild:version_pdf", kwargs={"year": YEAR, "number": 2})).status_code
        == 404
    )


def test_unchanged_data_is_not_submitted_twice(client, insats, analyst):
    submit_report(year=YEAR, user=analyst)
    client.force_login(analyst)

    response = client.post(_submit(), {"confirm": "on"}, follow=True)

    assert "Underlaget har inte ändrats sedan version 1" in response.content.decode()
    assert Arsuppfoljningsversion.objects.count() == 1


def test_changed_data_is_submitted_as_the_next_version(insats, analyst):
    submit_report(year=YEAR, user=analyst)
    insats.status = Insats.Status.AVSLUTAD
    insats.end_date = date(YEAR, 11, 30)
    insats.save()

    second = submit_report(year=YEAR, user=analyst)

    assert second.number == 2
    assert Arsuppfoljning.objects.get().versions.count() == 2


def test_a_stored_version_cannot_be_saved_again(insats, analyst):
    version = submit_report(year=YEAR, user=analyst)
    version.note = "Ändrad i efterhand"

    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_report_list_shows_public_editions_to_visitors_and_versions_to_report_roles(
    client, insats, analyst
):
    submit_report(year=YEAR, user=analyst, note="Dnr KS 2026-00012")

    public_html = client.get(reverse("lagesbild:rapporter")).content.decode()
    client.force_login(analyst)
    internal_html = client.get(reverse("lagesbild:rapporter")).content.decode()

    assert f'href="{_public_pdf()}"' in public_html
    assert f'href="{_preview()}"' not in public_html
    assert "Dnr KS 2026-00012" not in public_html
    assert f'href="{_preview()}"' in internal_html
    assert "Dnr KS 2026-00012" in internal_html
    assert reverse("lagesbild:version_pdf", kwargs={"year": YEAR, "number": 1}) in internal_html


def test_report_list_does_not_show_years_that_only_have_drafts_to_visitors(client, db):
    InsatsFactory(
        title="Utkast", start_date=date(2012, 1, 1), status="avslutad", end_date=date(2012, 6, 1)
    )

    html = client.get(reverse("lagesbild:rapporter")).content.decode()

    assert "2012" not in html


def test_report_list_queries_do_not_grow_with_years_and_versions(client, analyst, db):
    def count_queries():
        client.force_login(analyst)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("lagesbild:rapporter")).status_code == 200
        return len(queries)

    InsatsFactory(published=True, start_date=date(2024, 1, 1))
    ArsuppfoljningsversionFactory(arsuppfoljning__year=2024)
    few = count_queries()
    for year in range(2015, 2024):
        InsatsFactory(
            published=True,
            status="avslutad",
            start_date=date(year, 1, 1),
            end_date=date(year, 2, 1),
        )
        ArsuppfoljningsversionFactory(arsuppfoljning__year=year, number=1)
        ArsuppfoljningsversionFactory(arsuppfoljning__year=year, number=2)

    html = client.get(reverse("lagesbild:rapporter")).content.decode()
    assert count_queries() == few
    assert html.count("Intern utgåva<span") == 19


def test_workspace_links_to_the_reports_and_the_organisation_page_to_the_public_editions(
    client, boras, official
):
    organisation = client.get(reverse("samverkan:organisation")).content.decode()
    client.force_login(official)
    workspace = client.get(reverse("samverkan:arbetsyta")).content.decode()

    assert f'href="{reverse("lagesbild:rapporter")}"' in organisation
    assert f'href="{reverse("lagesbild:rapporter")}"' in workspace


def test_report_pages_are_available_in_english_under_en(client, insats, analyst):
    client.force_login(analyst)

    response = client.get("/en" + _preview())

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    # The report itself is a Swedish document whatever the interface language.
    assert "Årsuppföljning 2025" in response.content.decode()


def test_current_year_is_offered_with_the_years_that_have_data(client, analyst, db):
    this_year = timezone.localdate().year
    InsatsFactory(published=True, start_date=date(this_year - 1, 5, 1))
    client.force_login(analyst)

    html = client.get(reverse("lagesbild:rapporter")).content.decode()

    assert f'href="{_preview(this_year)}"' in html
    assert f'href="{_preview(this_year - 1)}"' in html
    assert f'href="{_preview(this_year - 2)}"' not in html
