"""Erase a personal identity number or a name from an object and every version of it.

History keeps every version of a row, so a number typed once into a draft stays in the
database after it was deleted from the text. An administrator can take it out of the
live row, of all its history rows and of the admin log, in one transaction. The erasure
writes with ``QuerySet.update`` so that simple_history does not record a new version, and
``Rensning`` records who, when, why and where, but never the value.
"""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organisation import public_cache, roles
from organisation.models import Rensning

REPLACEMENT = "[borttaget]"
SLUG_REPLACEMENT = "borttaget"
# Shorter values would hit digits and syllables all over the text.
MIN_LENGTH = 4


@dataclass(frozen=True)
class _Needle:
    """What to look for in a column, and what to put in its place."""

    text: str
    replacement: str


def _text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    ]


def _needle(field: models.Field, value: str) -> _Needle | None:
    # A slug holds the value in slugified form: "Anna Svensson" is "anna-svensson" there.
    if isinstance(field, models.SlugField):
        text = slugify(value)
        return _Needle(text, SLUG_REPLACEMENT) if len(text) >= MIN_LENGTH else None
    return _Needle(value, REPLACEMENT)


def _erased(text: str | None, needle: _Needle, max_length: int | None) -> str | None:
    if not text or needle.text not in text:
        return None
    erased = text.replace(needle.text, needle.replacement)
    return erased[:max_length] if max_length else erased


def _erase_rows(queryset, pk_name: str, fields: list[models.Field], value: str, touched: set):
    """Rewrite every row of ``queryset`` that holds the value; return how many changed."""
    needles = {field.attname: _needle(field, value) for field in fields}
    needles = {name: needle for name, needle in needles.items() if needle}
    by_name = {field.attname: field for field in fields}
    changed_rows = 0
    for row in queryset.values(pk_name, *needles):
        changes = {}
        for name, needle in needles.items():
            erased = _erased(row[name], needle, by_name[name].max_length)
            if erased is not None:
                changes[name] = _unique(queryset.model, by_name[name], row[pk_name], erased)
        if changes:
            queryset.filter(**{pk_name: row[pk_name]}).update(**changes)
            # update() sends no signals: the public pages of the row's family are renewed.
            public_cache.bump(*public_cache.families_of(queryset.model))
            touched.update(changes)
            changed_rows += 1
    return changed_rows


def _unique(model, field: models.Field, pk, erased: str) -> str:
    """An erased unique slug may now equal another row's: give it the row's id."""
    if not field.unique or field.primary_key:
        return erased
    if not model._base_manager.filter(**{field.attname: erased}).exclude(pk=pk).exists():
        return erased
    suffix = f"-{pk}"
    return erased[: field.max_length - len(suffix)] + suffix


def validate_request(*, value: str, reason: str) -> str:
    """The value to erase, stripped; refuses a value too short to be specific."""
    value = (value or "").strip()
    errors = {}
    if not value:
        errors["value"] = ValidationError(_("Enter the exact text to erase."), code="empty")
    elif len(value) < MIN_LENGTH:
        errors["value"] = ValidationError(
            _(
                "The text to erase must be at least %(min)s characters long; a shorter text "
                "would be erased wherever it occurs, also where it is not personal data."
            ),
            code="too_short",
            params={"min": MIN_LENGTH},
        )
    if not (reason or "").strip():
        errors["reason"] = ValidationError(
            _("Say why the text is erased; the reason is recorded."), code="no_reason"
        )
    elif value and value in reason:
        errors["reason"] = ValidationError(
            _("The reason must not contain the erased text itself."), code="value_in_reason"
        )
    if errors:
        raise ValidationError(errors)
    return value


def erase_from_history(*, obj: models.Model, value: str, reason: str, user) -> Rensning:
    """Replace ``value`` with "[borttaget]" in ``obj``, all its history rows and admin log."""
    if not roles.is_administrator(user):
        raise PermissionDenied
    value = validate_request(value=value, reason=reason)
    model = type(obj)
    fields = _text_fields(model)
    touched: set[str] = set()
    with transaction.atomic():
        live = model._base_manager.select_for_update().filter(pk=obj.pk)
        rows = _erase_rows(live, "pk", fields, value, touched)
        history = getattr(model, "history", None)
        if history is not None:
            history_model = history.model
            rows += _erase_rows(
                history_model.objects.filter(**{model._meta.pk.attname: obj.pk}),
                history_model._meta.pk.attname,
                _text_fields(history_model),
                value,
                touched,
            )
        # The admin log keeps the object's name as it was at each change.
        log_entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(obj.pk)
        )
        rows += _erase_rows(
            log_entries, "pk", [LogEntry._meta.get_field("object_repr")], value, set()
        )
        if not rows:
            raise ValidationError(
                {
                    "value": ValidationError(
                        _(
                            "The text was found neither in the object nor in its history. "
                            "Nothing was changed; check that it is typed exactly as stored."
                        ),
                        code="not_found",
                    )
                }
            )
        obj.refresh_from_db()
        return Rensning.objects.create(
            model=model._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            fields=sorted(touched),
            rows_changed=rows,
            user=user,
            reason=reason.strip(),
        )
