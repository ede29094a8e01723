"""Markdown that officials write (insatser, minutes, lägesbilder) turned into safe HTML.

Public pages render text that any group member can save, so the renderer must stay fast on
hostile input: markdown-it-py parses CommonMark in time linear in the text (Python-Markdown,
used before, is quadratic on a run of `[`). `benchmarks/markdown.py` measures the worst cases.
nh3 then removes everything outside a small allow-list, so raw HTML in the text is harmless.
"""

import hashlib

import nh3
from django.core.cache import caches
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from markdown_it import MarkdownIt

# Bump when the parser options or the allow-list change, so no page serves HTML cached
# from the old rules.
RENDERER_VERSION = "1"

# The longest Markdown field (Mote.minutes and the lägesbild parts) holds this many
# characters. Forms refuse longer text, but rows written another way (an import, a restore
# of an old version, the database itself) are cut here so they cannot stall a page.
RENDER_CAP = 50_000

# Keys name the text's content, so an entry never goes stale; the timeout only frees memory.
CACHE_TIMEOUT = 60 * 60 * 24 * 7

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}

# Raw HTML stays enabled, as with Python-Markdown: nh3 keeps the text of tags it removes,
# so an allowed tag such as <br> in a table cell keeps working and the rest is dropped.
_parser = MarkdownIt("commonmark").enable("table")
# markdown-it would leave a link to a refused scheme as its literal source, so that
# "[Klicka här](javascript:…)" showed the script as text. Let every link through instead:
# nh3's url_schemes removes the href and keeps the link text, as it did with Python-Markdown.
_parser.validateLink = lambda url: True


def render_uncached(text: str) -> str:
    """Markdown to sanitised HTML: scripts, styles, events and foreign schemes are removed."""
    return nh3.clean(
        _parser.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def cache_key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"rich_text:{RENDERER_VERSION}:{digest}"


def render(text: str | None) -> SafeString:
    """The HTML for one version of a text, from the cache when this version was seen before."""
    text = text or ""
    if not text:
        return mark_safe("")
    truncated = len(text) > RENDER_CAP
    if truncated:
        text = text[:RENDER_CAP]
    key = cache_key(text)
    cache = caches["local"]
    html = cache.get(key)
    if html is None:
        html = render_uncached(text)
        cache.set(key, html, CACHE_TIMEOUT)
    if truncated:
        # Outside the cache: the notice is in the reader's language.
        html += format_html(
            '<p class="text-body-secondary"><em>{}</em></p>',
            gettext("The text is longer than %(limit)s characters; only the beginning is shown.")
            % {"limit": number_format(RENDER_CAP, force_grouping=True)},
        )
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 in render_uncached
