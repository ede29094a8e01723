"""No request prints a PDF: the worker does, the page shows progress; residents download
submitted versions; stored versions are archival PDF/A and still tagged."""

from datetime import date

import pytest
from django.urls import reverse

from lagesbild.models import Arsbedomning, Rapportutskrift
from lagesbild.services import submit_report
from lagesbild.tasks import print_report
from tests.factories import InsatsFactory, SamverkansomradeFactory
from tests.lagesbild.rapport.pdf import pdf_text, read_pdf

YEAR = 2025


@pytest.fixture
def insats(db):
    return InsatsFactory(
        samverkansomrade=SamverkansomradeFactory(name="Samverkan Centrum"),
        title="Trygghetsvandring i centrum",
        published=True,
        start_date=date(YEAR, 2, 1),
    )


@pytest.fixture
def worker_not_running(settings):
    """Tasks are stored and wait, as when the request comes before the worker gets to it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _public_pdf():
    return reverse("lagesbild:rapport_public_pdf", kwargs={"year": YEAR})


def test_the_first_request_queues_one_print_and_shows_its_progress(
    client, insats, worker_not_running
):
    first = client.get(_public_pdf())
    second = client.get(_public_pdf())

    for response in (first, second):
        assert response.status_code == 202
        assert response["Content-Type"].startswith("text/html")
        assert "Rapporten står i kö för utskrift." in response.content.decode()
        assert response["Retry-After"] == "3"
    assert Rapportutskrift.objects.count() == 1
    row = Rapportutskrift.objects.get()
    assert row.public and row.status == Rapportutskrift.Status.QUEUED


def test_once_the_worker_has_printed_the_file_is_offered(client, insats, worker_not_running):
    client.get(_public_pdf())
    row = Rapportutskrift.objects.get()

    print_report.call(row.pk)  # what the worker does
    response = client.get(_public_pdf())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Trygghetsvandring i centrum" in pdf_text(response.content)
    row.refresh_from_db()
    assert row.status == Rapportutskrift.Status.DONE and row.finished_at


def test_a_change_of_the_data_queues_a_new_print(client, insats, worker_not_running):
    client.get(_public_pdf())
    insats.title = "Nytt namn"
    insats.save()

    client.get(_public_pdf())

    assert Rapportutskrift.objects.count() == 2


def test_a_resident_downloads_a_submitted_versions_public_edition_without_login(
    client, insats, analyst
):
    submit_report(year=YEAR, user=analyst, note="Dnr KS 2026-00012")

    public = client.get(reverse("lagesbild:version_public_pdf", kwargs={"year": YEAR, "number": 1}))
    internal = client.get(reverse("lagesbild:version_pdf", kwargs={"year": YEAR, "number": 1}))
    listing = client.get(reverse("lagesbild:rapporter")).content.decode()

    assert public.status_code == 200
    assert "Publik utgåva" in pdf_text(public.content)
    assert internal.status_code == 302  # to the login page
    assert reverse("lagesbild:version_public_pdf", kwargs={"year": YEAR, "number": 1}) in listing
    assert reverse("lagesbild:version_pdf", kwargs={"year": YEAR, "number": 1}) not in listing


def test_a_submitted_version_is_archival_pdf_a_and_keeps_its_structure_tree(insats, analyst):
    version = submit_report(year=YEAR, user=analyst)

    for content in (bytes(version.pdf), bytes(version.public_pdf)):
        reader = read_pdf(content)
        xmp = reader.xmp_metadata
        assert xmp is not None
        xml = xmp.stream.get_data().decode()
        assert "<pdfaid:part>3</pdfaid:part>" in xml or 'pdfaid:part="3"' in xml
        assert "<pdfaid:conformance>A</pdfaid:conformance>" in xml or (
            'pdfaid:conformance="A"' in xml
        )
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"]
        tree = root["/StructTreeRoot"].get_object()
        kinds = set()
        pending = [tree]
        while pending and len(kinds) < 50:
            node = pending.pop()
            kids = node.get("/K")
            kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
            for kid in kids:
                kid = kid.get_object() if hasattr(kid, "get_object") else kid
                if isinstance(kid, dict):
                    if "/S" in kid:
                        kinds.add(str(kid["/S"]))
                    pending.append(kid)
        assert {"/H1", "/Table"} <= kinds or {"/H1", "/P"} <= kinds


def test_submitting_takes_the_analysts_draft_out_of_draft(client, insats, analyst):
    Arsbedomning.objects.create(year=YEAR, proposal="Lägg rapporten till handlingarna.")
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:rapport_submit", kwargs={"year": YEAR}), {"confirm": "on"}, follow=True
    )

    assert "Version 1 av årsuppföljningen 2025" in response.content.decode()
    assert not Arsbedomning.objects.get(year=YEAR).is_draft
    public = client.get(reverse("lagesbild:version_public_pdf", kwargs={"year": YEAR, "number": 1}))
    assert "Lägg rapporten till handlingarna." in pdf_text(public.content)


def test_the_analyst_writes_the_assessment_in_the_workspace(client, analyst, official):
    url = reverse("lagesbild:rapport_text", kwargs={"year": YEAR})
    client.force_login(official)
    assert client.get(url).status_code == 404

    client.force_login(analyst)
    response = client.post(
        url,
        {
            "proposal": "Förslag",
            "assessment": "Bedömning",
            "conclusions": "",
            "diarienummer": "KS 1",
        },
        follow=True,
    )

    assert "Bedömningen för 2025 är sparad som utkast" in response.content.decode()
    text = Arsbedomning.objects.get(year=YEAR)
    assert text.is_draft and text.updated_by == analyst and text.diarienummer == "KS 1"


def test_a_personnummer_in_the_assessment_is_refused_with_a_message_on_the_field(client, analyst):
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:rapport_text", kwargs={"year": YEAR}),
        {"assessment": "Gäller 19811218-9876."},
    )

    assert response.status_code == 200
    assert "personnummer" in response.content.decode()
    assert not Arsbedomning.objects.exists()
