"""Förslag till beslut: the analyst's proposal, the first chapter as in a tjänsteskrivelse.

The analyst's texts (``Arsbedomning``) are drafts until the year's report is submitted.
The internal edition prints a draft marked as such; the public edition prints the texts
only once submitted, and otherwise says that the assessment is being written.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagesbild.models import Arsbedomning
from lagesbild.rapport.context import ReportContext
from lagesbild.rapport.registry import section


@dataclass
class AnalystText:
    """What the report prints of the analyst's texts; empty strings when there are none."""

    written: bool
    draft: bool
    shown: bool
    proposal: str
    assessment: str
    conclusions: str


def analyst_text(context: ReportContext) -> AnalystText:
    text = Arsbedomning.objects.filter(year=context.year).first()
    if text is None:
        return AnalystText(False, True, False, "", "", "")
    shown = not (context.public and text.is_draft)
    return AnalystText(
        written=bool(text.proposal or text.assessment or text.conclusions),
        draft=text.is_draft,
        shown=shown,
        proposal=text.proposal if shown else "",
        assessment=text.assessment if shown else "",
        conclusions=text.conclusions if shown else "",
    )


@section("forslag", order=10, title=lambda: _("Proposal for decision"))
def build(context: ReportContext):
    return analyst_text(context)
