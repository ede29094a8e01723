"""Every message the portal shows starts with a capital letter, in Swedish as in English."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
APPS = ["organisation", "samverkan", "lagesbild"]
MESSAGE_CALLS = {"success", "error", "warning", "info", "add_message", "message_user"}
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n?)+)+)', re.M
)
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _text(block: str) -> str:
    return "".join(STRING.findall(block))


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and not text[0].isupper()


def test_a_msgid_with_a_capital_has_a_swedish_text_with_a_capital():
    wrong = []
    for msgid, msgstrs in ENTRY.findall(PO.read_text(encoding="utf-8")):
        source = _text(msgid)
        for msgstr in re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', msgstrs):
            if source[:1].isupper() and _starts_lower(_text(msgstr)):
                wrong.append((source, _text(msgstr)))

    assert wrong == []


def _message_texts():
    """(place, msgid) of every message given to the messages framework or message_user."""
    for app in APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name not in MESSAGE_CALLS:
                    continue
                for argument in node.args:
                    while isinstance(argument, ast.BinOp):  # _("…%(n)s…") % {...}
                        argument = argument.left
                    called = isinstance(argument, ast.Call) and argument.args
                    if called and getattr(argument.func, "id", None) in GETTEXT:
                        first = argument.args[0]
                        if isinstance(first, ast.Constant) and isinstance(first.value, str):
                            yield (
                                f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}",
                                first.value,
                            )


def test_every_message_to_the_user_starts_with_a_capital_letter():
    texts = list(_message_texts())
    with translation.override("sv"):
        wrong = [
            (place, msgid)
            for place, msgid in texts
            if _starts_lower(msgid) or _starts_lower(translation.gettext(msgid))
        ]

    assert len(texts) > 30  # the scan finds the messages at all
    assert wrong == []
