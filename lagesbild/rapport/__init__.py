"""Kommunstyrelsen's annual follow-up report: one module per section, registered in order."""

from lagesbild.rapport.context import Outcome, ReportContext, year_outcome
from lagesbild.rapport.document import (
    ReportData,
    Submission,
    build_report_data,
    checksum_of,
    report_years,
    year_is_reportable,
)
from lagesbild.rapport.registry import INTERNAL, PUBLIC, Section, TocEntry, section

__all__ = [
    "INTERNAL",
    "PUBLIC",
    "Outcome",
    "ReportContext",
    "ReportData",
    "Section",
    "Submission",
    "TocEntry",
    "build_report_data",
    "checksum_of",
    "report_years",
    "section",
    "year_is_reportable",
    "year_outcome",
]
