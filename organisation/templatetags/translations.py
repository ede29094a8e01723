"""Showing translatable content (organisation/translation.py) in its language."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def lang_attr(text) -> str:
    """` lang="sv"` on the element around a text that is the Swedish original instead."""
    if getattr(text, "fallback", False):
        return format_html(' lang="{}"', text.lang)
    return ""


@register.inclusion_tag("partials/translated_block.html")
def translated_block(text, rich: bool = False, css: str = ""):
    """A paragraph or Markdown block; a fallback is marked ``lang="sv"`` under a notice."""
    return {"text": text, "rich": rich, "css": css}
