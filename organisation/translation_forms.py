"""Officials write every content language side by side: Swedish required, the others optional."""

from crispy_forms.layout import Div, Fieldset, Layout
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organisation.translation import (
    ORIGINAL_LANGUAGE,
    language_name,
    translation_languages,
    with_translations,
)


def translated_widgets(widgets: dict) -> dict:
    """``widgets`` with the same widget for each translation of a field."""
    copies = {
        f"{name}_{code}": widget
        for name, widget in widgets.items()
        for code in translation_languages()
    }
    return {**widgets, **copies}


def language_legend(code: str):
    if code == ORIGINAL_LANGUAGE:
        return format_lazy("{} ({})", language_name(code), _("required"))
    return format_lazy("{} ({})", language_name(code), _("optional"))


def translated_layout(form, names: tuple[str, ...] | list[str]) -> Layout:
    """One fieldset per language, each named by its language, then the form's other fields.

    The fieldsets stand side by side on a wide screen and one below the other on a phone; a
    legend is read out before each field, so a screen reader says which language it is in.
    """
    columns = []
    for code in (ORIGINAL_LANGUAGE, *translation_languages()):
        fields = [name if code == ORIGINAL_LANGUAGE else f"{name}_{code}" for name in names]
        fields = [name for name in fields if name in form.fields]
        if fields:
            fieldset = Fieldset(language_legend(code), *fields)
            columns.append(Div(fieldset, css_class="col-xl-4 translation-column"))
    translated = {
        name if code == ORIGINAL_LANGUAGE else f"{name}_{code}"
        for name in names
        for code in (ORIGINAL_LANGUAGE, *translation_languages())
    }
    rest = [name for name in form.fields if name not in translated]
    return Layout(Div(*columns, css_class="row translations"), *rest)


class TranslatedAdminMixin:
    """Admin of a translatable model: the other fields first, then one fieldset per language.

    Each fieldset's legend names its language (Swedish required, the others optional), so an
    administrator writes a translation beside the original it translates.
    """

    def get_fieldsets(self, request, obj=None):
        if self.fieldsets:
            return self.fieldsets
        names = self.model.translated_fields
        translated = set(with_translations(names))
        rest = [name for name in self.get_fields(request, obj) if name not in translated]
        return [
            (None, {"fields": rest}),
            *(
                (
                    language_legend(code),
                    {
                        "fields": [
                            name if code == ORIGINAL_LANGUAGE else f"{name}_{code}"
                            for name in names
                        ]
                    },
                )
                for code in (ORIGINAL_LANGUAGE, *translation_languages())
            ),
        ]
