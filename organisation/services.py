"""Workflows of the organisation app: the structure file, and publishing meeting minutes.

The structure file is read by ``samverkan.services.load_structure``, which owns the
transaction; this module checks and writes the part that belongs to this app.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation import rules as access
from organisation.history import versions_of
from organisation.models import (
    Forum,
    Forumdeltagande,
    Kommun,
    Mote,
    Motesrytm,
    Organ,
    Samordningsfunktion,
    StyrandeDokument,
)
from organisation.parsing import control_character_places
from organisation.publication import check_file_text, check_public_text


class StructureError(Exception):
    """A structure file that cannot be loaded; carries every problem found, in Swedish."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def refuse_control_characters(data, *, source) -> None:
    """A NUL read from a file would reach PostgreSQL, which refuses it with a server error."""
    places = control_character_places(data)
    if places:
        raise StructureError(
            [f"{source}: {place}: innehåller ett otillåtet styrtecken" for place in places[:20]]
        )


@dataclass
class Checker:
    """Collects problems in a parsed structure file, each with the place it was found."""

    errors: list[str] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def table_list(self, data: dict, key: str, *, required: bool = True) -> list[dict]:
        value = data.get(key)
        if value is None:
            if required:
                self.error(key, "saknas")
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.error(key, "ska vara en lista med tabeller")
            return []
        return value

    def text(
        self, entry: dict, key: str, where: str, *, required: bool = True, max_length: int = 0
    ) -> str:
        value = entry.get(key)
        if value is None or value == "":
            if required:
                self.error(where, f"fältet '{key}' saknas")
            return ""
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = "\n".join(value)
        if not isinstance(value, str):
            self.error(where, f"fältet '{key}' ska vara text")
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.error(where, f"fältet '{key}' är längre än {max_length} tecken")
        return value

    def choice(self, entry: dict, key: str, where: str, choices: Any) -> str:
        value = self.text(entry, key, where)
        if value and value not in choices.values:
            allowed = ", ".join(choices.values)
            self.error(where, f"okänt värde '{value}' för '{key}' (tillåtna: {allowed})")
        return value

    def reference(self, entry: dict, key: str, where: str, known: set[str], *, required=True):
        value = self.text(entry, key, where, required=required)
        if value and value not in known:
            self.error(where, f"'{key}' pekar på '{value}', som inte finns i filen")
        return value

    def unique_slugs(self, entries: list[dict], kind: str) -> set[str]:
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            slug = entry.get("slug")
            if not isinstance(slug, str) or not slug:
                self.error(f"{kind}[{index}]", "fältet 'slug' saknas")
            elif slug in seen:
                self.error(f"{kind}[{slug}]", "samma slug förekommer flera gånger")
            else:
                seen.add(slug)
        return seen


def _is_static_image(name) -> bool:
    """The logo is printed from the project's static files, so it must be one of them."""
    from django.contrib.staticfiles import finders

    return (
        isinstance(name, str)
        and len(name) <= 200
        and name.endswith((".svg", ".png"))
        and ".." not in name
        and not name.startswith("/")
        and bool(finders.find(name))
    )


