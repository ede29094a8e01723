"""Appendix: how the figures are counted and where they come from."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from lagesbild.rapport.context import (
    ReportContext,
)
from lagesbild.rapport.registry import section


@dataclass
class AppendixData:
    public: bool
    first_day: date
    last_day: date


@section("bilaga", order=120, title=lambda: _("Appendix: about the data"))
def build(context: ReportContext):
    """How the figures are counted and where they come from."""
    return AppendixData(
        public=context.public, first_day=context.first_day, last_day=context.last_day
    )
