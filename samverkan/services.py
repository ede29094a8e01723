"""Workflows across models of the samverkan app."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from organisation.services import (
    Checker,
    StructureError,
    apply_organisation,
    check_organisation,
    upsert_row,
)
from samverkan.models import Omrade, Samverkansgrupp, Samverkansomrade

DEFAULT_STRUCTURE_FILE = Path(__file__).resolve().parent / "data" / "boras.toml"


@dataclass(frozen=True)
class StructureSummary:
    kommun: str
    organ: int
    forum: int
    samverkansomraden: int
    grupper: int
    omraden: int


def read_structure_file(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise StructureError([f"{path}: filen finns inte"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise StructureError([f"{path}: filen är inte giltig TOML: {exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise StructureError([f"{path}: filen är inte UTF-8-kodad text"]) from exc


def check_structure(data: dict) -> list[str]:
    """Every problem in a parsed structure file; an empty list means it can be loaded."""
    checker = Checker()
    check_organisation(data, checker)
    organ_slugs = {e.get("slug") for e in data.get("organ", []) if isinstance(e, dict)}
    forum_slugs = {e.get("slug") for e in data.get("forum", []) if isinstance(e, dict)}

    areas = checker.table_list(data, "samverkansomrade")
    checker.unique_slugs(areas, "samverkansomrade")
    group_slugs: set[str] = set()
    for entry in areas:
        where = f"samverkansomrade[{entry.get('slug', '?')}]"
        checker.text(entry, "name", where, max_length=150)
        checker.text(entry, "summary", where)
        checker.reference(entry, "coordinating_body", where, organ_slugs)
        checker.reference(entry, "forum", where, forum_slugs, required=False)
        groups = entry.get("groups", [])
        if not isinstance(groups, list):
            checker.error(where, "'groups' ska vara en lista")
            continue
        for index, group in enumerate(groups):
            group_where = f"{where}.groups[{index}]"
            slug = checker.text(group, "slug", group_where)
            if slug in group_slugs:
                checker.error(group_where, f"gruppen '{slug}' förekommer två gånger")
            group_slugs.add(slug)
            checker.text(group, "name", group_where, max_length=150)
            checker.choice(group, "kind", group_where, Samverkansgrupp.Kind)
            checker.reference(group, "responsible", group_where, organ_slugs, required=False)
            if "public" in group and not isinstance(group["public"], bool):
                checker.error(group_where, "'public' ska vara true eller false")

    omraden = checker.table_list(data, "omraden", required=False)
    checker.unique_slugs(omraden, "omraden")
    for entry in omraden:
        where = f"omraden[{entry.get('slug', '?')}]"
        checker.text(entry, "name", where, max_length=100)
        checker.choice(entry, "kind", where, Omrade.Kind)
    return checker.errors


def load_structure(*, path: Path = DEFAULT_STRUCTURE_FILE) -> StructureSummary:
    """Load a kommun's structure file: all of it or, on any error, nothing.

    Rows are matched by slug, so loading the same file again changes nothing.
    Rows that are no longer in the file are left alone: removing a body that
    insatser refer to is a decision for an administrator, not for a loader.
    """
    data = read_structure_file(Path(path))
    errors = check_structure(data)
    if errors:
        raise StructureError(errors)

    try:
        with transaction.atomic():
            return _apply_structure(data)
    except IntegrityError as exc:
        raise StructureError([f"databasen vägrade en rad: {exc}"]) from exc


def _apply_structure(data: dict) -> StructureSummary:
    written = apply_organisation(data)
    organ, forums = written["organ"], written["forum"]
    group_count = 0
    for order, entry in enumerate(data["samverkansomrade"]):
        where = f"samverkansomrade[{entry['slug']}]"
        area = upsert_row(
            Samverkansomrade,
            {"slug": entry["slug"]},
            {
                "name": entry["name"].strip(),
                "summary": entry["summary"].strip(),
                "description": entry.get("description", "").strip(),
                "coordinating_body": organ[entry["coordinating_body"]],
                "forum": forums.get(entry.get("forum", "")),
                "examples": "\n".join(entry.get("examples", [])),
                "order": order,
            },
            where,
        )
        for group_order, group in enumerate(entry.get("groups", [])):
            upsert_row(
                Samverkansgrupp,
                {"slug": group["slug"]},
                {
                    "name": group["name"].strip(),
                    "samverkansomrade": area,
                    "kind": group["kind"],
                    "description": group.get("description", "").strip(),
                    "responsible": organ.get(group.get("responsible", "")),
                    "is_public": group.get("public", True),
                    "order": group_order,
                },
                f"{where}.groups[{group['slug']}]",
            )
            group_count += 1
    for entry in data.get("omraden", []):
        upsert_row(
            Omrade,
            {"slug": entry["slug"]},
            {
                "name": entry["name"].strip(),
                "kind": entry["kind"],
                "description": entry.get("description", "").strip(),
            },
            f"omraden[{entry['slug']}]",
        )

    return StructureSummary(
        kommun=data["kommun"]["name"],
        organ=len(organ),
        forum=len(forums),
        samverkansomraden=len(data["samverkansomrade"]),
        grupper=group_count,
        omraden=len(data.get("omraden", [])),
    )
