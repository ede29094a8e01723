"""The publication guard: no text reaches the public with a personal identity number in it.

Every model whose text residents can read says, in ``public_text()``, which of its text is
public *as the row stands* (nothing while it is a draft or internal), and calls
``check_public_text(self)`` from ``save()``. So whatever the entry point (a workspace
form, a restore, the admin, an import, the demo loader), a row cannot be saved public, or
changed while public, with a personnummer in what residents would read. Forms call the
same check before saving, to show the message on the right field
(``PublicTextFormMixin``).

Internal text is not secret either: ``text_warnings()`` finds numbers in a draft's text so
the author is told, without refusing the save.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisation.personnummer import find_personnummer, personnummer_errors


def labelled_text(instance, names: list[str]) -> dict[str, tuple[str, str]]:
    """Field name → (label, text), so the guard's message can name the field it refuses."""
    return {
        name: (
            str(instance._meta.get_field(name).verbose_name).capitalize(),
            getattr(instance, name),
        )
        for name in names
    }


def check_public_text(instance) -> None:
    """Refuse ``instance`` if what of it is public holds a personnummer."""
    errors = personnummer_errors(instance.public_text())
    if errors:
        raise ValidationError(errors)


def check_file_text(attachment) -> None:
    """Refuse an attachment whose title, file name or file text holds a personnummer."""
    from organisation.filetext import extract_attachment_text

    fields = dict(attachment.all_text())
    stored = attachment.file
    try:
        if stored._committed:
            with stored.open("rb") as handle:
                text = extract_attachment_text(handle, attachment.file_type)
        else:  # an upload not yet written to storage: read it, but leave it open for saving
            text = extract_attachment_text(stored.file, attachment.file_type)
    except Exception as exc:
        # A guard that cannot read the file cannot vouch for it.
        raise ValidationError(
            _(
                "The text of the attachment “%(title)s” could not be read, so it cannot be "
                "checked for personal identity numbers and cannot be made public. Save it "
                "again as PDF or DOCX and attach it anew."
            ),
            code="unreadable",
            params={"title": attachment.title},
        ) from exc
    fields["file"] = (str(attachment._meta.get_field("file").verbose_name).capitalize(), text)
    errors = personnummer_errors(fields)
    if errors:
        raise ValidationError(errors)


class PublicTextModel:
    """Mixin for models with text residents read; the model defines ``public_text()``.

    The model defines ``public_text()``, field name → (label, text) for what is public now,
    children included, and ``all_text()``, the same for all its free text whether public or
    not (for the author's warning).
    """

    def save(self, *args, **kwargs):
        check_public_text(self)
        super().save(*args, **kwargs)


class AlwaysPublicTextModel(PublicTextModel):
    """Mixin for rows that are public as soon as they exist (the organisation's bodies, the
    collaboration areas, the police agreement, a survey): ``always_public_fields`` names
    their text, all of which residents read."""

    always_public_fields: tuple[str, ...] = ()

    def all_text(self) -> dict[str, tuple[str, str]]:
        return labelled_text(self, list(self.always_public_fields))

    def public_text(self) -> dict[str, tuple[str, str]]:
        return self.all_text()


def add_errors(form, exc: ValidationError) -> None:
    """Put a guard's errors on the form: on the field when the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class PublicTextFormMixin:
    """For ModelForms of guarded models: the guard runs as part of validation."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            check_public_text(self.instance)
        except ValidationError as exc:
            add_errors(self, exc)


def warn_author(request, instance) -> None:
    """Tell the author, as a message on the next page, about numbers in non-public text."""
    from django.contrib import messages

    for warning in text_warnings(instance):
        messages.warning(request, warning)


def text_warnings(instance) -> list[str]:
    """Messages for the author when internal or draft text holds a personnummer."""
    if instance.public_text():
        return []
    warnings = []
    for label, text in instance.all_text().values():
        hits = find_personnummer(text)
        if hits:
            warnings.append(
                _(
                    "%(field)s contains what looks like a personal identity number "
                    "(%(masked)s, line %(line)s). It was saved, because the text is not "
                    "public, but internal text is not secret: remove the number if it is "
                    "not needed. It must be removed before the text can be published."
                )
                % {"field": label, "masked": hits[0].masked, "line": hits[0].line}
            )
    return warnings
