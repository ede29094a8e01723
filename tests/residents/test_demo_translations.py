"""The demo ships English for its main public content, loaded from a data file."""

import pytest

from lagesbild.demo_translations import load_demo_translations
from lagesbild.models import Indikator
from organisation.services import StructureError
from samverkan.models import Insats

pytestmark = pytest.mark.usefixtures("demo_module", "db")


def test_the_english_start_page_is_english_content(client):
    html = client.get("/en/").content.decode()

    assert "Together we create safety" in html
    assert "Tillsammans skapar vi trygghet" not in html
    assert "Crime Prevention Council" in html


def test_the_english_intervention_page_shows_the_english_text(client):
    html = client.get("/en/insatser/trygghetsvandringar/").content.decode()

    assert "<h1>Safety walks</h1>" in html
    assert "<strong>the Technical Services Committee</strong>" in html
    assert "Innehållet finns bara på svenska" not in html


def test_every_public_demo_insats_and_key_figure_has_english(db):
    public = Insats.objects.published().filter(visibility=Insats.Visibility.PUBLIC)

    assert public.exists()
    assert not public.filter(title_en="").exists()
    assert not public.filter(summary_en="").exists()
    assert not Indikator.objects.filter(name_en="").exists()
    assert not Indikator.objects.filter(unit_en="").exists()


def test_english_key_figures_have_english_units(client):
    html = client.get("/en/nyckeltal/").content.decode()

    assert "Per 1,000 inhabitants" in html
    assert "1 000 invånare" not in html


def test_the_loader_refuses_a_file_with_an_unknown_row_and_writes_nothing(tmp_path):
    path = tmp_path / "translations.toml"
    path.write_text(
        '[en.insats.trygghetsvandringar]\ntitle = "Walks"\n\n'
        '[en.insats.finns-inte]\ntitle = "Nothing"\n\n'
        '[en.forum.bra]\nchair = "Someone"\n',
        encoding="utf-8",
    )

    with pytest.raises(StructureError) as caught:
        load_demo_translations(path=path)

    assert caught.value.errors == [
        "en.insats.finns-inte: finns inte",
        "en.forum.bra.chair: inget översättningsbart textfält",
    ]
    assert Insats.objects.get(slug="trygghetsvandringar").title_en == "Safety walks"


def test_the_loader_runs_the_personnummer_guard_on_every_translation(tmp_path):
    path = tmp_path / "translations.toml"
    path.write_text(
        '[en.insats.grannsamverkan]\ntitle = "Neighbours"\n\n'
        '[en.insats.trygghetsvandringar]\nsummary = "Ask 811218-9876"\n',
        encoding="utf-8",
    )

    with pytest.raises(StructureError):
        load_demo_translations(path=path)

    assert Insats.objects.get(slug="grannsamverkan").title_en == "Neighbourhood watch"
