"""The demo years' reports print no text over text and no raw Markdown, in both editions."""

import pytest
from django.utils import timezone

from lagesbild.pdf import render_report_pdf
from lagesbild.rapport import build_report_data
from tests.lagesbild.rapport.pdf import overlapping_words, pdf_text


@pytest.mark.parametrize("public", [False, True], ids=["intern", "publik"])
@pytest.mark.parametrize("years_back", [0, 1], ids=["i-år", "i-fjol"])
def test_no_word_of_the_demo_report_is_printed_over_another(demo, public, years_back):
    year = timezone.localdate().year - years_back

    content = render_report_pdf(build_report_data(year=year, public=public))

    assert overlapping_words(content) == []
    text = pdf_text(content)
    assert "**" not in text
    # The forums' long names are there, wrapped within their column.
    assert "Drogpolitiska" in text


def test_the_overlap_check_finds_text_printed_over_text():
    from lagesbild.pdf import render_html_to_pdf

    html = (
        '<html lang="sv"><body style="font-family: DejaVu Sans">'
        '<p style="position: absolute; top: 10mm; left: 10mm">Brottsförebyggande</p>'
        '<p style="position: absolute; top: 10mm; left: 14mm">Fokusmöte</p></body></html>'
    )

    assert overlapping_words(render_html_to_pdf(html))