def check_organisation(data: dict, checker: Checker) -> None:
    """Validate the kommun, organ, styrande_dokument and forum parts of a structure file."""
    kommun = data.get("kommun")
    if not isinstance(kommun, dict):
        checker.error("kommun", "tabellen saknas")
    else:
        checker.text(kommun, "name", "kommun", max_length=100)
        code = checker.text(kommun, "code", "kommun")
        if code and not (len(code) == 4 and code.isdigit()):
            checker.error("kommun", "'code' ska vara en kommunkod med fyra siffror, t.ex. 1490")
        logo = kommun.get("logo")
        if logo is not None and not _is_static_image(logo):
            checker.error(
                "kommun", "'logo' ska vara en statisk bildfil (.svg eller .png), t.ex. img/logo.svg"
            )
        url = kommun.get("fault_report_url", "")
        if not isinstance(url, str) or (url and not url.startswith(("https://", "http://"))):
            checker.error("kommun", "'fault_report_url' ska vara en webbadress (https://…)")
        licence = kommun.get("open_data_license", "")
        if not isinstance(licence, str) or (
            licence and not licence.startswith(("https://", "http://"))
        ):
            checker.error("kommun", "'open_data_license' ska vara licensens webbadress (https://…)")

    organ = checker.table_list(data, "organ")
    organ_slugs = checker.unique_slugs(organ, "organ")
    for entry in organ:
        where = f"organ[{entry.get('slug', '?')}]"
        checker.text(entry, "name", where, max_length=150)
        checker.choice(entry, "kind", where, Organ.Kind)
        checker.reference(entry, "parent", where, organ_slugs, required=False)

    documents = checker.table_list(data, "styrande_dokument", required=False)
    document_names = set()
    for index, entry in enumerate(documents):
        name = checker.text(entry, "name", f"styrande_dokument[{index}]", max_length=200)
        document_names.add(name)

    forums = checker.table_list(data, "forum")
    forum_slugs = checker.unique_slugs(forums, "forum")
    for entry in forums:
        where = f"forum[{entry.get('slug', '?')}]"
        checker.text(entry, "name", where, max_length=150)
        checker.text(entry, "purpose", where)
        checker.choice(entry, "level", where, Forum.Level)
        checker.reference(entry, "responsible", where, organ_slugs)
        checker.reference(entry, "coordinator", where, organ_slugs, required=False)
        checker.reference(entry, "reports_to", where, forum_slugs, required=False)
        if "public" in entry and not isinstance(entry["public"], bool):
            checker.error(where, "'public' ska vara true eller false")
        for name in entry.get("steering_documents", []):
            if name not in document_names:
                checker.error(where, f"styrande dokument '{name}' finns inte i filen")
        kinds = set()
        for index, rule in enumerate(entry.get("cadence", [])):
            rule_where = f"{where}.cadence[{index}]"
            kind = checker.choice(rule, "kind", rule_where, Motesrytm.Kind)
            if kind in kinds:
                checker.error(rule_where, f"mötestypen '{kind}' förekommer två gånger")
            kinds.add(kind)
            low, high = rule.get("min"), rule.get("max")
            if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high and high):
                checker.error(
                    rule_where, "'min' och 'max' ska vara heltal med 0 ≤ min ≤ max, max > 0"
                )
        members = set()
        for index, part in enumerate(entry.get("participants", [])):
            part_where = f"{where}.participants[{index}]"
            organ_slug = checker.reference(part, "organ", part_where, organ_slugs)
            if organ_slug in members:
                checker.error(part_where, f"organet '{organ_slug}' förekommer två gånger")
            members.add(organ_slug)
            if "role" in part:
                checker.choice(part, "role", part_where, Forumdeltagande.Role)

    funktion = data.get("samordningsfunktion")
    if funktion is not None:
        where = "samordningsfunktion"
        if not isinstance(funktion, dict):
            checker.error(where, "ska vara en tabell")
        else:
            checker.reference(funktion, "organ", where, organ_slugs)
            checker.reference(funktion, "unit", where, organ_slugs, required=False)
            checker.text(funktion, "role", where, max_length=200)
            checker.text(funktion, "mandate", where, max_length=5000)
            checker.text(funktion, "contact_email", where, max_length=254)


def _save(instance, where: str) -> None:
    """Run the model's own validation before writing, so a bad value names its place."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
        # save() runs the publication guard on models with public text.
        instance.save()
    except ValidationError as exc:
        messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise StructureError([f"{where}: {messages}"]) from exc


def upsert_row(model, lookup: dict, values: dict, where: str):
    """Create or update one row; an unchanged row is not written, so a reload adds no history."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup)
    elif all(_same(getattr(instance, key), value) for key, value in values.items()):
        return instance
    for key, value in values.items():
        setattr(instance, key, value)
    _save(instance, where)
    return instance


def _same(current, new) -> bool:
    if hasattr(current, "pk") and hasattr(new, "pk"):
        return current.pk == new.pk
    return current == new


