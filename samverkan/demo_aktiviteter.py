"""The demo activities' practical details (organiser, contact, sign-up, accessibility), read
from ``samverkan/data/aktiviteter_demo.toml``: example data, like the rest of the demo.

All or nothing: every entry is checked (a known activity, organiser and choices, and the
model's own validation) before any row is written, and every problem is reported with the
entry it is in.
"""

import tomllib
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organisation.models import Organ
from samverkan.models import Aktivitet, Samverkansgrupp

DATA = Path(__file__).parent / "data" / "aktiviteter_demo.toml"
DETAILS = ["contact_email", "signup", "signup_how", "accessibility", "step_free"]


def _apply(aktivitet, entry) -> None:
    aktivitet.organiser_grupp = (
        Samverkansgrupp.objects.get(slug=entry["organiser_grupp"])
        if "organiser_grupp" in entry
        else None
    )
    aktivitet.organiser_organ = (
        Organ.objects.get(slug=entry["organiser_organ"]) if "organiser_organ" in entry else None
    )
    for name in DETAILS:
        setattr(aktivitet, name, entry.get(name, aktivitet._meta.get_field(name).get_default()))
    days = entry.get("signup_by_days_before")
    aktivitet.signup_by = (
        timezone.localdate(aktivitet.starts_at) - timedelta(days=days) if days else None
    )


def load_demo_aktivitet_details(path: Path = DATA) -> int:
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["aktivitet"]
    problems, ready = [], []
    for number, entry in enumerate(entries, start=1):
        place = f"{path.name}, aktivitet {number} ({entry.get('title', '?')})"
        aktivitet = Aktivitet.objects.filter(title=entry.get("title")).first()
        if aktivitet is None:
            problems.append(f"{place}: ingen demoaktivitet med den titeln")
            continue
        try:
            _apply(aktivitet, entry)
            aktivitet.full_clean()
        except (Organ.DoesNotExist, Samverkansgrupp.DoesNotExist):
            problems.append(f"{place}: okänd arrangör")
            continue
        except ValidationError as exc:
            problems.append(f"{place}: {'; '.join(exc.messages)}")
            continue
        ready.append(aktivitet)
    if problems:
        raise ValueError("\n".join(problems))
    with transaction.atomic():
        for aktivitet in ready:
            aktivitet.save()
    return len(ready)
