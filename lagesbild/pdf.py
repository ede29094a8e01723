"""The annual report as a tagged PDF, rendered by WeasyPrint without any network.

Live prints are PDF/UA-1. Submitted versions are archival: PDF/A-3a, the level of PDF/A
that requires the tagged structure too, so the stored copy stays accessible.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lagesbild.rapport import ReportData

# The document's base URL. The .invalid top-level domain never resolves, and the fetcher
# below answers only for the static files under it, so nothing is ever fetched from a host.
PDF_BASE_URL = "https://rapport.invalid/"

LIVE_VARIANT = "pdf/ua-1"
ARCHIVAL_VARIANT = "pdf/a-3a"


def pdf_static_base() -> str:
    return PDF_BASE_URL + settings.STATIC_URL.lstrip("/")


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves the project's own static files to WeasyPrint and refuses every other URL.

    Without it WeasyPrint would follow http(s), ftp and file URLs found in the HTML, so
    text from the database could make the server read its own files or call other hosts.
    """

    def fetch(self, url, headers=None):
        prefix = pdf_static_base()
        if not url.startswith(prefix):
            raise ValueError(f"The report fetches only its own static files, not {url}")
        relative = unquote(urlsplit(url).path)[len(urlsplit(prefix).path) :]
        try:
            path = finders.find(relative) if relative else None
        except SuspiciousFileOperation as exc:
            raise ValueError(f"Not a static file: {url}") from exc
        if not path:
            raise FileNotFoundError(f"No static file {relative}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(path).read_bytes(), headers={"Content-Type": content_type}
        )


def render_html_to_pdf(html: str, *, archival: bool = False) -> bytes:
    """Any HTML to a tagged A4 PDF, fetching static files only."""
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnlyFetcher())
    return document.write_pdf(
        pdf_variant=ARCHIVAL_VARIANT if archival else LIVE_VARIANT, pdf_tags=True
    )


def render_report_pdf(report: ReportData, *, archival: bool = False) -> bytes:
    with translation.override("sv"):
        html = render_to_string(
            "lagesbild/rapport/document.html",
            {"report": report, "pdf": True, "static_base": pdf_static_base()},
        )
    return render_html_to_pdf(html, archival=archival)