def _set_parent(instance, field_name: str, parent) -> None:
    if not _same(getattr(instance, field_name), parent):
        setattr(instance, field_name, parent)
        instance.save(update_fields=[field_name])


def apply_organisation(data: dict) -> dict[str, dict[str, Any]]:
    """Write the organisation part. Call inside a transaction after ``check_organisation``."""
    kommun_data = data["kommun"]
    values = {
        key: str(kommun_data[key]).strip()
        for key in (
            "programme_name",
            "introduction",
            "goal",
            "contact_email",
            "accessibility_email",
            "logo",
            "fault_report_url",
            "open_data_license",
        )
        if key in kommun_data
    }
    values |= {
        "name": kommun_data["name"].strip(),
        "code": str(kommun_data["code"]).strip(),
        "slogans": "\n".join(kommun_data.get("slogans", [])),
    }
    existing = Kommun.objects.first()
    upsert_row(Kommun, {"pk": existing.pk} if existing else {}, values, "kommun")

    organ: dict[str, Organ] = {}
    for order, entry in enumerate(data["organ"]):
        organ[entry["slug"]] = upsert_row(
            Organ,
            {"slug": entry["slug"]},
            {
                "name": entry["name"].strip(),
                "short_name": entry.get("short_name", ""),
                "kind": entry["kind"],
                "description": entry.get("description", "").strip(),
                "order": order,
            },
            f"organ[{entry['slug']}]",
        )
    for entry in data["organ"]:
        _set_parent(organ[entry["slug"]], "parent", organ.get(entry.get("parent", "")))

    documents = {}
    for entry in data.get("styrande_dokument", []):
        documents[entry["name"]] = upsert_row(
            StyrandeDokument,
            {"name": entry["name"]},
            {"description": entry.get("description", ""), "url": entry.get("url", "")},
            f"styrande_dokument[{entry['name']}]",
        )

    forums: dict[str, Forum] = {}
    for order, entry in enumerate(data["forum"]):
        where = f"forum[{entry['slug']}]"
        tasks = entry.get("tasks", [])
        forum = upsert_row(
            Forum,
            {"slug": entry["slug"]},
            {
                "name": entry["name"].strip(),
                "short_name": entry.get("short_name", ""),
                "purpose": entry["purpose"].strip(),
                "description": entry.get("description", "").strip(),
                "tasks": "\n".join(tasks) if isinstance(tasks, list) else tasks,
                "level": entry["level"],
                "responsible": organ[entry["responsible"]],
                "coordinator": organ.get(entry.get("coordinator", "")),
                "chair": entry.get("chair", ""),
                "cadence_note": entry.get("cadence_note", ""),
                "is_public": entry.get("public", True),
                "order": order,
            },
            where,
        )
        forum.steering_documents.set(
            [documents[name] for name in entry.get("steering_documents", [])]
        )
        rule_kinds = []
        for rule in entry.get("cadence", []):
            upsert_row(
                Motesrytm,
                {"forum": forum, "kind": rule["kind"]},
                {"min_per_year": rule["min"], "max_per_year": rule["max"]},
                f"{where}.cadence[{rule['kind']}]",
            )
            rule_kinds.append(rule["kind"])
        forum.cadence_rules.exclude(kind__in=rule_kinds).delete()
        member_slugs = []
        for part in entry.get("participants", []):
            upsert_row(
                Forumdeltagande,
                {"forum": forum, "organ": organ[part["organ"]]},
                {
                    "role": part.get("role", Forumdeltagande.Role.LEDAMOT),
                    "represented_by": part.get("represented_by", ""),
                },
                f"{where}.participants[{part['organ']}]",
            )
            member_slugs.append(part["organ"])
        forum.participations.exclude(organ__slug__in=member_slugs).delete()
        forums[entry["slug"]] = forum
    for entry in data["forum"]:
        _set_parent(forums[entry["slug"]], "reports_to", forums.get(entry.get("reports_to", "")))

    funktion = data.get("samordningsfunktion")
    if funktion is not None:
        upsert_row(
            Samordningsfunktion,
            {"kommun": Kommun.objects.get()},
            {
                "organ": organ[funktion["organ"]],
                "unit": organ.get(funktion.get("unit", "")),
                "role": funktion["role"].strip(),
                "mandate": funktion["mandate"].strip(),
                "decision": funktion.get("decision", "").strip(),
                "contact_email": funktion["contact_email"].strip(),
                "contact_phone": funktion.get("contact_phone", "").strip(),
            },
            "samordningsfunktion",
        )

    return {"organ": organ, "forum": forums}


