"""The demo's translations of its public content, from ``data/translations_demo.toml``.

Loaded after everything else, since it translates rows the other loaders make. The whole
file is checked first (known language, kind, row and translatable field), then every row is
saved through the model, so the personnummer guard reads each translation; a problem
anywhere leaves nothing half-written. Loading twice changes nothing.
"""

import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from lagesbild.models import Indikator
from organisation.models import Forum, Kommun
from organisation.services import StructureError
from organisation.translation import translation_languages
from samverkan.models import Insats, Omrade

DEMO_FILE = Path(__file__).resolve().parent / "data" / "translations_demo.toml"

# Kind in the file → the model and the field a row is found by.
KINDS = {
    "forum": (Forum, "slug"),
    "insats": (Insats, "slug"),
    "omrade": (Omrade, "slug"),
    "indikator": (Indikator, "code"),
}


def _plan(data: dict) -> tuple[dict, list[str]]:
    """Row → {column: text}, and every problem of the file with its place."""
    changes: dict = {}
    errors: list[str] = []
    for language, kinds in data.items():
        if language not in translation_languages():
            errors.append(f"{language}: inget innehållsspråk med egna kolumner")
            continue
        for kind, rows in kinds.items():
            if kind == "kommun":
                rows = {"": rows}
                model, key, found = Kommun, None, {"": Kommun.objects.first()}
            elif kind in KINDS:
                model, key = KINDS[kind]
                found = model.objects.in_bulk(list(rows), field_name=key)
            else:
                errors.append(f"{language}.{kind}: okänt slag")
                continue
            for ident, fields in rows.items():
                place = ".".join(part for part in (language, kind, ident) if part)
                row = found.get(ident)
                if row is None:
                    errors.append(f"{place}: finns inte")
                    continue
                for name, text in fields.items():
                    if name not in model.translated_fields or not isinstance(text, str):
                        errors.append(f"{place}.{name}: inget översättningsbart textfält")
                        continue
                    changes.setdefault(row, {})[f"{name}_{language}"] = text.strip()
    return changes, errors


@transaction.atomic
def load_demo_translations(*, path: Path = DEMO_FILE) -> int:
    """Returns the number of texts translated; raises StructureError listing every problem."""
    with open(path, "rb") as handle:
        changes, errors = _plan(tomllib.load(handle))
    if errors:
        raise StructureError(errors)
    count = 0
    for row, columns in changes.items():
        try:
            for column, text in columns.items():
                setattr(row, column, row._meta.get_field(column).clean(text, row))
            row.save(update_fields=list(columns))
        except ValidationError as exc:
            raise StructureError([f"{row._meta.model_name} {row}: {exc}"]) from exc
        count += len(columns)
    return count
