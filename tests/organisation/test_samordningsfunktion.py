"""The samordningsfunktion Lag 2023:196 requires: loaded from the structure file, public."""

import pytest
from django.core.exceptions import ValidationError

from organisation.models import Samordningsfunktion
from organisation.services import StructureError
from samverkan.services import DEFAULT_STRUCTURE_FILE, load_structure


def _variant(tmp_path, old, new):
    text = DEFAULT_STRUCTURE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_boras_structure_file_records_who_holds_the_coordinating_function(db):
    load_structure()

    funktion = Samordningsfunktion.objects.get()
    assert funktion.organ.slug == "kommunstyrelsen"
    assert funktion.unit.slug == "cks"
    assert "strategiska utvecklingsgruppen" in funktion.mandate
    assert funktion.contact_email == "sakerochtrygg@example.org"


def test_loading_the_structure_twice_adds_no_history_to_the_function(db):
    load_structure()
    load_structure()

    assert Samordningsfunktion.history.count() == 1


def test_a_function_held_by_an_unknown_body_is_refused_and_nothing_is_written(db, tmp_path):
    path = _variant(tmp_path, 'organ = "kommunstyrelsen"\nunit', 'organ = "finns-inte"\nunit')

    with pytest.raises(StructureError) as refused:
        load_structure(path=path)

    assert any("samordningsfunktion" in error for error in refused.value.errors)
    assert not Samordningsfunktion.objects.exists()


def test_the_organisation_page_shows_the_function_its_mandate_and_contact(client, db):
    load_structure()

    page = client.get("/organisation/").content.decode()

    assert "Samordningsfunktion" in page
    assert "Samordnare för Säker och trygg kommun vid Centrum för kunskap och säkerhet" in page
    assert "har uppdraget att samordna" in page
    assert "mailto:sakerochtrygg@example.org" in page


def test_the_organisation_page_has_no_function_section_when_none_is_recorded(client, db):
    load_structure()
    Samordningsfunktion.objects.all().delete()

    assert "Samordningsfunktion" not in client.get("/organisation/").content.decode()


def test_a_personnummer_in_the_mandate_is_refused_because_the_function_is_public(db):
    load_structure()
    funktion = Samordningsfunktion.objects.get()
    funktion.mandate = "Ansvarig är 19811218-9876."

    with pytest.raises(ValidationError):
        funktion.save()
