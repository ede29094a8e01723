"""Markdown renders the same as before, in time linear in the text, and never stalls a page."""

import io
import re
import sys
import tomllib
from pathlib import Path

import markdown
import nh3
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from benchmarks.markdown import WORST_CASES
from lagesbild.models import Lagesbild
from organisation import rich_text
from organisation.models import Beslut, Mote
from organisation.rich_text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, RENDER_CAP
from organisation.templatetags.rich_text import render_markdown
from samverkan.models import Insats
from tests.factories import InsatsFactory, MoteFactory

# Every field a template or feed renders with the `markdown` filter.
MARKDOWN_FIELDS = [
    (Insats, "description"),
    (Mote, "minutes"),
    (Lagesbild, "kartlaggning"),
    (Lagesbild, "ovrig_information"),
    (Lagesbild, "analys"),
    (Lagesbild, "public_summary"),
]

NO_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


class BudgetExceeded(Exception):
    pass


def count_calls(function, *args, budget=None):
    """Python and C function calls made by `function(*args)`: a measure of work that, unlike
    time, does not depend on what else the machine is doing. Stops once over `budget`."""
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1
            if budget is not None and calls > budget:
                raise BudgetExceeded(f"more than {budget} calls")

    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return calls


def python_markdown(text):
    """The renderer the portal used before: Python-Markdown, then the same nh3 allow-list."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


BLOCK_TAG = re.compile(
    r"\s*(</?(?:p|ul|ol|li|blockquote|pre|h2|h3|h4|hr|br|table|thead|tbody|tr|th|td)>)\s*"
)


def normalised(html):
    """Whitespace collapsed, and dropped next to block tags where a browser ignores it."""
    return BLOCK_TAG.sub(r"\1", re.sub(r"\s+", " ", str(html))).strip()


def _toml_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _toml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _toml_strings(item)


def demo_texts():
    """Every Markdown text `load_demo` writes, and every text in the shipped TOML files."""
    texts = set()
    for model, field in MARKDOWN_FIELDS:
        texts.update(model.objects.exclude(**{field: ""}).values_list(field, flat=True))
    for path in sorted(Path(django_settings.BASE_DIR).glob("*/data/*.toml")):
        texts.update(_toml_strings(tomllib.loads(path.read_text(encoding="utf-8"))))
    return sorted(text for text in texts if text.strip())


# ---------------------------------------------------------------------------
# Existing content


@pytest.mark.django_db
def test_every_demo_text_renders_as_it_did_with_python_markdown(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    texts = demo_texts()
    assert len(texts) > 50, "the demo data should give many texts to compare"
    assert any("<table>" in python_markdown(text) for text in texts), "a demo table"

    differences = [
        (text[:60], normalised(python_markdown(text)), normalised(render_markdown(text)))
        for text in texts
        if normalised(python_markdown(text)) != normalised(render_markdown(text))
    ]

    assert differences == []


# Where CommonMark reads text differently from Python-Markdown. None occurs in the demo data;
# each is text officials may have typed, and each now renders what the author evidently meant
# (or looks the same), so these are accepted. (text, what is rendered now, why it is fine)
KNOWN_DIFFERENCES = [
    (
        "Vi gjorde:\n- vandring\n- möte",
        "<p>Vi gjorde:</p><ul><li>vandring</li><li>möte</li></ul>",
        "a list right after a paragraph line was run into the paragraph with its dashes",
    ),
    (
        "Deltagare:\n| Organ | Antal |\n|---|---|\n| Polisen | 2 |",
        "<p>Deltagare:</p><table><thead><tr><th>Organ</th><th>Antal</th></tr></thead>"
        "<tbody><tr><td>Polisen</td><td>2</td></tr></tbody></table>",
        "likewise a table right after a paragraph line, shown before as pipes and dashes",
    ),
    (
        "- Hulta\n  - Sjöbo\n- Norrby",
        "<ul><li>Hulta<ul><li>Sjöbo</li></ul></li><li>Norrby</li></ul>",
        "a sub-list indented by two spaces was flattened; it now nests as written",
    ),
    (
        "1. Belysning\n- Buskage",
        "<ol><li>Belysning</li></ol><ul><li>Buskage</li></ul>",
        "a dash after a numbered item was run into the item",
    ),
    (
        "- Punkt\n\n  Mer om punkten\n- Nästa",
        "<ul><li><p>Punkt</p><p>Mer om punkten</p></li><li><p>Nästa</p></li></ul>",
        "a continued item indented by two spaces ended the list",
    ),
    (
        "1) Ett\n2) Två",
        "<ol><li>Ett</li><li>Två</li></ol>",
        "items numbered with a parenthesis are a list in CommonMark",
    ),
    (
        "```\nkod\n```",
        "<pre><code>kod </code></pre>",
        "a fenced block was shown as inline code on one line",
    ),
    (
        "***båda***",
        "<p><em><strong>båda</strong></em></p>",
        "strong inside emphasis instead of the reverse: looks the same",
    ),
]


@pytest.mark.parametrize(("text", "html", "why"), KNOWN_DIFFERENCES)
def test_text_that_commonmark_reads_differently_renders_as_meant(text, html, why):
    assert normalised(render_markdown(text)) == html
    assert normalised(python_markdown(text)) != html, f"no longer a difference: {why}"


# ---------------------------------------------------------------------------
# Hostile text


@pytest.mark.parametrize("case", sorted(WORST_CASES))
def test_rendering_work_grows_linearly_with_the_length_of_hostile_text(case, settings):
    """Four times the text may cost at most six times the calls; quadratic parsing costs 16."""
    settings.CACHES = NO_CACHE
    short = count_calls(render_markdown, WORST_CASES[case](2_500))

    count_calls(render_markdown, WORST_CASES[case](10_000), budget=6 * short)


@pytest.mark.django_db
def test_published_insats_of_20000_brackets_renders_on_the_anonymous_page(client, settings):
    settings.CACHES = NO_CACHE
    insats = InsatsFactory(published=True, description="[" * 20_000)
    response = None

    def get_page():
        nonlocal response
        response = client.get(insats.get_absolute_url())

    # The page's whole work, Markdown included, within a linear budget per character;
    # Python-Markdown needed over 60 000 calls per character for this text.
    count_calls(get_page, budget=1_000 * 20_000)

    assert response.status_code == 200
    assert "[[[[[[[[[[" in response.content.decode()


# ---------------------------------------------------------------------------
# Length limits


@pytest.mark.parametrize(
    ("model", "field"), MARKDOWN_FIELDS, ids=lambda v: getattr(v, "__name__", v)
)
def test_every_markdown_field_is_limited_to_what_the_renderer_shows_in_full(model, field):
    max_length = model._meta.get_field(field).max_length

    assert max_length is not None
    assert max_length <= RENDER_CAP


def _minutes_data(minutes):
    return {
        "minutes": minutes,
        "attended_by": [],
        "beslut-TOTAL_FORMS": "1",
        "beslut-INITIAL_FORMS": "0",
        "beslut-MIN_NUM_FORMS": "0",
        "beslut-MAX_NUM_FORMS": "1000",
        "beslut-0-text": "Fritidsförvaltningen ordnar fler trygghetsvandringar.",
        "beslut-0-responsible": "",
        "beslut-0-due_date": "",
    }


def test_minutes_over_50000_characters_are_refused_and_nothing_is_saved(client, forum, member):
    mote = MoteFactory(forum=forum, minutes="Tidigare anteckningar.")
    client.force_login(member)

    response = client.post(
        reverse("organisation:mote_minutes", args=[mote.pk]), _minutes_data("a" * 50_001)
    )

    assert response.status_code == 200
    message = response.context["form"].errors["minutes"][0]
    assert "50000" in message and "tecken" in message
    assert escape(message) in response.content.decode()
    mote.refresh_from_db()
    assert mote.minutes == "Tidigare anteckningar."
    assert Beslut.objects.count() == 0


def test_minutes_of_exactly_50000_characters_are_saved(client, forum, member):
    mote = MoteFactory(forum=forum, minutes="")
    client.force_login(member)

    response = client.post(
        reverse("organisation:mote_minutes", args=[mote.pk]), _minutes_data("a" * 50_000)
    )

    assert response.status_code == 302
    mote.refresh_from_db()
    assert len(mote.minutes) == 50_000


@pytest.mark.django_db
def test_an_over_long_row_already_stored_shows_its_beginning_and_a_notice(client):
    # Written past the form, as an import or the database itself could.
    insats = InsatsFactory(
        published=True, description="Början av texten.\n\n" + "a " * 30_000 + "SLUTORDET"
    )

    html = client.get(insats.get_absolute_url()).content.decode()

    assert "Början av texten." in html
    assert "Texten är längre än 50\xa0000 tecken; bara början visas." in html
    assert "SLUTORDET" not in html


# ---------------------------------------------------------------------------
# Cache


@pytest.mark.django_db
def test_each_version_of_a_text_is_parsed_once_and_an_edit_shows_at_once(
    client, settings, monkeypatch
):
    settings.CACHES = {
        **settings.CACHES,
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-rich-text",
        },
    }
    parsed = []
    parse = rich_text.render_uncached
    monkeypatch.setattr(
        rich_text, "render_uncached", lambda text: parsed.append(text) or parse(text)
    )
    insats = InsatsFactory(published=True, description="Första **versionen**")

    client.get(insats.get_absolute_url())
    client.get(insats.get_absolute_url())
    insats.description = "Andra **versionen**"
    insats.save()
    html = client.get(insats.get_absolute_url()).content.decode()

    assert "Andra <strong>versionen</strong>" in html
    assert "Första" not in html
    assert parsed == ["Första **versionen**", "Andra **versionen**"]