MOTE_HISTORY_FIELDS = [
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "status",
    "cancellation_reason",
    "is_public",
    "minutes",
    "minutes_published_at",
]


def publish_minutes(*, mote: Mote, user) -> Mote:
    """Put a held public meeting's minutes, decisions and attachments on the open pages.

    The publication guard checks the minutes, the agenda, the decisions and the
    attachments' titles, names and text before anything is written.
    """
    if not user.has_perm("organisation.publish_minutes", mote):
        raise PermissionDenied
    errors = []
    if not access.mote_is_public(mote):
        errors.append(_("The meeting is internal; its minutes cannot be published."))
    if mote.status != Mote.Status.HELD:
        errors.append(_("Only the minutes of a held meeting can be published."))
    if not mote.minutes.strip():
        errors.append(_("Write the minutes before publishing them."))
    if errors:
        raise ValidationError(errors)
    mote.minutes_published_at = timezone.now()
    mote._change_reason = "minnesanteckningar publicerade"
    try:
        with transaction.atomic():
            for attachment in mote.attachments.all():
                check_file_text(attachment)
            mote.save(update_fields=["minutes_published_at", "updated_at"])
    except ValidationError:
        mote.minutes_published_at = None
        raise
    return mote


def unpublish_minutes(*, mote: Mote, user) -> Mote:
    if not user.has_perm("organisation.publish_minutes", mote):
        raise PermissionDenied
    mote.minutes_published_at = None
    mote._change_reason = "minnesanteckningar avpublicerade"
    mote.save(update_fields=["minutes_published_at", "updated_at"])
    return mote


def check_published_minutes(mote: Mote) -> None:
    """A meeting and its agenda, saved together, pass the guard as a whole."""
    check_public_text(mote)


def restore_mote_version(*, mote: Mote, history_id: int, user) -> Mote:
    """Bring back an earlier version of a meeting.

    Publication of the minutes is kept as it is, and so is whether the meeting is public:
    that is a publishing decision, restored only by those who may publish the minutes.
    """
    if not user.has_perm("organisation.change_mote", mote):
        raise PermissionDenied
    record = mote.history.get(history_id=history_id)
    with transaction.atomic():
        restored = record.instance
        restored.pk = mote.pk
        restored.forum_id = mote.forum_id
        restored.minutes_published_at = mote.minutes_published_at
        if not user.has_perm("organisation.publish_minutes", mote):
            restored.is_public = mote.is_public
        if restored.status != Mote.Status.HELD:
            restored.minutes_published_at = None
        restored.full_clean(validate_unique=False)
        restored._change_reason = f"återställd till version {record.history_id}"
        restored.save()
    return restored


def mote_versions(*, mote: Mote, limit: int = 100) -> list[dict]:
    return versions_of(mote, fields=MOTE_HISTORY_FIELDS, limit=limit)


def cadence_overview(*, forums, year: int, meetings=None) -> dict:
    """Each forum's rhythm for a year, from one query for all their meetings of the year.

    ``meetings`` narrows what is counted, e.g. to ``Mote.objects.public()`` for residents.
    """
    meetings = Mote.objects.all() if meetings is None else meetings
    by_forum: dict[int, list[Mote]] = {}
    for mote in meetings.filter(forum__in=forums).in_year(year):
        by_forum.setdefault(mote.forum_id, []).append(mote)
    return {forum.pk: forum.cadence(year, meetings=by_forum.get(forum.pk, [])) for forum in forums}
