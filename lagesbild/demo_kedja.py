"""The demo's chain from lägesbild to follow-up, from ``data/kedja_demo.toml`` (example data).

Positions on the problems of the fastställda lägesbilder (loaded before the new version is
made, so the version carries them), targets for the åtgärdsplan's effect indicators and a
document cited by a problem of the draft version. Loading twice changes nothing.
"""

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from lagesbild.models import Atgard, Lagesbild, LagesbildDokument, Stallningstagande, Underlag
from organisation.models import Organ

DEMO_FILE = Path(__file__).resolve().parent / "data" / "kedja_demo.toml"


def _read(path: Path = DEMO_FILE) -> dict:
    with open(path, "rb") as handle:
        return tomllib.load(handle, parse_float=Decimal)


def _kommun_lagesbild(year: int, *, version: int = 1) -> Lagesbild | None:
    return Lagesbild.objects.filter(
        title=f"Lägesbild Borås Stad {year}", scope=Lagesbild.Scope.KOMMUN, version=version
    ).first()


def load_demo_positions(*, path: Path = DEMO_FILE) -> int:
    """Positions on the fastställda kommun lägesbilders' problems; returns how many exist."""
    this_year = timezone.localdate().year
    organ = {o.slug: o for o in Organ.objects.all()}
    for entry in _read(path)["position"]:
        year = this_year + entry["lagesbild_year_offset"]
        lagesbild = _kommun_lagesbild(year)
        problem = lagesbild and lagesbild.problems.filter(title=entry["problem"]).first()
        if problem is None or Stallningstagande.objects.filter(problem=problem).exists():
            continue
        month, day = (int(part) for part in entry["decided"].split("-"))
        position = Stallningstagande(
            problem=problem,
            kind=entry["kind"],
            reason=entry.get("reason", ""),
            other_actor=organ.get(entry.get("other_actor", "")),
            decided_on=min(date(year + 1, month, day), timezone.localdate()),
        )
        position.full_clean()
        position.save()
    return Stallningstagande.objects.count()


def load_demo_targets(*, path: Path = DEMO_FILE) -> None:
    """Effect indicators with baseline and target on this year's demo plan's measures."""
    from lagesbild.models import Indikator
    from samverkan.models import Omrade

    this_year = timezone.localdate().year
    for entry in _read(path)["target"]:
        atgard = Atgard.objects.filter(
            atgardsplan__title=f"Åtgärdsplan Borås Stad {this_year}",
            insats__slug=entry["insats"],
            indikator__isnull=True,
        ).first()
        indikator = Indikator.objects.filter(code=entry["indikator"]).first()
        if atgard is None or indikator is None:
            continue
        atgard.indikator = indikator
        atgard.indikator_omrade = Omrade.objects.filter(slug=entry.get("omrade", "")).first()
        atgard.baseline = entry["baseline"]
        atgard.baseline_year = this_year + entry["baseline_year_offset"]
        atgard.target = entry["target"]
        atgard.target_year = this_year + entry["target_year_offset"]
        atgard.full_clean()
        atgard.save()


def load_demo_documents(*, path: Path = DEMO_FILE) -> None:
    """A small PDF attached to the draft version and cited by one of its problems."""
    from weasyprint import HTML

    this_year = timezone.localdate().year
    for entry in _read(path)["dokument"]:
        draft = _kommun_lagesbild(this_year + entry["lagesbild_year_offset"], version=2)
        if draft is None or draft.dokument.filter(title=entry["title"]).exists():
            continue
        problem = draft.problems.filter(title=entry["cite"]).first()
        html = f"<html lang='sv'><body><h1>{escape(entry['title'])}</h1>"
        html += f"<p>{escape(entry['text'])}</p></body></html>"
        pdf = HTML(string=html).write_pdf()
        dokument = LagesbildDokument(
            lagesbild=draft,
            title=entry["title"],
            original_name="underlag-exempel.pdf",
            file_type="pdf",
            size=len(pdf),
        )
        dokument.file.save("underlag-exempel.pdf", ContentFile(pdf), save=False)
        dokument.save()
        if problem is not None:
            citation = Underlag(problem=problem, kind=Underlag.Kind.DOKUMENT, dokument=dokument)
            citation.full_clean()
            citation.save()
