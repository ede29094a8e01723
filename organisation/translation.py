"""Translatable public content: Swedish in the model's own column, other languages beside it.

A translatable field keeps its Swedish original in its own column (``title``); each further
language of ``settings.CONTENT_LANGUAGES`` gets an optional column of the same kind named by
its code (``title_en``, ``title_fi``), declared in the model with ``translations(field)``.
The set is fixed in the code, so the migrations do not depend on the environment.

Reading is explicit: ``insats.tr.title`` is the text in the active language, or the Swedish
original when there is no translation, marked as such (``Translated.fallback``). Rendered in
a template, a fallback carries ``lang="sv"`` and a short notice; everything else
(queries, search, feeds, open data) keeps reading the Swedish columns, so none of it changes
with the visitor's language.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import models
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, pgettext_lazy

ORIGINAL_LANGUAGE = "sv"


def translation_languages() -> tuple[str, ...]:
    """The content languages that have their own columns: every one but Swedish."""
    return tuple(code for code in settings.CONTENT_LANGUAGES if code != ORIGINAL_LANGUAGE)


def language_name(code: str):
    names = getattr(settings, "LANGUAGE_NAMES", {})
    return names.get(code) or LANG_INFO[code]["name"]


# A translation column's label: the field's own label and the language, whose name is lower
# case inside a Swedish label ("Titel (engelska)") and capitalised in an English one
# ("Title (in English)"), so the whole label is the message, not the language name alone.
LABEL_FORMATS = {
    "en": pgettext_lazy("a field label in another language", "{field} (in English)"),
    "fi": pgettext_lazy("a field label in another language", "{field} (in Finnish)"),
}


def _label(field: models.Field, code: str):
    if code in LABEL_FORMATS:
        return format_lazy(LABEL_FORMATS[code], field=field.verbose_name)
    return format_lazy("{} ({})", field.verbose_name, language_name(code))


# Column options that belong to the Swedish original only: a translation is optional, may
# repeat another row's (an empty one always would), and has no help text of its own.
_ORIGINAL_ONLY = ("unique", "db_index", "help_text", "verbose_name", "blank", "default", "null")


def translations(field: models.Field) -> tuple[models.Field, ...]:
    """Optional columns of ``field``'s kind for each translation language, in order.

    Declared in the model as ``title_en, title_fi = translations(title)``: a language added
    to ``CONTENT_LANGUAGES`` then fails at import until its column is declared and migrated.
    """
    _name, _path, args, kwargs = field.deconstruct()
    kwargs = {key: value for key, value in kwargs.items() if key not in _ORIGINAL_ONLY}
    return tuple(
        field.__class__(
            *args,
            verbose_name=_label(field, code),
            blank=True,
            default="",
            **kwargs,
        )
        for code in translation_languages()
    )


def with_translations(names: list[str] | tuple[str, ...]) -> list[str]:
    """``names`` followed by their translation columns, for the publication guard."""
    return [*names, *(f"{name}_{code}" for code in translation_languages() for name in names)]


def active_content_language() -> str:
    """The active language's code if content can be written in it; else Swedish."""
    code = (get_language() or ORIGINAL_LANGUAGE).lower().split("-")[0]
    return code


class Translated(str):
    """A text in the language it is shown in; ``fallback`` when it is Swedish instead.

    Rendered in a template (``{{ insats.tr.title }}``) a fallback is wrapped in
    ``<span lang="sv">`` with a short notice in the visitor's language. String filters
    (``|linebreaksbr``, ``|truncatewords``) see plain text; ``plain`` gives it for
    ``<title>`` and attributes.
    """

    lang: str = ORIGINAL_LANGUAGE
    fallback: bool = False

    def __new__(cls, text: str, lang: str, fallback: bool):
        value = super().__new__(cls, text or "")
        value.lang = lang
        value.fallback = fallback and bool(value)
        return value

    @property
    def plain(self) -> str:
        return str(self)

    def __html__(self):
        if not self.fallback:
            return format_html("{}", str(self))
        return format_html(
            '<span lang="{}">{}</span> <small class="fallback-notice">({})</small>',
            self.lang,
            str(self),
            gettext("only in Swedish"),
        )


def translated(instance, name: str, language: str | None = None) -> Translated:
    """``instance``'s ``name`` in ``language`` (the active one), else its Swedish original."""
    code = language or active_content_language()
    original = getattr(instance, name) or ""
    if code == ORIGINAL_LANGUAGE:
        return Translated(original, ORIGINAL_LANGUAGE, False)
    if code in translation_languages():
        text = getattr(instance, f"{name}_{code}") or ""
        if text.strip():
            return Translated(text, code, False)
    return Translated(original, ORIGINAL_LANGUAGE, True)


class Translations:
    """``instance.tr``: the translatable fields of one row in the active language."""

    __slots__ = ("_instance",)

    def __init__(self, instance):
        self._instance = instance

    def __getattr__(self, name: str) -> Translated:
        if name.startswith("_") or name not in type(self._instance).translated_fields:
            raise AttributeError(name)
        return translated(self._instance, name)

    def __getitem__(self, name: str) -> Translated:
        try:
            return self.__getattr__(name)
        except AttributeError as exc:
            raise KeyError(name) from exc


class TranslatedModel:
    """Mixin for a model with translatable fields, named in ``translated_fields``."""

    translated_fields: tuple[str, ...] = ()

    @property
    def tr(self) -> Translations:
        return Translations(self)

    def translation_columns(self) -> list[str]:
        return with_translations(self.translated_fields)
