"""The sections (chapters) of the annual report, registered where they are written.

A section is one module: a builder that takes a ``ReportContext`` and returns the
section's plain data (dataclasses of str, int, bool, date and lists, never model
instances), and beside it an HTML template of the same name that renders that data in the
preview and in the PDF alike. The builder is registered with ``@section``::

    @section("moten", order=40, title=lambda: _("The forums' meetings"))
    def build(context): ...

The modules of this package are found by themselves, and any installed app may add a
section in a module named ``report_sections`` (found with Django's ``autodiscover_modules``),
so adding a chapter never means editing a central list. ``editions`` says in which edition
a section appears: a section registered for ``INTERNAL`` only is never built for the
public edition, so nothing of it can reach residents.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.template import engines
from django.utils.module_loading import autodiscover_modules

INTERNAL = "intern"
PUBLIC = "publik"
BOTH = (INTERNAL, PUBLIC)


@dataclass
class TocEntry:
    anchor: str
    title: str


@dataclass
class Section:
    """One chapter of the report: its anchor, heading and the data its template renders."""

    key: str
    title: str
    data: Any
    subsections: list[TocEntry] = field(default_factory=list)

    @property
    def template(self):
        return _SECTIONS[self.key].template


@dataclass(frozen=True)
class SectionSpec:
    key: str
    order: int
    title: Callable[[], str]
    editions: tuple[str, ...]
    build: Callable
    template_path: Path

    @property
    def template(self):
        return _load_template(self.template_path)


_SECTIONS: dict[str, SectionSpec] = {}


def section(key: str, *, order: int, title: Callable[[], str], editions=BOTH, template=None):
    """Register a builder as the report's section ``key``; ``order`` places it.

    The template defaults to the builder's module with ``.html`` for ``.py``. The builder
    returns the section's data, or ``(data, subsections)`` when it adds table-of-contents
    entries of its own.
    """
    unknown = set(editions) - set(BOTH)
    if unknown or not editions:
        raise ValueError(f"Unknown report editions {sorted(unknown)} for section {key}")

    def register(build):
        module = importlib.import_module(build.__module__)
        path = Path(template) if template else Path(module.__file__).with_suffix(".html")
        existing = _SECTIONS.get(key)
        if existing and existing.build.__module__ != build.__module__:
            raise ValueError(f"Two report sections are called {key}")
        _SECTIONS[key] = SectionSpec(key, order, title, tuple(editions), build, path)
        return build

    return register


@cache
def _load_template(path: Path):
    # Read once per process, like Django's cached template loader.
    return engines["django"].engine.from_string(path.read_text(encoding="utf-8"))


@cache
def _discover() -> None:
    package = importlib.import_module("lagesbild.rapport")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"lagesbild.rapport.{module.name}")
    autodiscover_modules("report_sections")


def sections_for(*, public: bool) -> list[SectionSpec]:
    """The registered sections of an edition, in the report's order."""
    _discover()
    edition = PUBLIC if public else INTERNAL
    return sorted(
        (spec for spec in _SECTIONS.values() if edition in spec.editions),
        key=lambda spec: (spec.order, spec.key),
    )


def build_section(spec: SectionSpec, context) -> Section:
    result = spec.build(context)
    data, subsections = result if isinstance(result, tuple) else (result, [])
    return Section(key=spec.key, title=str(spec.title()), data=data, subsections=subsections)
