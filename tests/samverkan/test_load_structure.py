import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisation.models import Forum, Forumdeltagande, Kommun, Motesrytm, Organ
from organisation.services import StructureError
from samverkan.models import Omrade, Samverkansgrupp, Samverkansomrade
from samverkan.services import DEFAULT_STRUCTURE_FILE, load_structure

MODELS = [
    Kommun,
    Organ,
    Forum,
    Motesrytm,
    Forumdeltagande,
    Samverkansomrade,
    Samverkansgrupp,
    Omrade,
]


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def write_variant(tmp_path: Path, edit) -> Path:
    """The Borås file with one deliberate change, written as TOML."""
    text = DEFAULT_STRUCTURE_FILE.read_text(encoding="utf-8")
    path = tmp_path / "variant.toml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_boras_file_loads_the_whole_structure(db):
    summary = load_structure()

    assert summary.kommun == "Borås Stad"
    assert Kommun.objects.get().code == "1490"
    assert Kommun.objects.get().logo == "img/kommun/exempellogotyp.svg"
    assert Samverkansomrade.objects.count() == 5
    bra = Forum.objects.get(slug="bra")
    assert bra.short_name == "Brå"
    assert bra.coordinator.name == "Fritids- och folkhälsonämnden"
    assert bra.reports_to.slug == "strategisk-utvecklingsgrupp"
    assert {(r.kind, r.min_per_year, r.max_per_year) for r in bra.cadence_rules.all()} == {
        ("halvdag", 3, 3),
        ("fokusmote", 4, 6),
    }
    assert len(bra.task_list) == 3
    strategic = Forum.objects.get(slug="strategisk-utvecklingsgrupp")
    assert strategic.responsible.name == "Kommunstyrelsen"
    assert strategic.steering_documents.count() == 4
    assert strategic.participations.filter(organ__slug="polisen").exists()
    assert Organ.objects.get(slug="cks").parent.slug == "stadsledningskansliet"
    area = Samverkansomrade.objects.get(slug="trygga-miljoer")
    assert area.coordinating_body.name == "Tekniska nämnden"
    assert list(area.groups.values_list("name", flat=True)) == ["Borås rent och snyggt"]
    assert Omrade.objects.filter(name__in=["Hulta", "Hässleholmen", "Dalsjöfors"]).count() == 3


def test_shipped_file_names_roles_not_private_persons():
    data = tomllib.loads(DEFAULT_STRUCTURE_FILE.read_text(encoding="utf-8"))
    text = DEFAULT_STRUCTURE_FILE.read_text(encoding="utf-8")
    # Names that appear in the seed documents must not be shipped as data.
    for name in ["Malin Carlsson", "Ulf Olsson", "Ingegerd Eriksson", "Svante Stomberg"]:
        assert name not in text
    assert "tfn" not in text.lower()
    assert all(
        "@" not in str(entry) or "example.org" in str(entry) for entry in data["kommun"].values()
    )


def test_loading_twice_changes_nothing(db):
    load_structure()
    before = row_counts()
    history_before = Forum.history.count() + Organ.history.count()

    load_structure()

    assert row_counts() == before
    assert Forum.history.count() + Organ.history.count() == history_before


def test_reloading_updates_a_changed_value(db, tmp_path):
    load_structure()
    path = write_variant(
        tmp_path,
        lambda t: t.replace('cadence_note = "Efter behov"', 'cadence_note = "Fyra gånger per år"'),
    )

    load_structure(path=path)

    assert (
        Forum.objects.get(slug="drogpolitiska-ledningsgruppen").cadence_note == "Fyra gånger per år"
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.replace(
                'responsible = "fritids-och-folkhalsonamnden"', 'responsible = "finns-inte"'
            ),
            "forum[bra]: 'responsible' pekar på 'finns-inte'",
        ),
        (
            lambda t: t.replace('kind = "extern"', 'kind = "utomjordisk"', 1),
            "okänt värde 'utomjordisk' för 'kind'",
        ),
        (
            lambda t: t.replace('slug = "grundskolenamnden"', 'slug = "forskolenamnden"'),
            "organ[forskolenamnden]: samma slug förekommer flera gånger",
        ),
        (
            lambda t: t.replace(
                '{ kind = "fokusmote", min = 4, max = 6 }',
                '{ kind = "fokusmote", min = 6, max = 4 }',
            ),
            "forum[bra].cadence[1]",
        ),
        (lambda t: t.replace('code = "1490"', 'code = "14900"'), "kommunkod med fyra siffror"),
        (
            lambda t: t.replace(
                'coordinating_body = "tekniska-namnden"', 'coordinating_body = "trafikverket"'
            ),
            "samverkansomrade[trygga-miljoer]: 'coordinating_body' pekar på 'trafikverket'",
        ),
        (lambda t: t + "\n[[forum]\nslug = trasig\n", "inte giltig TOML"),
        (
            lambda t: t.replace(
                'logo = "img/kommun/exempellogotyp.svg"', 'logo = "../../etc/passwd.svg"'
            ),
            "'logo' ska vara en statisk bildfil",
        ),
        (
            lambda t: t.replace(
                'logo = "img/kommun/exempellogotyp.svg"', 'logo = "img/kommun/finns-inte.svg"'
            ),
            "'logo' ska vara en statisk bildfil",
        ),
    ],
    ids=[
        "unknown-reference",
        "unknown-kind",
        "duplicate-slug",
        "rhythm-min-above-max",
        "bad-kommun-code",
        "unknown-coordinating-body",
        "broken-toml",
        "logo-outside-static",
        "logo-missing",
    ],
)
def test_bad_file_is_refused_with_its_place_and_nothing_is_written(db, tmp_path, edit, expected):
    path = write_variant(tmp_path, edit)

    with pytest.raises(StructureError) as excinfo:
        load_structure(path=path)

    assert any(expected in error for error in excinfo.value.errors), excinfo.value.errors
    assert set(row_counts().values()) == {0}


def test_error_found_only_by_the_database_rolls_everything_back(db, tmp_path):
    # Two bodies with different slugs but the same name pass the file checks and are
    # stopped by the unique constraint half-way through writing.
    path = write_variant(
        tmp_path, lambda t: t.replace('name = "Kulturnämnden"', 'name = "Förskolenämnden"')
    )

    with pytest.raises(StructureError):
        load_structure(path=path)

    assert set(row_counts().values()) == {0}


def test_bad_file_leaves_an_existing_structure_untouched(db, tmp_path):
    load_structure()
    before = row_counts()
    path = write_variant(
        tmp_path,
        lambda t: t.replace('name = "Tekniska nämnden"', 'name = "Nya tekniska nämnden"').replace(
            'forum = "bra"', 'forum = "saknas"', 1
        ),
    )

    with pytest.raises(StructureError):
        load_structure(path=path)

    assert row_counts() == before
    assert Organ.objects.filter(name="Tekniska nämnden").exists()


def test_command_reports_every_error_and_says_nothing_changed(db, tmp_path):
    path = write_variant(
        tmp_path,
        lambda t: t.replace('level = "taktisk"', 'level = "galaktisk"', 1).replace(
            'parent = "kommunstyrelsen"', 'parent = "regeringen"'
        ),
    )

    with pytest.raises(CommandError) as excinfo:
        call_command("load_structure", str(path))

    message = str(excinfo.value)
    assert "ingenting har ändrats" in message
    assert "galaktisk" in message
    assert "regeringen" in message


def test_command_loads_the_default_file(db, capsys):
    call_command("load_structure")

    assert "Borås Stad: 21 organ, 3 forum, 5 samverkansområden" in capsys.readouterr().out
