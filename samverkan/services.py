"""Workflows across models of the samverkan app."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from organisation.history import versions_of
from organisation.publication import check_public_text
from organisation.services import (
    Checker,
    StructureError,
    apply_organisation,
    check_organisation,
    refuse_control_characters,
    upsert_row,
)
from samverkan.models import Aktivitet, Insats, Omrade, Samverkansgrupp, Samverkansomrade

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
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise StructureError([f"{path}: filen finns inte"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise StructureError([f"{path}: filen är inte giltig TOML: {exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise StructureError([f"{path}: filen är inte UTF-8-kodad text"]) from exc
    except RecursionError as exc:
        raise StructureError([f"{path}: filen är för djupt nästlad"]) from exc
    except OSError as exc:
        raise StructureError([f"{path}: filen kunde inte läsas ({exc.strerror})"]) from exc
    refuse_control_characters(data, source=path)
    return data


def _check_group_places(checker: Checker, group: dict, where: str, omrade_slugs: set[str]):
    """A group's districts, role contact and how to take part (all optional)."""
    places = group.get("omraden", [])
    if not isinstance(places, list) or not all(isinstance(p, str) for p in places):
        checker.error(where, "'omraden' ska vara en lista med områdens slug")
    else:
        for place in places:
            if place not in omrade_slugs:
                checker.error(where, f"'omraden' pekar på '{place}', som inte finns i filen")
    checker.text(group, "contact", where, required=False, max_length=150)
    checker.text(group, "participation", where, required=False)
    email = checker.text(group, "contact_email", where, required=False, max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            checker.error(where, f"'contact_email' ”{email}” är ingen e-postadress")


def check_structure(data: dict) -> list[str]:
    """Every problem in a parsed structure file; an empty list means it can be loaded."""
    checker = Checker()
    check_organisation(data, checker)
    organ_slugs = {e.get("slug") for e in data.get("organ", []) if isinstance(e, dict)}
    forum_slugs = {e.get("slug") for e in data.get("forum", []) if isinstance(e, dict)}
    omrade_slugs = {e.get("slug") for e in data.get("omraden", []) or [] if isinstance(e, dict)}

    areas = checker.table_list(data, "samverkansomrade")
    checker.unique_slugs(areas, "samverkansomrade")
    group_slugs: set[str] = set()
    for entry in areas:
        where = f"samverkansomrade[{entry.get('slug', '?')}]"
        checker.text(entry, "name", where, max_length=150)
        checker.text(entry, "summary", where)
        checker.reference(entry, "coordinating_body", where, organ_slugs)
        checker.reference(entry, "forum", where, forum_slugs, required=False)
        if "receives_tips" in entry and not isinstance(entry["receives_tips"], bool):
            checker.error(where, "'receives_tips' ska vara true eller false")
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
            _check_group_places(checker, group, group_where, omrade_slugs)

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
    omraden: dict[str, Omrade] = {}
    for entry in data.get("omraden", []):
        omraden[entry["slug"]] = upsert_row(
            Omrade,
            {"slug": entry["slug"]},
            {
                "name": entry["name"].strip(),
                "kind": entry["kind"],
                "description": entry.get("description", "").strip(),
            },
            f"omraden[{entry['slug']}]",
        )
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
                "receives_tips": entry.get("receives_tips", False),
            },
            where,
        )
        for group_order, group in enumerate(entry.get("groups", [])):
            grupp = upsert_row(
                Samverkansgrupp,
                {"slug": group["slug"]},
                {
                    "name": group["name"].strip(),
                    "samverkansomrade": area,
                    "kind": group["kind"],
                    "description": group.get("description", "").strip(),
                    "responsible": organ.get(group.get("responsible", "")),
                    "is_public": group.get("public", True),
                    "contact": group.get("contact", "").strip(),
                    "contact_email": group.get("contact_email", "").strip(),
                    "participation": group.get("participation", "").strip(),
                    "order": group_order,
                },
                f"{where}.groups[{group['slug']}]",
            )
            # Only when the file says: an EST group's districts may be kept in the portal.
            if "omraden" in group:
                grupp.omraden.set([omraden[slug] for slug in group["omraden"]])
            group_count += 1

    return StructureSummary(
        kommun=data["kommun"]["name"],
        organ=len(organ),
        forum=len(forums),
        samverkansomraden=len(data["samverkansomrade"]),
        grupper=group_count,
        omraden=len(data.get("omraden", [])),
    )


# ---------------------------------------------------------------------------
# Publishing insatser


def publish_insats(*, insats: Insats, user) -> Insats:
    """Publish an insats; the publication guard checks every text that becomes public."""
    if not user.has_perm("samverkan.publish_insats", insats):
        raise PermissionDenied
    before = (insats.publication, insats.published_at)
    insats.publication = Insats.Publication.PUBLISHED
    if insats.published_at is None:
        insats.published_at = timezone.now()
    insats._change_reason = "publicerad"
    try:
        with transaction.atomic():
            insats.save()
    except ValidationError:
        insats.publication, insats.published_at = before
        raise
    return insats


def unpublish_insats(*, insats: Insats, user) -> Insats:
    """Take an insats off every public output; its content stays as it is."""
    if not user.has_perm("samverkan.publish_insats", insats):
        raise PermissionDenied
    insats.publication = Insats.Publication.DRAFT
    insats._change_reason = "avpublicerad"
    insats.save()
    return insats


def archive_insats(*, insats: Insats, user) -> Insats:
    """Archive instead of delete: the insats leaves every list but its history stays."""
    if not user.has_perm("samverkan.change_insats", insats):
        raise PermissionDenied
    insats.archived_at = timezone.now()
    insats._change_reason = "arkiverad"
    insats.save()
    return insats


def restore_insats_version(*, insats: Insats, history_id: int, user) -> Insats:
    """Bring back the field values of an earlier version; the restore is itself a new version.

    Publication is never restored. Visibility and the area and group (which decide who
    reads and edits the insats) are restored only for someone who may publish it, and only
    to an area and group they may place insatser in. Text that becomes public this way
    passes the publication guard like any other save.
    """
    if not user.has_perm("samverkan.change_insats", insats):
        raise PermissionDenied
    record = insats.history.get(history_id=history_id)
    with transaction.atomic():
        restored = record.instance
        restored.pk = insats.pk
        restored.slug = insats.slug
        restored.publication = insats.publication
        restored.published_at = insats.published_at
        restored.archived_at = insats.archived_at
        restored.created_at = insats.created_at
        if not _may_restore_scope(user, current=insats, restored=restored):
            restored.visibility = insats.visibility
            restored.samverkansomrade_id = insats.samverkansomrade_id
            restored.grupp_id = insats.grupp_id
        restored.full_clean(validate_unique=False)
        restored._change_reason = f"återställd till version {record.history_id}"
        restored.save()
        for field_name in ("omraden", "fokusomraden", "partners"):
            values = getattr(record, field_name).all()
            target = getattr(restored, field_name)
            target.set([getattr(row, f"{target.target_field_name}_id") for row in values])
        # The guard again, now that the districts and the rest are in place.
        check_public_text(restored)
    return restored


def _may_restore_scope(user, *, current: Insats, restored: Insats) -> bool:
    if not user.has_perm("samverkan.publish_insats", current):
        return False
    if restored.samverkansomrade_id != current.samverkansomrade_id and not (
        Samverkansomrade.objects.editable_by(user).filter(pk=restored.samverkansomrade_id).exists()
    ):
        return False
    return restored.grupp_id in (None, current.grupp_id) or (
        Samverkansgrupp.objects.editable_by(user).filter(pk=restored.grupp_id).exists()
    )


def cancel_aktivitet(*, aktivitet: Aktivitet, note: str) -> Aktivitet:
    """Cancel an activity; residents see it as cancelled, with the note, in every output.

    The note of a public activity passes the publication guard when it is saved.
    """
    before = (aktivitet.cancelled, aktivitet.cancellation_note)
    aktivitet.cancelled = True
    aktivitet.cancellation_note = note
    try:
        aktivitet.save()
    except ValidationError:
        aktivitet.cancelled, aktivitet.cancellation_note = before
        raise
    return aktivitet


HISTORY_FIELDS = [
    "title",
    "summary",
    "description",
    "samverkansomrade",
    "grupp",
    "responsible",
    "target_group",
    "status",
    "start_date",
    "end_date",
    "visibility",
    "publication",
    "contact",
    "contact_email",
    "archived_at",
]


def insats_versions(*, insats: Insats, limit: int = 100) -> list[dict]:
    """The saved versions of an insats, newest first, each with its field-by-field changes."""
    return versions_of(insats, fields=HISTORY_FIELDS, limit=limit)
